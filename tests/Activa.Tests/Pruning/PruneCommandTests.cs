using System.Text.Json;
using Activa.Cli;
using Activa.IO;
using Activa.Pruning;
using Activa.Training;
using Activa.Data;

namespace Activa.Tests.Pruning;

/// <summary>`activa prune` run in-process on a tiny digits run: the run folder it writes, and its errors.</summary>
public sealed class PruneCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-prune-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TrainedRun()
    {
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, TrainCommand.Create().Parse(["--data", "digits", "--hidden", "32", "--epochs", "4", "--batch", "32", "--lr", "3e-3", "--seed", "3", "--out", run]).Invoke());
        return run;
    }

    private static int Prune(params string[] args) => PruneCommand.Create().Parse(args).Invoke();

    [Fact]
    public void ImpWithRewindingWritesAPrunedCheckpointAndPerCycleResults()
    {
        string run = TrainedRun();
        string output = Path.Combine(_dir, "pruned");
        Assert.Equal(0, Prune(run, "--method", "imp", "--target", "0.8", "--cycles", "2", "--rewind-step", "5", "--epochs-per-cycle", "1", "--scope", "layer", "--out", output));

        var checkpoint = Checkpoint.Load(Path.Combine(output, "checkpoint.safetensors"));
        var model = checkpoint.Config.Build();
        model.LoadStateDict(checkpoint.Model);
        var masks = PruningMasks.FromZeros(model);
        foreach (var name in masks.Names) Assert.Equal(0.8, masks.SparsityOf(name), 2); // layer scope: every layer at 80 %

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "pruning.json")));
        var root = report.RootElement;
        Assert.Equal("imp", root.GetProperty("method").GetString());
        Assert.Equal(5, root.GetProperty("rewindStep").GetInt64());
        var cycles = root.GetProperty("cycleResults");
        Assert.Equal(2, cycles.GetArrayLength());
        Assert.Equal(1 - Math.Sqrt(0.2), cycles[0].GetProperty("targetSparsity").GetDouble(), 9);
        Assert.InRange(cycles[1].GetProperty("validationAccuracy").GetDouble(), 0.5, 1.0);
        Assert.InRange(root.GetProperty("testAccuracy").GetDouble(), 0.5, 1.0);
        Assert.Equal(0.8, cycles[1].GetProperty("layerSparsity").GetProperty("2.weight").GetDouble(), 2);

        // the pruned checkpoint is an ordinary one: eval reads it
        Assert.Equal(0, EvalCommand.Create().Parse(["--checkpoint", output]).Invoke());
    }

    [Fact]
    public void MagnitudeMethodPrunesOnceToTheTarget()
    {
        string run = TrainedRun();
        Assert.Equal(0, Prune(run, "--method", "magnitude", "--target", "0.5", "--epochs-per-cycle", "0"));
        string output = run + "-magnitude-50"; // the default output folder
        var checkpoint = Checkpoint.Load(Path.Combine(output, "checkpoint.safetensors"));
        var model = checkpoint.Config.Build();
        model.LoadStateDict(checkpoint.Model);
        Assert.Equal(0.5, PruningMasks.FromZeros(model).Sparsity, 4);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "pruning.json")));
        Assert.Equal(1, report.RootElement.GetProperty("cycleResults").GetArrayLength());

        // Resuming the pruned run trains further without reviving pruned weights, and stays marked as pruned.
        var checkpointPath = Path.Combine(output, "checkpoint.safetensors");
        var trainer = Trainer.Resume(checkpointPath, epochs: checkpoint.Progress.EpochsCompleted + 2);
        trainer.Fit(Datasets.Load("digits").Train);
        var resumed = Checkpoint.Load(checkpointPath);
        Assert.True(resumed.Progress.Pruned);
        var after = resumed.Config.Build();
        after.LoadStateDict(resumed.Model);
        Assert.Equal(0.5, PruningMasks.FromZeros(after).Sparsity, 4);
        Assert.NotEqual(checkpoint.Model["2.weight"].ToArray(), resumed.Model["2.weight"].ToArray());
    }

    [Fact]
    public void ApPlusImpPrunesWithBothStagesAndReportsTheDeadNeuronRate()
    {
        string run = TrainedRun();
        string output = Path.Combine(_dir, "ap");
        Assert.Equal(0, Prune(run, "--method", "ap+imp", "--target", "0.8", "--cycles", "2", "--rewind-step", "5", "--out", output));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "pruning.json")));
        var root = report.RootElement;
        var stages = root.GetProperty("stages");
        Assert.Equal("magnitude", stages[0].GetProperty("criterion").GetString());
        Assert.Equal("ap", stages[1].GetProperty("criterion").GetString());
        Assert.Equal(0.1, stages[1].GetProperty("share").GetDouble(), 9);
        Assert.Equal(0.8, root.GetProperty("sparsity").GetDouble(), 3);
        Assert.InRange(root.GetProperty("deadNeuronRate").GetDouble(), 0.0, 1.0);
        Assert.InRange(root.GetProperty("before").GetProperty("deadNeuronRate").GetDouble(), 0.0, 1.0);
    }

    [Fact]
    public void BadOptionsFail()
    {
        Assert.Throws<ArgumentException>(() => PruneCommand.CheckMethod("random"));
        Assert.Throws<ArgumentException>(() => PruneCommand.ApStages(1.0));

        string run = TrainedRun();
        string bad = Path.Combine(_dir, "bad");
        Assert.Equal(1, Prune(run, "--method", "ap+imp", "--ap-share", "0", "--out", bad));
        Assert.Equal(1, Prune(run, "--method", "magnitude", "--cycles", "3", "--out", bad));
        Assert.Equal(1, Prune(run, "--target", "1.5", "--out", bad));
        Assert.Equal(1, Prune(run, "--rewind-step", "100000", "--out", bad));
        Assert.Equal(1, Prune(Path.Combine(_dir, "missing"), "--out", bad));
        Assert.False(Directory.Exists(bad));
    }
}
