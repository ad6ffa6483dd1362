using Activa.Activations;
using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>xSiLU: x·((1 + 2α)σ(x) − α).</summary>
public class XSiluTests
{
    internal static readonly LearnableSpec Spec = new("xsilu", (c, o) => new XSilu(c, o), ExpandedReference.F(ExpandedReference.Sigma));

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<XSilu>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new XSilu(1));

    [Fact]
    public void AlphaZeroIsSilu()
    {
        var x = Tensor.Uniform([3, 40], -6f, 6f, new Generator(8));
        var y = new XSilu(40).Forward(x).ToArray();
        var silu = Activation.Create("silu").Forward(x).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(silu[i], y[i], 1e-6f);
    }
}
