using System.Globalization;
using Activa.Cli;
using Activa.Data;
using Activa.Models;
using Activa.Training;

namespace Activa.Tests.Cli;

/// <summary>`activa analyze` in-process on tiny runs trained here: a classifier saved the way `activa train` saves it, a CTR
/// model trained on a file and forecasters, through their own commands.</summary>
[Collection("GlobalSettings")]
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) => AnalyzeCommand.Create().Parse(args).Invoke();

    private string TrainRun(string activation)
    {
        var (train, _) = Datasets.Load("digits");
        var (mean, std) = train.Statistics();
        var config = new ModelConfig
        {
            Inputs = 64, Hidden = [16, 12], Outputs = 10, Activation = activation, InputMean = mean, InputStd = std,
            ClassNames = train.ClassNames, Dataset = "digits",
        };
        string run = Path.Combine(_dir, activation);
        new Trainer(config, new TrainOptions { Epochs = 2, BatchSize = 64, Lr = 1e-2f, Seed = 3, ValidationFraction = 0 }, run).Fit(train);
        return run;
    }

    [Fact]
    public void WritesATableRowAndTwoHistogramsPerActivationLayer()
    {
        string run = TrainRun("relu");
        Assert.Equal(0, Run(run, "--batches", "1", "--batch-size", "100"));
        string dir = Path.Combine(run, "analysis");
        var rows = File.ReadAllLines(Path.Combine(dir, "analysis.csv"));
        Assert.Equal(AnalyzeCommand.CsvHeader, rows[0]);
        Assert.Equal(3, rows.Length);
        var header = rows[0].Split(',');
        var first = rows[1].Split(',');
        double Field(string[] row, string name) => double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        Assert.Equal("relu", first[1]);
        Assert.Equal(16, Field(first, "units"));
        Assert.Equal(100, Field(first, "samples")); // --batches 1 of 100 samples
        Assert.Equal(0, Field(first, "min"));
        Assert.InRange(Field(first, "zero"), 0.01, 0.99);
        // ReLU: AP's z ≤ 0 share and the share of exact zeros in the outputs coincide
        Assert.Equal(Field(first, "zero"), Field(first, "dynamic_dead"), 9);
        Assert.True(double.IsNaN(Field(first, "saturated")));
        Assert.Equal(12, Field(rows[2].Split(','), "units"));
        Assert.Equal(4, Directory.GetFiles(dir, "*.png").Length);
        foreach (var layer in rows[1..].Select(r => r.Split(',')[0].Replace('.', '-')))
            foreach (var side in new[] { "inputs", "outputs" })
            {
                var png = Path.Combine(dir, $"layer-{layer}-{side}.png");
                Assert.True(File.Exists(png), png);
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
            }
    }

    [Fact]
    public void ABoundedActivationGetsASaturationFigureAndTheWholeTestSplitByDefault()
    {
        string run = TrainRun("sigmoid");
        string outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, Run(run, "--out", outDir));
        var rows = File.ReadAllLines(Path.Combine(outDir, "analysis.csv"));
        var header = rows[0].Split(',');
        var first = rows[1].Split(',');
        var (_, test) = Datasets.Load("digits");
        Assert.Equal(test.Count, int.Parse(first[Array.IndexOf(header, "samples")], CultureInfo.InvariantCulture));
        Assert.InRange(double.Parse(first[Array.IndexOf(header, "saturated")], CultureInfo.InvariantCulture), 0, 1);
        Assert.Equal(0, double.Parse(first[Array.IndexOf(header, "zero")], CultureInfo.InvariantCulture)); // σ is never exactly 0 here
    }

    [Fact]
    public void BadOptionsAndMissingRunsExitWithOne()
    {
        Assert.Equal(1, Run(Path.Combine(_dir, "no-such-run")));
        string run = TrainRun("relu");
        Assert.Equal(1, Run(run, "--batches", "0"));
        Assert.Equal(1, Run(run, "--range", "-1"));
        Assert.Equal(1, Run(run, "--epsilon", "0"));
    }

    [Fact]
    public void ACtrModelTrainedOnAFileIsAnalysedOnItsTestSplit()
    {
        var text = new System.Text.StringBuilder("click,user,item,price\n");
        var g = new Random(2);
        for (int r = 0; r < 1500; r++)
        {
            int user = g.Next(30), item = g.Next(20);
            text.Append(CultureInfo.InvariantCulture, $"{(g.NextDouble() < (user % 3 == item % 3 ? 0.7 : 0.2) ? 1 : 0)},u{user},i{item},{g.NextDouble():F3}\n");
        }
        string csv = Path.Combine(_dir, "clicks.csv"), schema = Path.Combine(_dir, "clicks.json"), run = Path.Combine(_dir, "ctr");
        File.WriteAllText(csv, text.ToString());
        File.WriteAllText(schema, """
            { "label": { "column": "click" },
              "fields": [ { "kind": "categorical", "column": "user" }, { "kind": "categorical", "column": "item" }, { "kind": "numeric", "column": "price" } ] }
            """);
        Assert.Equal(0, CtrCommand.Create().Parse(["train", "--data", csv, "--schema", schema, "--model", "dnn", "--activation", "prelu", "--epochs", "1", "--out", run]).Invoke());
        Assert.Equal(0, Run(run));
        var rows = File.ReadAllLines(Path.Combine(run, "analysis", "analysis.csv"));
        Assert.Equal(3, rows.Length); // the DNN's two hidden activation layers
        Assert.All(rows[1..], r => Assert.Contains("prelu", r));
        var header = rows[0].Split(',');
        int samples = int.Parse(rows[1].Split(',')[Array.IndexOf(header, "samples")], CultureInfo.InvariantCulture);
        Assert.InRange(samples, 100, 400); // the test split of 1,500 rows
    }

    [Fact]
    public void ATsMixerForecasterIsAnalysedAndAPgnSaysItHasNoActivationLayer()
    {
        var text = new System.Text.StringBuilder("date,load\n");
        for (int t = 0; t < 400; t++) text.Append(CultureInfo.InvariantCulture, $"{new DateTime(2024, 1, 1).AddHours(t):yyyy-MM-dd HH:mm:ss},{Math.Sin(t / 4.0):F4}\n");
        string csv = Path.Combine(_dir, "series.csv");
        File.WriteAllText(csv, text.ToString());
        string mixer = Path.Combine(_dir, "tsmixer"), pgn = Path.Combine(_dir, "pgn");
        int Train(string model, string run) => ForecastCommand.Create().Parse(["train", "--model", model, "--data", csv, "--input", "24", "--horizon", "12", "--epochs", "1", "--out", run]).Invoke();
        Assert.Equal(0, Train("tsmixer", mixer));
        Assert.Equal(0, Run(mixer));
        var rows = File.ReadAllLines(Path.Combine(mixer, "analysis", "analysis.csv"));
        Assert.True(rows.Length >= 3, "TSMixer's time and feature activations are probed");
        Assert.Equal(0, Train("pgn", pgn));
        Assert.Equal(1, Run(pgn));
    }

    [Fact]
    public void TrainWithProbesRecordsEachEpochAndAnalyzeDrawsTheCurves()
    {
        string run = Path.Combine(_dir, "probed");
        int Train(params string[] extra) => TrainCommand.Create().Parse(["--data", "digits", "--hidden", "16", "--batch", "64", "--lr", "1e-2", "--out", run, .. extra]).Invoke();
        Assert.Equal(0, Train("--epochs", "2", "--probe"));
        Assert.Equal(0, TrainCommand.Create().Parse(["--resume", run, "--epochs", "3", "--probe"]).Invoke());
        var epochs = ProbeRecord.Read(Path.Combine(run, ProbeRecord.FileName));
        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.InRange(e.DynamicDeadRate, 0.01, 0.99));   // ReLU: some pre-activations ≤ 0, not all
        Assert.Equal(0, Run(run, "--batches", "1"));
        Assert.True(File.Exists(Path.Combine(run, "analysis", "dead-neurons.png")));
        Assert.False(File.Exists(Path.Combine(run, "analysis", "sparsity-accuracy.png")));

        string pruned = Path.Combine(_dir, "pruned");
        Assert.Equal(0, PruneCommand.Create().Parse([run, "--method", "imp", "--target", "0.5", "--cycles", "2", "--out", pruned]).Invoke());
        Assert.Equal(0, Run(pruned, "--batches", "1"));
        var png = File.ReadAllBytes(Path.Combine(pruned, "analysis", "sparsity-accuracy.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(1, TrainCommand.Create().Parse(["--model", "kan", "--data", "digits", "--epochs", "1", "--probe", "--out", Path.Combine(_dir, "kan")]).Invoke());
    }
}
