using Activa.Activations.Learnable;
using Activa.Data;
using Activa.Nn;
using Activa.Plots;
using Activa.Training;

namespace Activa.Tests.Plots;

public class LeaderboardPlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-lbplot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public void PlotsTheActivationsOfAModel()
    {
        var model = new Sequential(new Linear(2, 4), LearnableActivations.Create("pau", 4), new Linear(4, 4), new Act("gelu"));
        var path = Path.Combine(_dir, "model.png");
        LeaderboardPlot.SaveModelActivations(model, path);
        AssertPng(path);
        Assert.Throws<ArgumentException>(() => LeaderboardPlot.SaveModelActivations(new Sequential(new Linear(2, 2)), Path.Combine(_dir, "none.png")));
        Assert.Throws<ArgumentException>(() => LeaderboardPlot.SaveModelActivations(model, Path.Combine(_dir, "bad.gif")));
    }

    [Fact]
    public void PlotsLeaderboardCurvesAndShapes()
    {
        var data = Synthetic.Spirals(samplesPerArm: 30);
        var runs = Leaderboard.Run(new LeaderboardOptions
        {
            Activations = ["tanh", "pau"], Hidden = [8], Seeds = 1,
            Train = new TrainOptions { Epochs = 2, BatchSize = 16, ValidationFraction = 0 },
        }, data, data);
        LeaderboardPlot.SaveAccuracyCurves(runs, Path.Combine(_dir, "accuracy.png"));
        LeaderboardPlot.SaveShapes(runs, Path.Combine(_dir, "shapes.svg"));
        AssertPng(Path.Combine(_dir, "accuracy.png"));
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(_dir, "shapes.svg")).TrimStart().Replace("<?xml", "<svg"));
    }
}
