using System.Text.Json;
using Activa.Cli;

namespace Activa.Tests.Sparsity;

/// <summary>`activa sparsify RUN --budget 1%` run in-process on a digits run.</summary>
[Collection("GlobalSettings")]
public sealed class SparsifyCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"activa-sparsify-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static int Sparsify(params string[] args) => SparsifyCommand.Create().Parse(args).Invoke();

    [Fact]
    public void WritesThresholdsThatKeepTheCalibrationLossWithinTheBudget()
    {
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, TrainCommand.Create().Parse(["--data", "digits", "--hidden", "64,64", "--epochs", "4", "--batch", "32", "--val-fraction", "0.2", "--out", run]).Invoke());
        Assert.Equal(0, Sparsify(run, "--budget", "2%"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "sparsify.json")));
        var root = json.RootElement;
        Assert.Equal(0.02, root.GetProperty("budget").GetDouble(), 12);
        Assert.Equal(2, root.GetProperty("thresholds").GetArrayLength());
        var calibration = root.GetProperty("calibration");
        Assert.Equal(288, calibration.GetProperty("samples").GetInt32());                 // the run's 20 % validation split of 1,437
        Assert.True(calibration.GetProperty("loss").GetDouble() <= calibration.GetProperty("denseLoss").GetDouble() * 1.02 + 1e-9);
        Assert.True(calibration.GetProperty("sparsity").GetDouble() > calibration.GetProperty("denseSparsity").GetDouble());

        // The thresholded model is saved as a checkpoint whose config carries the thresholds: rebuilt from it, it gives
        // the test accuracy sparsify reported.
        var saved = Activa.IO.Checkpoint.Load(Path.Combine(run + "-sparse-2", "checkpoint.safetensors"));
        Assert.Equal(root.GetProperty("thresholds").EnumerateArray().Select(t => t.GetSingle()), saved.Config.ActivationThresholds!);
        var model = saved.Config.Build();
        model.LoadStateDict(saved.Model);
        var (_, test) = Activa.Data.Datasets.Load("digits");
        Assert.Equal(root.GetProperty("test").GetProperty("accuracy").GetDouble(), Activa.Training.Trainer.Evaluate(model, test).Accuracy, 9);
        Assert.Equal(0, EvalCommand.Create().Parse(["--checkpoint", run + "-sparse-2"]).Invoke());
    }

    [Fact]
    public void BadBudgetsAndMissingRunsExitWithAnError()
    {
        Assert.Equal(0.015, SparsifyCommand.ParseBudget("1.5%"), 12);
        Assert.Equal(0.01, SparsifyCommand.ParseBudget("0.01"), 12);
        Assert.Throws<ArgumentException>(() => SparsifyCommand.ParseBudget("-1%"));
        Assert.Throws<ArgumentException>(() => SparsifyCommand.ParseBudget("lots"));
        Assert.Equal(1, Sparsify(Path.Combine(_dir, "missing"), "--budget", "1%"));
        Assert.Equal(1, Sparsify(Path.Combine(_dir, "missing"), "--budget", "x"));
    }
}
