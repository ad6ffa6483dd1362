using Activa.Activations.Learnable;
using Activa.Tests.Nn;
using static Activa.Tests.Learnable.LearnableTestSupport;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Learnable;

/// <summary>
/// PolyNorm f(x) = Σᵢ aᵢ·xⁱ/√(mean over the last dimension of x²ⁱ + ε) + a₀ against the formula (the official
/// PolyCom code's definition, weights in power order here), gradients through the row statistics, serialisation.
/// </summary>
public class PolyNormTests
{
    private static Func<double[][], double[]> Reference(int order, double eps, ParameterSharing sharing, int d, int groups) => args =>
    {
        var (x, w, b) = (args[0], args[1], args[2]);
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / d; r++)
        {
            var rms = new double[order + 1];
            for (int i = 1; i <= order; i++)
            {
                double ms = 0;
                for (int c = 0; c < d; c++) ms += Math.Pow(x[r * d + c], 2 * i);
                rms[i] = Math.Sqrt(ms / d + eps);
            }
            for (int c = 0; c < d; c++)
            {
                int s = SetOf(sharing, d, groups, c);
                double v = b[s];
                for (int i = 1; i <= order; i++) v += w[s * order + i - 1] * Math.Pow(x[r * d + c], i) / rms[i];
                y[r * d + c] = v;
            }
        }
        return y;
    };

    [Theory]
    [InlineData(3, new[] { 4, 6 })]
    [InlineData(3, new[] { 2, 3, 6 })]
    [InlineData(2, new[] { 3, 27 })] // 16 + 8 + 3 lanes
    [InlineData(1, new[] { 5, 6 })]
    public void ValuesAndGradientsMatchTheFormulaInEverySharingMode(int order, int[] shape)
    {
        int d = shape[^1];
        foreach (var (sharing, groups) in Modes(d, 3))
        {
            var g = new Generator(70 + (ulong)order);
            var act = new PolyNorm(d, order, 1e-6, sharing, groups);
            Randomize(act, g);
            var x = Uniform(g, -1.5f, 1.5f, shape);
            var reference = Reference(order, 1e-6, sharing, d, groups);
            AssertClose(reference([Values(x), Values(act.Weight), Values(act.Bias)]), act.Forward(x), rtol: 1e-5, atol: 1e-5);
            ModuleGradCheck.Check(act, x, reference);
        }
    }

    [Fact]
    public void StartsWithWeightsOneThirdAndMatchesEvaluateRow()
    {
        var act = new PolyNorm(5);
        Assert.Equal([1f / 3, 1f / 3, 1f / 3], act.Weight.ToArray());
        Assert.Equal([0f], act.Bias.ToArray());
        var x = Tensor.FromArray([0.3f, -1.2f, 2f, 0.1f, -0.5f], 1, 5);
        AssertClose(act.EvaluateRow([.. Values(x)]), act.Forward(x), rtol: 1e-5, atol: 1e-6);
        AssertClose(Reference(3, 1e-6, ParameterSharing.Layer, 5, 1)([Values(x), Values(act.Weight), Values(act.Bias)]), act.Forward(x), rtol: 1e-5, atol: 1e-6);
        // A row of constant magnitude: each N(xⁱ) = ±1, so f = (sign + 1 + sign)/3 away from ε.
        Assert.Equal(1.0, act.Evaluate(2.0), 1e-6);
        Assert.Equal(-1.0 / 3, act.Evaluate(-2.0), 1e-6);
    }

    [Fact]
    public void NormalisesOverTheLastDimensionOfAnyRank()
    {
        var act = new PolyNorm(8);
        Randomize(act, new Generator(1));
        var x = Uniform(new Generator(2), -2, 2, 2, 3, 4, 8);
        AssertClose(Reference(3, 1e-6, ParameterSharing.Layer, 8, 1)([Values(x), Values(act.Weight), Values(act.Bias)]), act.Forward(x), rtol: 1e-5, atol: 1e-5);
        var v = Uniform(new Generator(3), -2, 2, 8);
        AssertClose(Reference(3, 1e-6, ParameterSharing.Layer, 8, 1)([Values(v), Values(act.Weight), Values(act.Bias)]), act.Forward(v), rtol: 1e-5, atol: 1e-5);
        Assert.Throws<ShapeMismatchException>(() => act.Forward(Tensor.Zeros(8, 3)));
    }

    [Fact]
    public void LargeInputsAreDeterministicAndMatch()
    {
        var act = new PolyNorm(40, sharing: ParameterSharing.Channel);
        Randomize(act, new Generator(5));
        var x = Uniform(new Generator(6), -2, 2, 1024, 40);
        x.RequiresGrad = true;
        var w = Uniform(new Generator(7), -1, 1, 1024, 40);
        var y = act.Forward(x);
        AssertClose(Reference(3, 1e-6, ParameterSharing.Channel, 40, 1)([Values(x), Values(act.Weight), Values(act.Bias)]), y, rtol: 1e-5, atol: 1e-5);
        y.Mul(w).Sum().Backward();
        var first = Bits(x.Grad!).Concat(Bits(act.Weight.Grad!)).Concat(Bits(act.Bias.Grad!)).ToArray();
        // Parameter gradients against double sums.
        var xs = Values(x);
        var ws = Values(w);
        var gw = new double[40 * 3];
        for (int r = 0; r < 1024; r++)
            for (int i = 1; i <= 3; i++)
            {
                double ms = 0;
                for (int c = 0; c < 40; c++) ms += Math.Pow(xs[r * 40 + c], 2 * i);
                double inv = 1 / Math.Sqrt(ms / 40 + 1e-6);
                for (int c = 0; c < 40; c++) gw[c * 3 + i - 1] += ws[r * 40 + c] * Math.Pow(xs[r * 40 + c], i) * inv;
            }
        AssertClose(gw, act.Weight.Grad!, rtol: 1e-4, atol: 1e-3);
        x.Grad = null;
        act.ZeroGrad();
        act.Forward(x).Mul(w).Sum().Backward();
        Assert.Equal(first, Bits(x.Grad!).Concat(Bits(act.Weight.Grad!)).Concat(Bits(act.Bias.Grad!)));
    }

    [Fact]
    public void StateRoundTripsBitExact()
    {
        foreach (var (sharing, groups) in Modes(6, 2))
        {
            var act = new PolyNorm(6, 3, 1e-6, sharing, groups);
            Randomize(act, new Generator(8));
            AssertRoundTrip(act, () => new PolyNorm(6, 3, 1e-6, sharing, groups), Uniform(new Generator(1), -2, 2, 3, 6));
        }
    }

    [Fact]
    public void RegistryAndOptions()
    {
        var act = Assert.IsType<PolyNorm>(LearnableActivations.Create("polynorm", 64));
        Assert.Equal((3, 1e-6, ParameterSharing.Layer), (act.Order, act.Eps, act.Sharing));
        var custom = Assert.IsType<PolyNorm>(LearnableActivations.Create("poly-norm(order=2, eps=1e-5, sharing=2, groups=4)", 64));
        Assert.Equal([4, 2], custom.Weight.Shape.ToArray());
        Assert.Contains("eps", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("polynorm(eps=0)", 8)).Message);
        Assert.Contains("order", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("polynorm(order=7)", 8)).Message);
        Assert.ThrowsAny<ArgumentException>(() => new PolyNorm(8, eps: -1));
        Assert.Throws<ShapeMismatchException>(() => act.Forward(Tensor.Zeros(2, 63)));
    }
}
