using Activa.Activations;
using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>Swish-β: x·σ(βx) against its formula, gradients, stability, state, errors, registry.</summary>
public class SwishBetaTests
{
    internal static readonly LearnableSpec Spec = new("swish-beta", (c, o) => new SwishBeta(c, o), (x, p) => x / (1 + Math.Exp(-p[0] * x)));

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<SwishBeta>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new SwishBeta(1));

    [Fact]
    public void BetaOneIsSilu()
    {
        var x = Tensor.Uniform([4, 50], -8f, 8f, new Generator(3));
        var y = new SwishBeta(50).Forward(x).ToArray();
        var silu = Activation.Create("silu").Forward(x).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(silu[i], y[i], 1e-6f);
    }

    [Fact]
    public void HugeArgumentsStayFinite()
    {
        var m = new SwishBeta(2, 50f);
        var x = Tensor.FromArray([-1e4f, 1e4f, -3e38f, 3e38f], 2, 2);
        x.RequiresGrad = true;
        var y = m.Forward(x);
        Assert.Equal([0f, 1e4f, 0f, 3e38f], y.ToArray());
        y.Backward(Tensor.Ones(2, 2));
        Assert.All(x.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.True(float.IsFinite(m.Beta.Grad![0]));
    }
}
