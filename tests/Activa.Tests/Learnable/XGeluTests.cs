using Activa.Activations;
using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>xGELU: x·((1 + 2α)Φ(x) − α).</summary>
public class XGeluTests
{
    internal static readonly LearnableSpec Spec = new("xgelu", (c, o) => new XGelu(c, o), ExpandedReference.F(ExpandedReference.Phi));

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<XGelu>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new XGelu(1));

    [Fact]
    public void AlphaZeroIsGelu()
    {
        var x = Tensor.Uniform([3, 40], -6f, 6f, new Generator(7));
        var y = new XGelu(40).Forward(x).ToArray();
        var gelu = Activation.Create("gelu").Forward(x).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(gelu[i], y[i], 2e-6f);
    }
}
