using Activa.Kan;

namespace Activa.Tests.Kan;

public class ReluKanBasisTests
{
    /// <summary>The bump on [s, e] straight from the formula, in double.</summary>
    private static double Bump(double x, double s, double e) =>
        Math.Pow(Math.Max(0, e - x) * Math.Max(0, x - s), 2) * 16 / Math.Pow(e - s, 4);

    /// <summary>The initial grid: s_i = lo + (i − k)(hi − lo)/G, e_i = s_i + (k + 1)(hi − lo)/G.</summary>
    private static double[] Reference(int grid, int order, double lo, double hi, double x)
    {
        double h = (hi - lo) / grid;
        return [.. Enumerable.Range(0, grid + order).Select(i => Bump(x, lo + (i - order) * h, lo + (i - order) * h + (order + 1) * h))];
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(4, 1)]
    public void ValuesAreUnitBumpsOnTheGrid(int grid, int order)
    {
        var basis = new ReluKanBasis(3, grid, order, -1f, 1.5f);
        Assert.Equal(grid + order, basis.Size);
        float[] xs = [-3f, -1f, -0.4f, 0f, 0.25f, 0.9f, 1.5f, 2f, 3.5f];
        KanBasisTestKit.AssertValues(basis, Tensor.FromArray(xs, 3, 3), (_, x) => Reference(grid, order, -1, 1.5, x));
        // Each bump peaks at 1 at the centre of its interval.
        var s = basis.Start.ToArray();
        var e = basis.End.ToArray();
        float mid = (s[2] + e[2]) / 2;
        var centre = basis.Features(Tensor.FromArray([mid, mid, mid], 1, 3), false).ToArray();
        Assert.Equal(1f, centre[2], 1e-6f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsWithRespectToInputsMatchTheDoubleReference(bool withBase)
    {
        var basis = new ReluKanBasis(3);
        Assert.Empty(basis.Parameters());
        var x = Tensor.Uniform([4, 3], -2f, 2f, new Generator(7));
        KanBasisTestKit.GradCheck(basis, x, withBase, (_, _, v) => Reference(5, 3, -1, 1, v));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainableBoundsGetGradientsThatMatchTheDoubleReference(bool withBase)
    {
        var basis = new ReluKanBasis(3, 4, 2, trainable: true);
        Assert.Equal(["start", "end"], basis.NamedParameters().Select(p => p.Name));
        Perturb(basis, new Generator(8));
        int k = basis.Size;
        var x = Tensor.Uniform([4, 3], -1.5f, 1.5f, new Generator(9));
        KanBasisTestKit.GradCheck(basis, x, withBase, (a, p, v) => [.. Enumerable.Range(0, k).Select(i => Bump(v, a[1][p * k + i], a[2][p * k + i]))]);
    }

    /// <summary>Moves every bound by up to ±0.1 so that the inputs' rows differ.</summary>
    internal static void Perturb(IntervalKanBasis basis, Generator g)
    {
        using (Tensor.NoGrad())
        {
            var s = basis.Start.AsSpan();
            var e = basis.End.AsSpan();
            var u = Tensor.Uniform([2 * s.Length], -0.1f, 0.1f, g).ToArray();
            for (int i = 0; i < s.Length; i++) { s[i] += u[i]; e[i] += u[s.Length + i]; }
        }
    }

    [Fact]
    public void InputsOutsideEveryBumpGiveZero()
    {
        var basis = new ReluKanBasis(1, trainable: true);
        KanBasisTestKit.AssertExtremeInputsAreFinite(basis);
        Assert.All(basis.Features(Tensor.FromArray([1e30f, float.NegativeInfinity, 2.2f, -2.2f], 4, 1), false).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SelectKeepsEachInputsBounds()
    {
        var basis = new ReluKanBasis(4, trainable: true);
        Perturb(basis, new Generator(10));
        KanBasisTestKit.AssertSelectKeepsValues(basis, [3, 0], new Generator(11));
        var small = (ReluKanBasis)basis.Select([3, 0]);
        Assert.True(small.Trainable);
        Assert.Equal(basis.Start.ToArray()[(3 * 8)..(4 * 8)], small.Start.ToArray()[..8]);
    }

    [Fact]
    public void SpecRoundTripsAndOptionsAreChecked()
    {
        Assert.Equal("relu-kan(grid=5, order=3, lo=-1, hi=1, train=false)", KanBases.Create("relu-kan", 2).Spec);
        var basis = KanBases.Create("relu-kan(grid=7, order=2, lo=0, hi=1, train=true)", 3);
        Assert.Equal("relu-kan(grid=7, order=2, lo=0, hi=1, train=true)", basis.Spec);
        Assert.False(basis.DefaultBaseBranch);
        Assert.Equal(2, basis.Parameters().Count());
        KanBasisTestKit.AssertSpecRoundTrips(basis);
        Assert.Contains("'train' must be true or false", Assert.Throws<ArgumentException>(() => KanBases.Create("relu-kan(train=maybe)", 2)).Message);
        Assert.Contains("lo < hi", Assert.Throws<ArgumentException>(() => KanBases.Create("relu-kan(lo=1, hi=0)", 2)).Message);
        Assert.Contains("'order' must be an integer in [0, 16]", Assert.Throws<ArgumentException>(() => KanBases.Create("relu-kan(order=17)", 2)).Message);
    }

    [Theory]
    [InlineData(false, 1e-3f)]
    [InlineData(true, 2e-4f)]
    public void AOneEdgeLayerFitsSinPi(bool train, float bound)
    {
        float mse = KanBasisTestKit.FitSinPi(new ReluKanBasis(1, trainable: train));
        Assert.True(mse < bound, $"MSE {mse}");
    }
}
