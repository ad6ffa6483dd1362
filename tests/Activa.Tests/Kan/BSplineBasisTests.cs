using Activa.Autograd;
using Activa.Kan;

namespace Activa.Tests.Kan;

public class BSplineBasisTests
{
    [Theory]
    [InlineData(5, 3)]
    [InlineData(7, 2)]
    [InlineData(3, 1)]
    public void TheBasisIsAPartitionOfUnityInsideTheGrid(int grid, int order)
    {
        var basis = new BSplineBasis(2, grid, order, -2f, 3f);
        var x = Tensor.Uniform([50, 2], -2f, 3f, new Generator(1));
        var f = basis.Features(x, withBase: false).ToArray();
        for (int e = 0; e < 100; e++)
        {
            var row = f.AsSpan(e * basis.Size, basis.Size);
            float sum = 0;
            foreach (float v in row) { Assert.True(v >= -1e-6f); sum += v; }
            Assert.Equal(1f, sum, 1e-5f);
        }
    }

    [Fact]
    public void CubicBasisMatchesTheCoxDeBoorRecurrenceInDouble()
    {
        var basis = new BSplineBasis(1, 4, 3, 0f, 1f);
        double[] t = [.. Enumerable.Range(0, 4 + 7).Select(m => (m - 3) / 4.0)];
        double B(int i, int k, double x) => k == 0 ? (t[i] <= x && x < t[i + 1] ? 1 : 0)
            : (x - t[i]) / (t[i + k] - t[i]) * B(i, k - 1, x) + (t[i + k + 1] - x) / (t[i + k + 1] - t[i + 1]) * B(i + 1, k - 1, x);
        float[] xs = [0f, 0.1f, 0.33f, 0.5f, 0.77f, 0.99f];
        var f = basis.Features(Tensor.FromArray(xs, xs.Length, 1), false).ToArray();
        for (int n = 0; n < xs.Length; n++)
            for (int i = 0; i < basis.Size; i++)
                Assert.Equal(B(i, 3, xs[n]), f[n * basis.Size + i], 1e-5);
    }

    [Fact]
    public void InputsOutsideTheGridGiveTheEndValuesAndNoNaN()
    {
        var basis = new BSplineBasis(1, 5, 3);
        float[] xs = [-1e30f, -5f, -1f, 1f, 7f, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity];
        var f = basis.Features(Tensor.FromArray(xs, xs.Length, 1), true).ToArray();
        Assert.DoesNotContain(f, v => float.IsNaN(v));
        int s = basis.Size + 1;
        for (int k = 1; k < s; k++)
        {
            Assert.Equal(f[2 * s + k], f[1 * s + k]); // below the grid: the values at lo
            Assert.Equal(f[3 * s + k], f[4 * s + k]); // above: the values at hi
        }
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(4, 2)]
    public void GradientsWithRespectToInputsMatchFiniteDifferences(int grid, int order)
    {
        var basis = new BSplineBasis(3, grid, order, -1.5f, 1.5f);
        var x = Tensor.Uniform([6, 3], -1.4f, 1.4f, new Generator(3));
        GradCheck.Check(xs => basis.Features(xs[0], withBase: true), [x], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-2, AbsoluteTolerance: 1e-3));
    }

    [Fact]
    public void FitGridPlacesKnotsAtTheDataAndKeepsThemIncreasing()
    {
        var basis = new BSplineBasis(2, 5, 3);
        var data = new float[200 * 2];
        var g = new Generator(4);
        var u = Tensor.Uniform([200], 0f, 1f, g).ToArray();
        for (int r = 0; r < 200; r++) { data[2 * r] = 10f + 5f * u[r] * u[r]; data[2 * r + 1] = 3f; }
        var fitted = basis.FitGrid(Tensor.FromArray(data, 200, 2));
        var (lo, hi) = fitted.Range(0);
        Assert.InRange(lo, 9.9f, 10.1f);
        Assert.InRange(hi, 14.5f, 15.1f);
        var (clo, chi) = fitted.Range(1);
        Assert.True(clo < 3f && chi > 3f, "a constant input gets a grid around its value");
        var t = fitted.Knots.ToArray();
        for (int m = 1; m < t.Length / 2; m++) Assert.True(t[m] > t[m - 1]);
    }

    [Fact]
    public void AnInputThatIsNearlyConstantGetsNoNeedleThinIntervals()
    {
        var basis = new BSplineBasis(1, 5, 3);
        var g = new Generator(5);
        var u = Tensor.Uniform([400], 0f, 1f, g).ToArray();
        var data = u.Select((v, r) => r % 20 == 0 ? v : 0f).ToArray();   // 95 % zeros, like a border pixel
        var fitted = basis.FitGrid(Tensor.FromArray(data, 400, 1));
        var (lo, hi) = fitted.Range(0);
        var t = fitted.Knots.ToArray();
        double uniform = (hi - lo) / 5;
        for (int m = 3; m < 3 + 5; m++) Assert.True(t[m + 1] - t[m] >= BSplineBasis.MinimumSpacing * uniform - 1e-6, $"interval {m}: {t[m + 1] - t[m]} of {uniform}");
        // and a layer refitted on such data keeps its function without spikes
        var layer = new KanLayer(1, 2, new BSplineBasis(1, 5, 3, -1f, 1f), generator: new Generator(6));
        var x = Tensor.FromArray(data, 400, 1);
        var before = layer.Forward(x).ToArray();
        layer.UpdateGrid(x);
        var after = layer.Forward(x).ToArray();
        // kept where the data is (the value 0 of most samples); the sparse tail gets the widest interval, so only roughly there
        for (int e = 0; e < before.Length; e++)
            if (data[e / 2] == 0) Assert.Equal(before[e], after[e], 0.01f);
        double rms = Math.Sqrt(before.Zip(after, (a, b) => (a - b) * (a - b)).Average());
        Assert.True(rms < 0.05, $"RMS change of the layer on its samples {rms:G3}");
        var grid = Tensor.FromArray([.. Enumerable.Range(0, 101).Select(k => lo + (hi - lo) * k / 100f)], 101, 1);
        Assert.All(layer.Forward(grid).ToArray(), v => Assert.InRange(v, -3f, 3f));
    }

    [Fact]
    public void BadOptionsAreRejectedWithTheirName()
    {
        Assert.Contains("grid", Assert.Throws<ArgumentException>(() => new BSplineBasis(2, 0, 3)).Message);
        Assert.Contains("lo < hi", Assert.Throws<ArgumentException>(() => new BSplineBasis(2, 5, 3, 1f, 1f)).Message);
        Assert.Contains("no option 'gird'", Assert.Throws<ArgumentException>(() => KanBases.Create("bspline(gird=5)", 2)).Message);
        Assert.Contains("Valid bases", Assert.Throws<ArgumentException>(() => KanBases.Create("bsplin", 2)).Message);
        Assert.Contains("integer", Assert.Throws<ArgumentException>(() => KanBases.Create("bspline(grid=2.5)", 2)).Message);
    }
}
