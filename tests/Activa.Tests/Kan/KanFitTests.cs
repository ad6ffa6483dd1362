using Activa.Kan;

namespace Activa.Tests.Kan;

public class KanFitTests
{
    [Fact]
    public void OnTheKanPapersFirstToyFormulaTheKanBeatsTheMlpOfEqualParameters()
    {
        // The KAN paper's exp(sin(πx1) + x2²) (§3.1): KAN [2, 5, 1], grid 3 → 5 → 10 → 20, against an MLP of the same
        // parameter count trained with the same steps and schedule.
        var options = new KanFitOptions { Formula = "exp(sin(pi*x1)+x2^2)", Steps = 1000, Seed = 0 };
        var result = KanFit.Run(options);
        Assert.InRange(result.MlpParameters, result.KanParameters * 0.95, result.KanParameters * 1.05);
        Assert.True(result.KanTestRmse < 0.01, $"KAN test RMSE {result.KanTestRmse}");
        Assert.True(result.KanTestRmse < result.MlpTestRmse / 3, $"KAN {result.KanTestRmse} vs MLP {result.MlpTestRmse}");
        Assert.Equal("bspline(grid=20, order=3)", result.KanConfig.Basis);
        // the config rebuilds the trained KAN
        var rebuilt = result.KanConfig.Build();
        rebuilt.LoadStateDict(result.Kan.StateDict());
        var (x, y) = Formula.Parse(options.Formula).Sample(200, new Generator(99));
        Assert.Equal(KanFit.Rmse(result.Kan, x, y), KanFit.Rmse(rebuilt, x, y), 9);
    }

    [Fact]
    public void ProgressIsReportedPerStageWithTheGridAndRmsesThatFall()
    {
        var seen = new List<KanFitProgress>();
        KanFit.Run(new KanFitOptions { Formula = "x1*x2", Steps = 120, Grids = [3, 6], Hidden = [3] }, seen.Add);
        var kan = seen.Where(p => p.Model == "kan").ToList();
        Assert.Equal(3, kan.First().Grid);
        Assert.Equal(6, kan.Last().Grid);
        Assert.Equal(120, kan.Last().Step);
        Assert.Contains(kan, p => p.Step == 60 && p.Grid == 3);
        Assert.True(kan.Last().TestRmse < kan.First().TestRmse);
        Assert.Equal(120, seen.Last(p => p.Model == "mlp").Step);
        Assert.All(seen.Where(p => p.Model == "mlp"), p => Assert.Null(p.Grid));
    }

    [Fact]
    public void TheMlpWidthIsTheOneWhoseParameterCountIsClosest()
    {
        Assert.Equal(337, KanFitBaseline.MlpParameters(2, [16, 16], 1));   // 2·16+16 + 16·16+16 + 16+1
        Assert.Equal([17, 17], KanFitBaseline.EqualParameterWidths(2, 1, 2, 366)); // 375 is closer than 337
        Assert.Equal([16, 16], KanFitBaseline.EqualParameterWidths(2, 1, 2, 350));
        Assert.Equal([91], KanFitBaseline.EqualParameterWidths(2, 1, 1, 366));     // 4·91+1 = 365
        var w = KanFitBaseline.EqualParameterWidths(784, 10, 1, 457_418);
        Assert.True(Math.Abs(KanFitBaseline.MlpParameters(784, w, 10) - 457_418) <= 795 / 2);
        Assert.Throws<ArgumentException>(() => KanFitBaseline.EqualParameterWidths(2, 1, 0, 100));
    }

    [Fact]
    public void StagesPutTheGridIntoTheBSplineSpec()
    {
        var o = new KanFitOptions();
        Assert.Equal([3, 5, 10, 20], o.Stages);
        Assert.Equal("bspline(grid=3)", o.StageBasis(0));
        var ordered = new KanFitOptions { Basis = "bspline(order=2)", Grids = [4] };
        Assert.Equal("bspline(grid=4, order=2)", ordered.StageBasis(0));
        Assert.Empty(new KanFitOptions { Basis = "bspline(grid=7)" }.Stages);
        Assert.Equal("bspline(grid=7)", new KanFitOptions { Basis = "bspline(grid=7)" }.StageBasis(0));
    }

    [Theory]
    [InlineData("bspline(grid=7)", new[] { 5 }, "either in --basis")]
    [InlineData("bspline", new int[0], "--grid")]
    [InlineData("nosuchbasis", null, "Unknown KAN basis")]
    public void BadSettingsAreErrorsNamingTheOption(string basis, int[]? grids, string fragment)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new KanFitOptions { Basis = basis, Grids = grids }.Validate());
        Assert.Contains(fragment, e.Message);
        Assert.Contains("--hidden", Assert.Throws<ArgumentException>(() => new KanFitOptions { Hidden = [0] }.Validate()).Message);
        Assert.Contains("position", Assert.ThrowsAny<ArgumentException>(() => new KanFitOptions { Formula = "sin(" }.Validate()).Message);
    }
}
