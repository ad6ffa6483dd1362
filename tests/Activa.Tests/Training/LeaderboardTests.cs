using Activa.Data;
using Activa.Training;

namespace Activa.Tests.Training;

[Collection("GlobalSettings")]
public class LeaderboardTests
{
    [Fact]
    public void RanksActivationsByMeanTestAccuracyOverSeeds()
    {
        var train = Synthetic.Spirals(samplesPerArm: 150, seed: 0);
        var test = Synthetic.Spirals(samplesPerArm: 50, seed: 1);
        var options = new LeaderboardOptions
        {
            Activations = ["identity", "tanh"], Hidden = [32, 32], Seeds = 2,
            Train = new TrainOptions { Epochs = 20, BatchSize = 32, Lr = 1e-2f, ValidationFraction = 0 },
        };
        var seen = new List<LeaderboardRun>();
        var runs = Leaderboard.Run(options, train, test, seen.Add);
        Assert.Equal(4, runs.Count);
        Assert.Equal(runs, seen);
        Assert.All(runs, r => Assert.Equal(20, r.History.Count));
        var rows = Leaderboard.Summarise(runs);
        Assert.Equal(["tanh", "identity"], rows.Select(r => r.Activation)); // a linear model cannot separate spirals
        var tanh = runs.Where(r => r.Activation == "tanh").Select(r => r.TestAccuracy).ToArray();
        Assert.Equal(tanh.Average(), rows[0].MeanAccuracy, 12);
        Assert.Equal(Math.Abs(tanh[0] - tanh[1]) / Math.Sqrt(2), rows[0].StdAccuracy, 12);
        Assert.True(rows[0].MeanAccuracy > 0.9, $"tanh reached {rows[0].MeanAccuracy:P1}");
        Assert.True(rows[1].MeanAccuracy < 0.7, $"identity reached {rows[1].MeanAccuracy:P1}");
    }

    [Fact]
    public void SamplesPerSecondIsTheMedianEpochSoThatJitWarmUpDoesNotCount()
    {
        static EpochMetrics Epoch(int i, double rate) => new(i, 1, 0.5, null, null, 1000 / rate, rate, 0);
        var run = new LeaderboardRun("relu", 0, 0.9, 0.3, [Epoch(1, 10), Epoch(2, 1000), Epoch(3, 1100)], 101.9, 10, new Activa.Nn.Sequential());
        Assert.Equal(1000, run.SamplesPerSecond);
        var even = run with { History = [Epoch(1, 10), Epoch(2, 1000), Epoch(3, 1100), Epoch(4, 1200)] };
        Assert.Equal(1050, even.SamplesPerSecond);
        Assert.Equal(0, (run with { History = [] }).SamplesPerSecond);
    }

    [Fact]
    public void SpecsSplitOutsideParenthesesAndUnknownNamesFail()
    {
        Assert.Equal(["relu", "elu(alpha=0.5, x=1)", "gelu"], LeaderboardOptions.SplitSpecs("relu, elu(alpha=0.5, x=1),gelu,"));
        var e = Assert.Throws<ArgumentException>(() => new LeaderboardOptions { Activations = ["relu", "gleu"] }.Validate());
        Assert.Contains("gelu", e.Message);
        Assert.Throws<ArgumentException>(() => new LeaderboardOptions { Seeds = 0 }.Validate());
    }
}
