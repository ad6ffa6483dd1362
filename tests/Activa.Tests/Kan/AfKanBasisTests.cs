using Activa.Activations;
using Activa.Kan;

namespace Activa.Tests.Kan;

public class AfKanBasisTests
{
    /// <summary>h(f(x − s), f(e − x)) from the formulas, with f the zoo's double reference.</summary>
    private static double Value(string function, string combine, double x, double s, double e)
    {
        var f = Activation.Create(function);
        double x1 = f.Reference(x - s), x2 = f.Reference(e - x);
        return combine switch
        {
            "quad1" => Math.Pow(x1 * x2, 2),
            "quad2" => x1 * x2 + x1 * x1 + x2 * x2,
            "sum" => x1 + x2,
            "prod" => x1 * x2,
            "sum_prod" => x1 + x2 + x1 * x2,
            "cubic1" => (x1 + x2) * (x1 * x1 + x2 * x2),
            "cubic2" => Math.Pow(x1 * x2, 3),
            _ => throw new ArgumentException(combine),
        };
    }

    private static double[] Reference(string function, string combine, int grid, int order, double lo, double hi, double x)
    {
        double h = (hi - lo) / grid;
        return [.. Enumerable.Range(0, grid + order).Select(i => Value(function, combine, x, lo + (i - order) * h, lo + (i + 1) * h))];
    }

    public static TheoryData<string> Functions => [.. AfKanBasis.Functions];
    public static TheoryData<string> Combinations => [.. AfKanBasis.Combinations];

    [Theory]
    [MemberData(nameof(Functions))]
    public void EveryFunctionGivesTheFormulaValues(string function)
    {
        var basis = new AfKanBasis(3, function, "quad1", 4, 2, -1f, 1.5f);
        Assert.Equal(6, basis.Size);
        float[] xs = [-3f, -1f, -0.4f, 0f, 0.25f, 0.9f, 1.5f, 2f, 3.5f];
        KanBasisTestKit.AssertValues(basis, Tensor.FromArray(xs, 3, 3), (_, x) => Reference(function, "quad1", 4, 2, -1, 1.5, x), 2e-5);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void EveryCombinationGivesTheFormulaValues(string combine)
    {
        var basis = new AfKanBasis(3, "silu", combine);
        float[] xs = [-3f, -1f, -0.4f, 0f, 0.25f, 0.9f, 1.5f, 2f, 3.5f];
        KanBasisTestKit.AssertValues(basis, Tensor.FromArray(xs, 3, 3), (_, x) => Reference("silu", combine, 5, 3, -1, 1, x), 2e-5);
    }

    [Theory]
    [InlineData("silu")]
    [InlineData("gelu")]
    [InlineData("softplus")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("elu")]
    [InlineData("relu")] // quad1 squares the kinks away
    public void InputGradientsOfEachSmoothFunctionMatchTheDoubleReference(string function)
    {
        var basis = new AfKanBasis(3, function, "quad1");
        var x = Tensor.Uniform([4, 3], -2f, 2f, new Generator(12));
        KanBasisTestKit.GradCheck(basis, x, false, (_, _, v) => Reference(function, "quad1", 5, 3, -1, 1, v));
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void InputGradientsOfEachCombinationMatchTheDoubleReference(string combine)
    {
        var basis = new AfKanBasis(3, "silu", combine);
        var x = Tensor.Uniform([4, 3], -2f, 2f, new Generator(13));
        KanBasisTestKit.GradCheck(basis, x, true, (_, _, v) => Reference("silu", combine, 5, 3, -1, 1, v));
    }

    [Theory]
    [InlineData("quad1", false)]
    [InlineData("cubic1", true)]
    [InlineData("sum_prod", false)]
    public void TrainableBoundsGetGradientsThatMatchTheDoubleReference(string combine, bool withBase)
    {
        var basis = new AfKanBasis(3, "silu", combine, 3, 2, trainable: true);
        Assert.Equal(["start", "end"], basis.NamedParameters().Select(p => p.Name));
        ReluKanBasisTests.Perturb(basis, new Generator(14));
        int k = basis.Size;
        var x = Tensor.Uniform([4, 3], -1.5f, 1.5f, new Generator(15));
        KanBasisTestKit.GradCheck(basis, x, withBase, (a, p, v) => [.. Enumerable.Range(0, k).Select(i => Value("silu", combine, v, a[1][p * k + i], a[2][p * k + i]))]);
    }

    [Fact]
    public void WithReluAndQuad1ItIsReluKanUpToTheBumpsScale()
    {
        var af = new AfKanBasis(2, "relu", "quad1");
        var relu = new ReluKanBasis(2);
        var x = Tensor.Uniform([20, 2], -2.5f, 2.5f, new Generator(16));
        var a = af.Features(x, false).ToArray();
        var b = relu.Features(x, false).ToArray();
        float scale = MathF.Pow(4 * 2f / 5, 4) / 16; // (e − s)⁴/16 with e − s = (k + 1)(hi − lo)/G
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i] * scale, a[i], 1e-5f);
    }

