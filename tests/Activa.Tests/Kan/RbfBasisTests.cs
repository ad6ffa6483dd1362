using Activa.Kan;

namespace Activa.Tests.Kan;

public class RbfBasisTests
{
    private static double[] Reference(int centres, double lo, double hi, double x)
    {
        double h = (hi - lo) / (centres - 1);
        return [.. Enumerable.Range(0, centres).Select(i => Math.Exp(-Math.Pow((x - (lo + i * h)) / h, 2)))];
    }

    [Fact]
    public void ValuesAreGaussiansOnUniformCentres()
    {
        var basis = new RbfBasis(3, 6, -1.5f, 2.5f);
        Assert.Equal(6, basis.Size);
        Assert.Equal(0.8f, basis.Width, 1e-6f);
        Assert.Equal(-1.5f, basis.Centre(0));
        Assert.Equal(2.5f, basis.Centre(5), 1e-6f);
        float[] xs = [-3f, -1f, -0.4f, 0f, 0.25f, 0.9f, 2f, 2.5f, 4f];
        KanBasisTestKit.AssertValues(basis, Tensor.FromArray(xs, 3, 3), (_, x) => Reference(6, -1.5, 2.5, x));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsMatchTheDoubleReference(bool withBase)
    {
        var basis = new RbfBasis(3);
        var x = Tensor.Uniform([4, 3], -2.5f, 2.5f, new Generator(5));
        KanBasisTestKit.GradCheck(basis, x, withBase, (_, _, v) => Reference(8, -2, 2, v));
    }

    [Fact]
    public void FarInputsGiveZeroFeaturesAndGradient()
    {
        var basis = new RbfBasis(1);
        KanBasisTestKit.AssertExtremeInputsAreFinite(basis);
        Assert.All(basis.Features(Tensor.FromArray([1e30f, float.NegativeInfinity, 50f], 3, 1), false).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SelectSpecAndDefaults()
    {
        var basis = KanBases.Create("rbf(grid=5, lo=-1.25, hi=3)", 3);
        Assert.Equal("rbf(grid=5, lo=-1.25, hi=3)", basis.Spec);
        Assert.Equal("rbf(grid=8, lo=-2, hi=2)", KanBases.Create("rbf", 1).Spec);
        Assert.True(basis.DefaultBaseBranch);
        KanBasisTestKit.AssertSelectKeepsValues(basis, [1], new Generator(6));
        KanBasisTestKit.AssertSpecRoundTrips(basis);
        KanBasisTestKit.AssertSpecRoundTrips(new RbfBasis(2, 4, -0.1f, 0.7f));
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        Assert.Contains("'grid' must be an integer in [2, 1000]", Assert.Throws<ArgumentException>(() => KanBases.Create("rbf(grid=1)", 2)).Message);
        Assert.Contains("lo < hi", Assert.Throws<ArgumentException>(() => KanBases.Create("rbf(lo=1, hi=1)", 2)).Message);
        Assert.Contains("'hi' must be a finite number", Assert.Throws<ArgumentException>(() => KanBases.Create("rbf(hi=inf)", 2)).Message);
    }

    [Fact]
    public void AOneEdgeLayerFitsSinPi()
    {
        float mse = KanBasisTestKit.FitSinPi(new RbfBasis(1));
        Assert.True(mse < 2e-4f, $"MSE {mse}");
    }
}
