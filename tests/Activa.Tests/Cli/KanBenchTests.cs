using Activa.Cli;
using Activa.Data;
using Activa.Kan;
using Activa.Training;

namespace Activa.Tests.Cli;

/// <summary>The KAN leaderboard: a KAN per basis beside MLPs of the same parameter count (`activa bench --model kan`).</summary>
[Collection("GlobalSettings")]
public sealed class KanBenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-kan-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EachBasisGetsAKanAndMlpsOfItsParameterCountListedOnce()
    {
        var options = new LeaderboardOptions { Model = "kan", Bases = ["bspline(grid=5)", "bspline(grid=6)", "bspline(grid=5)"], Activations = ["relu", "gelu"], Hidden = [16] };
        var entries = options.Entries(64, 10);
        Assert.Equal(["kan bspline(grid=5)", "mlp relu 64-142-10", "mlp gelu 64-142-10", "kan bspline(grid=6)", "mlp relu 64-158-10", "mlp gelu 64-158-10", "kan bspline(grid=5)"],
            entries.Select(e => e.Name));
        var kan = entries[0].Config;
        Assert.Equal(("kan", "bspline(grid=5)"), (kan.Model, kan.Basis));
        long kanParameters = kan.Build().ParameterCount;
        Assert.Equal(16 * 64 * 9 + 16 + 10 * 16 * 9 + 10, kanParameters);
        long mlpParameters = entries[1].Config.Build().ParameterCount; // 75h + 10 at h = 142: 10,660
        Assert.Equal(11_866, entries[3].Config.Build().ParameterCount); // grid 6: 16·64·10 + 16 + 10·16·10 + 10
        Assert.Equal(11_860, entries[4].Config.Build().ParameterCount); // h = 158 beats 157 (11,785)
        Assert.True(Math.Abs(mlpParameters - kanParameters) <= (64 + 1 + 10) / 2, $"{mlpParameters} vs {kanParameters}");
        Assert.Equal(["relu", "gelu"], new LeaderboardOptions { Activations = ["relu", "gelu"] }.Entries(64, 10).Select(e => e.Name));
        Assert.Throws<ArgumentException>(() => (options with { Bases = ["nosuchbasis"] }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { Model = "rnn" }).Validate());
    }

    [Fact]
    public void AKanLeaderboardTrainsEveryEntryWithItsGridsOnTheData()
    {
        var data = Synthetic.Spirals(samplesPerArm: 60);
        var started = new List<Trainer>();
        var runs = Leaderboard.Run(new LeaderboardOptions
        {
            Model = "kan", Bases = ["bspline(grid=4)"], Activations = ["tanh"], Hidden = [6], Seeds = 1,
            Train = new TrainOptions { Epochs = 2, BatchSize = 32, ValidationFraction = 0 },
        }, data, data, starting: started.Add);
        Assert.Equal(["kan bspline(grid=4)", "mlp tanh 2-40-2"], runs.Select(r => r.Activation)); // kan 2·6·8+6 + 6·2·8+2 = 200, mlp 5h+2 = 202
        var kan = KanNetwork.Layers(started[0].Model);
        Assert.Equal(2, kan.Count);
        Assert.NotEqual((-1f, 1f), ((BSplineBasis)kan[1].Basis).Range(0)); // the hidden layer's grid was moved to what it sees
        Assert.All(runs, r => Assert.InRange(r.TestAccuracy, 0, 1));
    }

    [Fact]
    public void BenchWithModelKanWritesATableWithAModelColumn()
    {
        string outDir = Path.Combine(_dir, "board");
        int code = BenchCommand.Create().Parse(["--model", "kan", "--basis", "bspline(grid=3)", "--data", "digits", "--hidden", "8", "--epochs", "1", "--seeds", "1", "--out", outDir]).Invoke();
        Assert.Equal(0, code);
        var table = File.ReadAllText(Path.Combine(outDir, "leaderboard.md"));
        Assert.StartsWith("| # | model |", table);
        Assert.Contains("kan bspline(grid=3)", table);
        Assert.Contains("mlp relu 64-", table);
        Assert.Equal(1, BenchCommand.Create().Parse(["--basis", "bspline", "--data", "digits", "--out", outDir]).Invoke()); // --basis needs --model kan
    }
}
