using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>
/// HeLU: ReLU forward, gradient passed for x &gt; −δ. Its backward is by design not the derivative of its forward, so
/// it is checked against the rule itself, not finite differences.
/// </summary>
public class HeluTests
{
    internal static readonly LearnableSpec Spec = new("helu", (c, o) => new Helu(c, o), (x, p) => Math.Max(x, 0))
    {
        HasSharing = false,
        InputDerivative = (x, p) => x > -0.05 ? 1 : 0,
        AvoidZero = 0.01f,
    };

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void LargeInputsFollowTheBackwardRule() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<Helu>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new Helu(1));

    [Theory]
    [InlineData(0.05f)]
    [InlineData(0.2f)]
    [InlineData(0f)]
    public void BackwardPassesTheGradientAboveMinusDelta(float delta)
    {
        var m = new Helu(1, delta);
        float[] one = [-1f, -delta - 1e-3f, -delta, -delta + 1e-3f, -1e-7f, 0f, 1e-7f, 0.5f, 3f];
        float[] xs = [.. one, .. one, .. one, .. one];
        var x = Tensor.FromArray(xs, xs.Length, 1);
        x.RequiresGrad = true;
        var y = m.Forward(x);
        Assert.Equal(xs.Select(v => MathF.Max(v, 0)), y.ToArray());
        var g = Tensor.Uniform([xs.Length, 1], 0.5f, 2f, new Generator(4));
        foreach (int width in new[] { 1, 8, 16 })
        {
            var xi = x.Detach();
            xi.RequiresGrad = true;
            LearnableKit.WithWidth(width, () => { m.Forward(xi).Backward(g); return 0; });
            var gx = xi.Grad!.ToArray();
            for (int i = 0; i < xs.Length; i++)
                Assert.Equal(xs[i] > -delta ? g.ToArray()[i] : 0f, gx[i]);
        }
    }

    [Fact]
    public void DeltaIsAHyperParameter()
    {
        Assert.Equal(0.05f, new Helu(2).Delta);
        Assert.Equal(0.1f, ((Helu)LearnableActivations.Create("helu(delta=0.1)", 2)).Delta);
        Assert.Equal("delta", Assert.Throws<ArgumentException>(() => new Helu(2, -0.1f)).ParamName);
    }
}
