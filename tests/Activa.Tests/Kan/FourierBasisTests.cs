using Activa.Kan;

namespace Activa.Tests.Kan;

public class FourierBasisTests
{
    private static double[] Reference(int frequencies, double x) =>
        [.. Enumerable.Range(1, frequencies).Select(k => Math.Cos(k * x)), .. Enumerable.Range(1, frequencies).Select(k => Math.Sin(k * x))];

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    public void ValuesAreCosinesThenSines(int frequencies)
    {
        var basis = new FourierBasis(2, frequencies);
        Assert.Equal(2 * frequencies, basis.Size);
        float[] xs = [-3f, -1f, -0.4f, 0f, 0.25f, 0.9f, 2f, 6f];
        KanBasisTestKit.AssertValues(basis, Tensor.FromArray(xs, 4, 2), (_, x) => Reference(frequencies, x), 2e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsMatchTheDoubleReference(bool withBase)
    {
        var basis = new FourierBasis(3, 4);
        var x = Tensor.Uniform([4, 3], -2f, 2f, new Generator(3));
        KanBasisTestKit.GradCheck(basis, x, withBase, (_, _, v) => Reference(4, v));
    }

    [Fact]
    public void TheFunctionsHavePeriodTwoPi()
    {
        var basis = new FourierBasis(1, 6);
        var a = basis.Features(Tensor.FromArray([0.3f], 1, 1), false).ToArray();
        var b = basis.Features(Tensor.FromArray([0.3f + 2 * MathF.PI], 1, 1), false).ToArray();
        for (int k = 0; k < a.Length; k++) Assert.Equal(a[k], b[k], 1e-4f);
    }

    [Fact]
    public void InfiniteInputsGiveZeroFeatures()
    {
        var basis = new FourierBasis(1, 3);
        KanBasisTestKit.AssertExtremeInputsAreFinite(basis);
        Assert.All(basis.Features(Tensor.FromArray([float.PositiveInfinity, float.NegativeInfinity], 2, 1), false).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SelectSpecAndDefaults()
    {
        var basis = KanBases.Create("fourier(grid=3)", 3);
        Assert.Equal("fourier(grid=3)", basis.Spec);
        Assert.Equal("fourier(grid=5)", KanBases.Create("fourier", 1).Spec);
        Assert.False(basis.DefaultBaseBranch);
        KanBasisTestKit.AssertSelectKeepsValues(basis, [2, 0, 2], new Generator(4));
        KanBasisTestKit.AssertSpecRoundTrips(basis);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        Assert.Contains("'grid' must be an integer in [1, 256]", Assert.Throws<ArgumentException>(() => KanBases.Create("fourier(grid=0)", 2)).Message);
        Assert.Contains("grid", Assert.Throws<ArgumentException>(() => new FourierBasis(2, 300)).Message);
    }

    [Fact]
    public void AOneEdgeLayerFitsSinPi()
    {
        float mse = KanBasisTestKit.FitSinPi(new FourierBasis(1, 5));
        Assert.True(mse < 1e-4f, $"MSE {mse}");
    }
}
