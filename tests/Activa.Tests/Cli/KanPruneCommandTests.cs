using System.Text.Json;
using Activa.Cli;
using Activa.Data;
using Activa.IO;
using Activa.Kan;
using Activa.Models;
using Activa.Training;

namespace Activa.Tests.Cli;

/// <summary>`activa kan prune` and `activa kan symbolic` in-process on a small KAN trained here on the spirals.</summary>
[Collection("GlobalSettings")]
public sealed class KanPruneCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-kan-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Prune(params string[] args) => KanPruneCommand.Create().Parse(args).Invoke();

    private static int Symbolic(params string[] args) => KanSymbolicCommand.Create().Parse(args).Invoke();

    private string TrainRun()
    {
        var (train, _) = Datasets.Load("spirals");
        var (mean, std) = train.Statistics();
        var config = new ModelConfig
        {
            Model = "kan", Basis = "bspline(grid=5)", Inputs = 2, Hidden = [6], Outputs = 2, InputMean = mean, InputStd = std, Dataset = "spirals",
        };
        string run = Path.Combine(_dir, "kan");
        new Trainer(config, new TrainOptions { Epochs = 8, BatchSize = 64, Lr = 2e-2f, Seed = 4, ValidationFraction = 0 }, run).Fit(train);
        return run;
    }

    private static (int Code, string Output) Capture(Func<int> command)
    {
        var saved = Console.Out;
        var text = new StringWriter();
        Console.SetOut(text);
        try
        {
            return (command(), text.ToString());
        }
        finally
        {
            Console.SetOut(saved);
        }
    }

    [Fact]
    public void PruneWritesASmallerCheckpointThatRebuildsFromItsConfigAndAReport()
    {
        string run = TrainRun();
        string outDir = Path.Combine(_dir, "pruned");
        var (code, output) = Capture(() => Prune(run, "--edge-threshold", "0.2", "--node-threshold", "0.95", "--samples", "500", "--out", outDir));
        Assert.Equal(0, code);
        Assert.Contains("parameters", output);
        Assert.Contains("test accuracy", output);
        var saved = Checkpoint.Load(Path.Combine(outDir, "checkpoint.safetensors"));
        Assert.Equal("kan", saved.Config.Model);
        Assert.Single(saved.Config.Hidden);
        Assert.InRange(saved.Config.Hidden[0], 1, 5); // only nodes within 5 % of the strongest are kept
        var model = saved.Config.Build();
        model.LoadStateDict(saved.Model);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "kan-pruning.json")));
        Assert.Equal(saved.Config.Hidden[0], report.RootElement.GetProperty("hiddenAfter")[0].GetInt32());
        Assert.Equal(6, report.RootElement.GetProperty("hiddenBefore")[0].GetInt32());
        Assert.Equal(500, report.RootElement.GetProperty("samples").GetInt32());
        Assert.True(report.RootElement.GetProperty("parametersAfter").GetInt64() < report.RootElement.GetProperty("parametersBefore").GetInt64());

        // the pruned run is a KAN run like any other: symbolic works on it and prints a formula when every edge counts
        var (symbolicCode, text) = Capture(() => Symbolic(outDir, "--top", "2", "--r2", "-1000", "--samples", "300"));
        Assert.Equal(0, symbolicCode);
        Assert.Contains("layer 0 edge 0→0", text);
        Assert.Contains("R²", text);
        Assert.Contains("y1 = ", text);
        Assert.Contains("y2 = ", text);
        Assert.Contains("x1", text);
    }

    [Fact]
    public void FineTuningAfterPruningKeepsZeroedEdgesAtZero()
    {
        string run = TrainRun();
        string once = Path.Combine(_dir, "once"), tuned = Path.Combine(_dir, "tuned");
        Assert.Equal(0, Prune(run, "--edge-threshold", "0.5", "--node-threshold", "0.3", "--out", once));
        Assert.Equal(0, Prune(run, "--edge-threshold", "0.5", "--node-threshold", "0.3", "--fine-tune-epochs", "2", "--out", tuned));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(tuned, "kan-pruning.json")));
        Assert.Equal(2, report.RootElement.GetProperty("fineTuneEpochs").GetInt32());
        Assert.InRange(report.RootElement.GetProperty("afterFineTuning").GetProperty("testAccuracy").GetDouble(), 0, 1);

        static (List<(int Layer, int Edge)> Zero, float[] Weights) Edges(string dir)
        {
            var saved = Checkpoint.Load(Path.Combine(dir, "checkpoint.safetensors"));
            Assert.True(saved.Progress.Pruned);
            var model = saved.Config.Build();
            model.LoadStateDict(saved.Model);
            var zero = new List<(int, int)>();
            var layers = KanNetwork.Layers(model);
            for (int l = 0; l < layers.Count; l++)
            {
                var w = layers[l].Weight.ToArray();
                int s = layers[l].EdgeWidth;
                for (int e = 0; e < w.Length / s; e++) if (w.AsSpan(e * s, s).IndexOfAnyExcept(0f) < 0) zero.Add((l, e));
            }
            return (zero, [.. layers.SelectMany(l => l.Weight.ToArray())]);
        }
        var (zeroBefore, weightsBefore) = Edges(once);
        var (zeroAfter, weightsAfter) = Edges(tuned);
        Assert.NotEmpty(zeroBefore);
        Assert.Equal(zeroBefore, zeroAfter);                 // the zeroed edges are still exactly zero after training
        Assert.NotEqual(weightsBefore, weightsAfter);        // while the others moved
        Assert.Equal(1, Prune(run, "--fine-tune-epochs", "-1", "--out", Path.Combine(_dir, "bad")));
    }

    [Fact]
    public void SymbolicSaysWhyThereIsNoFormulaWhenSomeEdgeIsNotSymbolic()
    {
        string run = TrainRun();
        var (code, text) = Capture(() => Symbolic(run, "--r2", "1", "--samples", "200", "--top", "1"));
        Assert.Equal(0, code);
        Assert.Contains("no formula", text);
        Assert.DoesNotContain("y1 = ", text);
    }

    [Fact]
    public void BadOptionsAndNonKanRunsExitWithOne()
    {
        string mlp = Path.Combine(_dir, "mlp.safetensors");
        var config = new ModelConfig { Inputs = 2, Hidden = [4], Outputs = 2, Dataset = "spirals" };
        Checkpoint.Save(mlp, new CheckpointData(config, config.Build().StateDict(), new Dictionary<string, Tensor>(), new TrainingProgress()));
        Assert.Equal(1, Prune(mlp));
        Assert.Equal(1, Symbolic(mlp));
        Assert.Equal(1, Prune(Path.Combine(_dir, "missing")));
        string kan = Path.Combine(_dir, "kan.safetensors");
        var kanConfig = config with { Model = "kan" };
        Checkpoint.Save(kan, new CheckpointData(kanConfig, kanConfig.Build().StateDict(), new Dictionary<string, Tensor>(), new TrainingProgress()));
        Assert.Equal(1, Prune(kan, "--edge-threshold", "1.5"));
        Assert.Equal(1, Prune(kan, "--samples", "0"));
        Assert.Equal(1, Symbolic(kan, "--top", "0"));
        Assert.Equal(1, Symbolic(kan, "--r2", "2"));
    }
}
