using System.Text.Json;
using Activa.Cli;
using Activa.Data;
using Activa.IO;
using Activa.Kan;
using Activa.Training;

namespace Activa.Tests.Cli;

/// <summary>`activa kan fit / bases`, `activa train --model kan`, `activa plot --edges` run in-process.</summary>
[Collection("GlobalSettings")]
public sealed class KanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-kan-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Kan(params string[] args) => KanCommand.Create().Parse(args).Invoke();
    private static int Train(params string[] args) => TrainCommand.Create().Parse(args).Invoke();
    private static int Plot(params string[] args) => PlotCommand.Create().Parse(args).Invoke();

    [Fact]
    public void FitWritesARunWhoseEdgesPlot()
    {
        string run = Path.Combine(_dir, "fit");
        Assert.Equal(0, Kan("fit", "--formula", "x1*x2", "--width", "3", "--grid", "3,5", "--steps", "150", "--seeds", "2", "--quiet", "--out", run));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "fit.json")));
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("runs").GetArrayLength());
        Assert.Equal("bspline(grid=5, order=3)", root.GetProperty("basis").GetString());
        long kanParameters = root.GetProperty("kan_parameters").GetInt64();
        Assert.Equal(3 * 2 * 9 + 3 + 1 * 3 * 9 + 1, kanParameters); // [2, 3, 1] with 5 + 3 B-splines and a base per edge
        var checkpoint = Checkpoint.Load(Path.Combine(run, "checkpoint.safetensors"));
        Assert.Equal("kan", checkpoint.Config.Model);

        Assert.Equal(0, Plot(run, "--edges"));
        Assert.True(new FileInfo(Path.Combine(run, "edges.png")).Length > 1000);
        Assert.Equal(1, Plot(run));                 // training curves: a kan fit run has no epochs to draw
        Assert.Equal(1, Plot(run, "--activations")); // a KAN has no activation layer
    }

    [Theory]
    [InlineData("--formula", "exp(x1")]
    [InlineData("--formula", "x1", "--grid", "3,x")]
    [InlineData("--formula", "x1", "--seeds", "0")]
    [InlineData("--formula", "x1", "--basis", "nosuchbasis")]
    [InlineData("--formula", "x1", "--basis", "bspline(grid=4)", "--grid", "5")]
    [InlineData("--formula", "log(x1)")]
    public void BadFitOptionsExitWithOne(params string[] args) => Assert.Equal(1, Kan(["fit", .. args]));

    [Fact]
    public void BasesListsEveryRegisteredBasisWithItsOptions()
    {
        var table = KanCommand.BasesMarkdown();
        foreach (var e in KanBases.Entries)
        {
            Assert.Contains($"| {e.Name} |", table);
            Assert.Contains(string.Join(", ", e.Options), table);
        }
        Assert.Equal(0, Kan("bases"));
    }

    [Fact]
    public void TrainAKanWhoseCheckpointEvaluatesAsTrainedAndPlotsItsEdges()
    {
        string run = Path.Combine(_dir, "train");
        Assert.Equal(0, Train("--model", "kan", "--basis", "bspline(grid=4)", "--hidden", "8", "--data", "digits", "--epochs", "2",
            "--lr", "0.01", "--val-fraction", "0", "--out", run));
        var data = Checkpoint.Load(Path.Combine(run, "checkpoint.safetensors"));
        Assert.Equal("kan", data.Config.Model);
        Assert.Equal("bspline(grid=4)", data.Config.Basis);
        Assert.Equal([8], data.Config.Hidden);
        var model = data.Config.Build();
        model.LoadStateDict(data.Model);
        // the grids were moved to the (standardised) data before training, and the checkpoint keeps them
        var (lo, hi) = ((BSplineBasis)KanNetwork.Layers(model)[0].Basis).Range(10);
        Assert.NotEqual((-1f, 1f), (lo, hi));
        var (_, test) = Datasets.Load("digits");
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "test.json")));
        double accuracy = saved.RootElement.GetProperty("accuracy").GetDouble();
        Assert.Equal(accuracy, Trainer.Evaluate(model, test).Accuracy, 9);
        Assert.True(accuracy > 0.5, $"test accuracy {accuracy}");
        Assert.Equal(0, EvalCommand.Create().Parse(["--checkpoint", run]).Invoke());
        Assert.Equal(0, Plot(run, "--edges", "--max-edges", "6", "--out", Path.Combine(_dir, "edges.png")));
        Assert.True(File.Exists(Path.Combine(_dir, "edges.png")));
    }

    [Theory]
    [InlineData("--model", "kan", "--act", "gelu")]
    [InlineData("--model", "kan", "--dropout", "0.1")]
    [InlineData("--model", "kan", "--basis", "nosuchbasis")]
    [InlineData("--model", "kan", "--basis", "bspline(grid=0)")]
    [InlineData("--basis", "bspline")]
    [InlineData("--model", "transformer")]
    public void BadKanTrainOptionsExitWithOne(params string[] args) =>
        Assert.NotEqual(0, Train([.. args, "--data", "digits", "--epochs", "1", "--out", Path.Combine(Path.GetTempPath(), "activa-never-written")]));

    [Fact]
    public void EdgesOfAnMlpRunAreAClearError()
    {
        string run = Path.Combine(_dir, "mlp");
        Assert.Equal(0, Train("--hidden", "8", "--data", "digits", "--epochs", "1", "--val-fraction", "0", "--out", run));
        var error = new StringWriter();
        var old = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, Plot(run, "--edges"));
        }
        finally
        {
            Console.SetError(old);
        }
        Assert.Contains("no KAN layer", error.ToString());
    }
}