    [Fact]
    public void ExtremeInputsAreFiniteForEveryFunctionAndCombination()
    {
        foreach (var f in AfKanBasis.Functions)
            foreach (var c in AfKanBasis.Combinations)
                KanBasisTestKit.AssertExtremeInputsAreFinite(new AfKanBasis(1, f, c, trainable: true));
        // Beyond the clamp the value is the value at ±1e6.
        var basis = new AfKanBasis(1, "silu", "quad2");
        var f1 = basis.Features(Tensor.FromArray([1e6f, 1e30f, float.PositiveInfinity], 3, 1), false).ToArray();
        for (int k = 0; k < basis.Size; k++)
        {
            Assert.Equal(f1[k], f1[basis.Size + k]);
            Assert.Equal(f1[k], f1[2 * basis.Size + k]);
        }
    }

    [Fact]
    public void SelectKeepsEachInputsBounds()
    {
        var basis = new AfKanBasis(4, "gelu", "sum_prod", trainable: true);
        ReluKanBasisTests.Perturb(basis, new Generator(17));
        KanBasisTestKit.AssertSelectKeepsValues(basis, [1, 3, 2], new Generator(18));
        var small = (AfKanBasis)basis.Select([1]);
        Assert.Equal(("gelu", "sum_prod", true), (small.Function, small.Combination, small.Trainable));
    }

    [Fact]
    public void SpecRoundTripsAndOptionsAreChecked()
    {
        Assert.Equal("afkan(grid=5, order=3, lo=-1, hi=1, f=silu, combine=quad1, train=false)", KanBases.Create("afkan", 2).Spec);
        var basis = KanBases.Create("afkan(f=Leaky_ReLU, combine=cubic2, grid=3, order=1, lo=-2, hi=0.5, train=true)", 3);
        Assert.Equal("afkan(grid=3, order=1, lo=-2, hi=0.5, f=leaky_relu, combine=cubic2, train=true)", basis.Spec);
        Assert.False(basis.DefaultBaseBranch);
        KanBasisTestKit.AssertSpecRoundTrips(basis);
        var error = Assert.Throws<ArgumentException>(() => KanBases.Create("afkan(f=swish)", 2)).Message;
        Assert.Contains("'f' must be one of relu, silu, gelu", error);
        Assert.Contains("'combine' must be one of quad1", Assert.Throws<ArgumentException>(() => KanBases.Create("afkan(combine=quad3)", 2)).Message);
        Assert.Contains("'f' must be one of", Assert.Throws<ArgumentException>(() => new AfKanBasis(2, "mish")).Message);
    }

    [Theory]
    [InlineData("silu", "quad1", 1e-4f)]
    [InlineData("relu", "quad1", 1e-3f)]
    [InlineData("tanh", "quad1", 1e-3f)]
    public void AOneEdgeLayerFitsSinPi(string function, string combine, float bound)
    {
        float mse = KanBasisTestKit.FitSinPi(new AfKanBasis(1, function, combine));
        Assert.True(mse < bound, $"MSE {mse}");
    }
}
