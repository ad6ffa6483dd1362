using System.Globalization;
using System.Text;
using System.Text.Json;
using Activa.Cli;
using Activa.IO;
using Activa.Nn;
using Activa.Pruning;

namespace Activa.Tests.Pruning;

/// <summary>Pruning models trained by their own loops: <see cref="FineTunePruning"/>, and `activa prune` on CTR and forecasting runs.</summary>
[Collection("GlobalSettings")]
public sealed class PruneTrainedModelsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-prune-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Prune(params string[] args) => PruneCommand.Create().Parse(args).Invoke();

    [Fact]
    public void EachCycleReachesItsSparsityAndTheMasksHoldThroughTheCallersSteps()
    {
        var model = new Sequential(new Linear(10, 20, generator: new Generator(1)), new Act("relu"), new Linear(20, 3, generator: new Generator(2)));
        var options = new PruningOptions { TargetSparsity = 0.75, Cycles = 2 };
        var seen = new List<double>();
        var (masks, cycles) = FineTunePruning.Run(model, options, afterStep =>
        {
            // a "training step" that moves every weight, then the pruner's hook
            using (Tensor.NoGrad()) foreach (var p in model.Parameters()) p.CopyFrom(p.Add(Tensor.Full(p.Dims, 0.01f)));
            afterStep();
            seen.Add(PruningMasks.FromZeros(model).Sparsity);
            return 0.5;
        });
        Assert.Equal(2, cycles.Count);
        Assert.Equal(PruningOptions.SparsityAfterCycle(0.75, 2, 1), seen[0], 2);
        Assert.Equal(0.75, seen[1], 2);
        Assert.Equal(0.75, masks.Sparsity, 2);
        Assert.All(cycles, c => Assert.Equal(0.5, c.ValidationScore));
        Assert.Throws<ArgumentException>(() => FineTunePruning.Run(model, options with { RewindStep = 3 }, _ => 0));
    }

    [Fact]
    public void AForecasterIsPrunedAndFineTunedByCycles()
    {
        var text = new StringBuilder("date,load\n");
        for (int t = 0; t < 400; t++) text.Append(CultureInfo.InvariantCulture, $"{new DateTime(2024, 1, 1).AddHours(t):yyyy-MM-dd HH:mm:ss},{Math.Sin(t / 4.0):F4}\n");
        string csv = Path.Combine(_dir, "series.csv"), run = Path.Combine(_dir, "tsmixer"), output = Path.Combine(_dir, "pruned");
        File.WriteAllText(csv, text.ToString());
        Assert.Equal(0, ForecastCommand.Create().Parse(["train", "--model", "tsmixer", "--data", csv, "--input", "24", "--horizon", "12", "--epochs", "2", "--out", run]).Invoke());
        Assert.Equal(0, Prune(run, "--method", "imp", "--target", "0.6", "--cycles", "2", "--out", output));

        var (model, _) = ForecastCheckpoint.Load(Path.Combine(output, "checkpoint.safetensors"));
        Assert.Equal(0.6, PruningMasks.FromZeros(model).Sparsity, 2);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "pruning.json")));
        var root = report.RootElement;
        Assert.Equal(2, root.GetProperty("cycleResults").GetArrayLength());
        Assert.True(root.GetProperty("after").GetProperty("testMse").GetDouble() > 0);

        Assert.Equal(1, Prune(run, "--method", "ap+imp", "--out", Path.Combine(_dir, "ap")));
        Assert.Equal(1, Prune(run, "--rewind-step", "3", "--out", Path.Combine(_dir, "rewind")));
    }

    [Fact]
    public void ACtrModelIsPrunedOnceAndKeepsMostOfItsAuc()
    {
        string run = Path.Combine(_dir, "dnn"), output = Path.Combine(_dir, "dnn-pruned");
        Assert.Equal(0, CtrCommand.Create().Parse(["train", "--model", "dnn", "--epochs", "2", "--out", run]).Invoke());
        Assert.Equal(0, Prune(run, "--method", "magnitude", "--target", "0.5", "--out", output));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "pruning.json")));
        var root = report.RootElement;
        double before = root.GetProperty("before").GetProperty("testAuc").GetDouble(), after = root.GetProperty("after").GetProperty("testAuc").GetDouble();
        Assert.True(after > before - 0.02, $"AUC {before:F4} → {after:F4} after pruning half the Linear weights and one epoch of fine-tuning");
        var (model, _) = CtrCheckpoint.Load(Path.Combine(output, "checkpoint.safetensors"));
        Assert.Equal(0.5, PruningMasks.FromZeros(model).Sparsity, 2);
    }
}
