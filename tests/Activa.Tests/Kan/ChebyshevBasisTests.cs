using Activa.Kan;

namespace Activa.Tests.Kan;

public class ChebyshevBasisTests
{
    /// <summary>T_k(tanh x) = cos(k·acos(tanh x)), independent of the recurrence.</summary>
    private static double[] Reference(int degree, double x)
    {
        double t = Math.Tanh(x);
        return [.. Enumerable.Range(0, degree + 1).Select(k => Math.Cos(k * Math.Acos(t)))];
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public void ValuesAreChebyshevPolynomialsOfTanh(int degree)
    {
        var basis = new ChebyshevBasis(3, degree);
        Assert.Equal(degree + 1, basis.Size);
        float[] xs = [-3f, -1f, -0.4f, 0f, 0.25f, 0.9f, 2f, 5f, -0.05f];
        KanBasisTestKit.AssertValues(basis, Tensor.FromArray(xs, 3, 3), (_, x) => Reference(degree, x));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsMatchTheDoubleReference(bool withBase)
    {
        var basis = new ChebyshevBasis(3, 6);
        var x = Tensor.Uniform([4, 3], -2f, 2f, new Generator(1));
        KanBasisTestKit.GradCheck(basis, x, withBase, (_, _, v) => Reference(6, v));
    }

    [Fact]
    public void ExtremeInputsGiveTheValuesAtPlusOrMinusOne()
    {
        var basis = new ChebyshevBasis(1, 5);
        KanBasisTestKit.AssertExtremeInputsAreFinite(basis);
        var f = basis.Features(Tensor.FromArray([float.NegativeInfinity, 1e30f], 2, 1), false).ToArray();
        for (int k = 0; k <= 5; k++)
        {
            Assert.Equal(k % 2 == 0 ? 1f : -1f, f[k], 1e-6f);
            Assert.Equal(1f, f[6 + k], 1e-6f);
        }
    }

    [Fact]
    public void SelectSpecAndDefaults()
    {
        var basis = (ChebyshevBasis)KanBases.Create("chebyshev(degree=3)", 4);
        Assert.Equal("chebyshev(degree=3)", basis.Spec);
        Assert.False(basis.DefaultBaseBranch);
        Assert.Equal("chebyshev(degree=4)", KanBases.Create("chebyshev", 2).Spec);
        KanBasisTestKit.AssertSelectKeepsValues(basis, [3, 1], new Generator(2));
        KanBasisTestKit.AssertSpecRoundTrips(basis);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        Assert.Contains("'degree' must be an integer in [1, 64]", Assert.Throws<ArgumentException>(() => KanBases.Create("chebyshev(degree=0)", 2)).Message);
        Assert.Contains("no option 'grid'", Assert.Throws<ArgumentException>(() => KanBases.Create("chebyshev(grid=3)", 2)).Message);
        Assert.Contains("degree", Assert.Throws<ArgumentException>(() => new ChebyshevBasis(2, 65)).Message);
    }

    [Fact]
    public void AOneEdgeLayerFitsSinPi()
    {
        float mse = KanBasisTestKit.FitSinPi(new ChebyshevBasis(1, 8));
        Assert.True(mse < 1e-3f, $"MSE {mse}");
    }
}
