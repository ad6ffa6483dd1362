using Activa.Data.Ctr.Features;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Nn;
using Activa.Tests.Ctr.Features;
using Activa.Tests.Ctr.Fields;
using Activa.Training;

namespace Activa.Tests.Training;

/// <summary>The pieces the epoch trainers share: early stopping (<see cref="BestEpoch{TEval}"/>) and the step loop's hooks.</summary>
[Collection("GlobalSettings")]
public class EpochLoopTests
{
    [Fact]
    public void BestEpochKeepsTheBestWeightsAndStopsAfterPatienceEpochsWithoutABetterOne()
    {
        var model = new Linear(2, 1, generator: new Generator(1));
        var best = new BestEpoch<double[]>(model, patience: 2, (a, b) => a[0] > b[0]);
        double[] scores = [0.5, 0.7, 0.6, 0.65];
        bool[] expected = [true, true, true, false]; // epoch 4 is the second without a better score than epoch 2's
        for (int epoch = 1; epoch <= scores.Length; epoch++)
        {
            model.Weight.Storage.AsSpan(0, 2).Fill(epoch);
            Assert.Equal(expected[epoch - 1], best.Continue(epoch, [scores[epoch - 1]]));
        }
        Assert.Equal(2, best.Epoch);
        Assert.Equal(0.7, best.Validation![0]);
        best.Restore();
        Assert.Equal([2f, 2f], model.Weight.ToArray());
    }

    [Fact]
    public void RestoreBeforeAnyEpochIsAnError()
    {
        var best = new BestEpoch<double[]>(new Linear(2, 1, generator: new Generator(1)), patience: 1, (a, b) => a[0] > b[0]);
        Assert.Throws<InvalidOperationException>(best.Restore);
    }

    [Fact]
    public void TheFieldTrainerRunsAfterStepAfterEveryOptimiserStep()
    {
        using var files = new TempFiles();
        var (csv, _) = ClickFile.Make(600, seed: 3, tail: 100);
        var spec = new CtrFileSpec { Data = files.Write(csv), Schema = files.Write(ClickFile.Schema, ".json") };
        var splits = CtrFileData.Split(spec);
        FeaturePipeline pipeline;
        using (var rows = splits.Train.Open()) pipeline = FeaturePipeline.Fit(CtrFileData.LoadSchema(spec), rows);
        var model = FieldCtrModel.Create("lr", new FieldLayout(pipeline), new CtrModelOptions(), seed: 5);
        int backwards = 0, steps = 0;
        var options = new FieldTrainOptions
        {
            Training = new CtrTrainOptions { Epochs = 2, BatchSize = 64, Patience = 5, Seed = 5, AfterBackward = _ => backwards++, AfterStep = () => steps++ },
            ShuffleBuffer = 256,
        };
        FieldCtrTrainer.Fit(model, pipeline, splits, options);
        Assert.True(steps > 0, "AfterStep was never called");
        Assert.Equal(backwards, steps);
    }
}
