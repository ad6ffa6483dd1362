using Activa.Activations.Learnable;
using Activa.Tests.Nn;
using static Activa.Tests.Learnable.LearnableTestSupport;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Learnable;

/// <summary>PolyReLU f(x) = Σ_{i=1..r} aᵢ·ReLU(x)ⁱ + a₀ against the formula; gradients; init; serialisation; options.</summary>
public class PolyReluTests
{
    private static Func<double[][], double[]> Reference(int order, ParameterSharing sharing, int channels, int groups, int inner) => args =>
    {
        var (x, w, b) = (args[0], args[1], args[2]);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int s = SetOf(sharing, channels, groups, ChannelOf(i, channels, inner));
            double u = Math.Max(x[i], 0);
            y[i] = b[s];
            for (int k = 1; k <= order; k++) y[i] += w[s * order + k - 1] * Math.Pow(u, k);
        }
        return y;
    };

    [Theory]
    [InlineData(3, new[] { 5, 6 })]
    [InlineData(3, new[] { 2, 6, 5 })]
    [InlineData(1, new[] { 4, 6 })]
    [InlineData(5, new[] { 3, 6, 2 })]
    public void ValuesAndGradientsMatchTheFormulaInEverySharingMode(int order, int[] shape)
    {
        int channels = shape[1], inner = shape.Length == 3 ? shape[2] : 1;
        foreach (var (sharing, groups) in Modes(channels, 2))
        {
            var g = new Generator(60 + (ulong)order);
            var act = new PolyRelu(channels, order, sharing, groups);
            Randomize(act, g);
            var x = AwayFromZero(g, 0.1f, 1.5f, shape); // away from the kink at 0
            var reference = Reference(order, sharing, channels, groups, inner);
            AssertClose(reference([Values(x), Values(act.Weight), Values(act.Bias)]), act.Forward(x), rtol: 1e-6, atol: 1e-6);
            ModuleGradCheck.Check(act, x, reference);
        }
    }

    [Fact]
    public void StartsAsTheMeanOfTheFirstThreePowersOfRelu()
    {
        var act = new PolyRelu(4);
        Assert.Equal([1f / 3, 1f / 3, 1f / 3], act.Weight.ToArray());
        Assert.Equal([0f], act.Bias.ToArray());
        var x = Tensor.FromArray([-2f, -0.1f, 0f, 0.5f, 1f, 2f, 3f, -4f], 2, 4);
        var expected = x.ToArray().Select(v => { double u = Math.Max(v, 0); return (u + u * u + u * u * u) / 3; }).ToArray();
        AssertClose(expected, act.Forward(x), rtol: 1e-6);
        for (int i = 0; i < 8; i++) Assert.Equal(expected[i], act.Evaluate(x.ToArray()[i]), 1e-6);
        // Zero slope for x ≤ 0, the constant term's gradient everywhere.
        var xg = Tensor.FromArray([-1f, 0f, 2f, -3f], 1, 4);
        xg.RequiresGrad = true;
        act.Forward(xg).Sum().Backward();
        AssertClose([0, 0, (1 + 4 + 12) / 3.0, 0], xg.Grad!, rtol: 1e-6);
        Assert.Equal([4f], act.Bias.Grad!.ToArray());
        Assert.Equal([2f, 4f, 8f], act.Weight.Grad!.ToArray());
    }

    [Fact]
    public void LargeInputsAreDeterministic()
    {
        var act = new PolyRelu(40, sharing: ParameterSharing.Group, groups: 4);
        Randomize(act, new Generator(2));
        var x = Uniform(new Generator(3), -2, 2, 128, 40, 9);
        x.RequiresGrad = true;
        var w = Uniform(new Generator(4), -1, 1, 128, 40, 9);
        act.Forward(x).Mul(w).Sum().Backward();
        var first = Bits(x.Grad!).Concat(Bits(act.Weight.Grad!)).Concat(Bits(act.Bias.Grad!)).ToArray();
        x.Grad = null;
        act.ZeroGrad();
        act.Forward(x).Mul(w).Sum().Backward();
        Assert.Equal(first, Bits(x.Grad!).Concat(Bits(act.Weight.Grad!)).Concat(Bits(act.Bias.Grad!)));
        AssertClose(Reference(3, ParameterSharing.Group, 40, 4, 9)([Values(x), Values(act.Weight), Values(act.Bias)]), act.Forward(x), rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void StateRoundTripsBitExact()
    {
        foreach (var (sharing, groups) in Modes(6, 3))
        {
            var act = new PolyRelu(6, 3, sharing, groups);
            Randomize(act, new Generator(8));
            AssertRoundTrip(act, () => new PolyRelu(6, 3, sharing, groups), Uniform(new Generator(1), -2, 2, 3, 6));
        }
    }

    [Fact]
    public void RegistryAndOptions()
    {
        var act = Assert.IsType<PolyRelu>(LearnableActivations.Create("polyrelu", 64));
        Assert.Equal((3, ParameterSharing.Layer), (act.Order, act.Sharing));
        var custom = Assert.IsType<PolyRelu>(LearnableActivations.Create("poly_relu(order=2, sharing=1)", 8));
        Assert.Equal([8, 2], custom.Weight.Shape.ToArray());
        Assert.Equal([8], custom.Bias.Shape.ToArray());
        Assert.Contains("order", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("polyrelu(order=0)", 8)).Message);
        Assert.Contains("order", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("polyrelu(order=9)", 8)).Message);
        Assert.Contains("groups", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("polyrelu(sharing=2, groups=3)", 8)).Message);
        Assert.ThrowsAny<ArgumentException>(() => new PolyRelu(8, order: 0));
        Assert.Throws<ShapeMismatchException>(() => act.Forward(Tensor.Zeros(2, 63)));
        Assert.Throws<ShapeMismatchException>(() => act.Forward(Tensor.Zeros(64)));
    }
}
