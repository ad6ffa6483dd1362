using Activa.Data;
using Activa.IO;
using Activa.Kan;
using Activa.Models;
using Activa.Training;

namespace Activa.Tests.Kan;

/// <summary>Grid updates during KAN training (<see cref="TrainOptions.GridUpdateEpochs"/>).</summary>
[Collection("GlobalSettings")]
public sealed class KanTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-kan-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ModelConfig Config = new() { Model = "kan", Inputs = 64, Hidden = [8], Outputs = 10, Basis = "bspline(grid=5)", Dataset = "digits" };

    private Trainer Train(string name, int epochs, int updates)
    {
        var (train, _) = Datasets.Load("digits");
        var trainer = new Trainer(Config, new TrainOptions { Epochs = epochs, BatchSize = 64, Lr = 3e-3f, Seed = 2, ValidationFraction = 0, GridUpdateEpochs = updates }, Path.Combine(_dir, name));
        KanDataGrids.Fit(trainer.Model, train, seed: 2);
        trainer.Fit(train);
        return trainer;
    }

    private static float[] HiddenKnots(Trainer t) => ((BSplineBasis)KanNetwork.Layers(t.Model)[1].Basis).Knots.ToArray();

    [Fact]
    public void GridsMoveAfterTheFirstEpochsAndAResumedRunMovesThemTheSameWay()
    {
        var still = Train("still", 2, 0);
        var moved = Train("moved", 2, 2);
        Assert.NotEqual(HiddenKnots(still), HiddenKnots(moved));

        var (train, _) = Datasets.Load("digits");
        var half = Train("half", 1, 2);
        var resumed = Trainer.Resume(half.CheckpointPath!, epochs: 2);
        resumed.Fit(train);
        Assert.Equal(HiddenKnots(moved), HiddenKnots(resumed));
        var a = Checkpoint.Load(moved.CheckpointPath!).Model;
        var b = Checkpoint.Load(resumed.CheckpointPath!).Model;
        foreach (var (name, tensor) in a) Assert.Equal(tensor.ToArray(), b[name].ToArray());
    }

    [Fact]
    public void ANegativeCountIsAnError() =>
        Assert.Throws<ArgumentException>(() => new TrainOptions { GridUpdateEpochs = -1 }.Validate());
}
