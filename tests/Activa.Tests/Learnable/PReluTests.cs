using Activa.Activations;
using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>PReLU: max(0, x) + a·min(0, x) against its formula, gradients in every sharing mode, state, errors, registry.</summary>
public class PReluTests
{
    internal static readonly LearnableSpec Spec = new("prelu", (c, o) => new PRelu(c, o), (x, p) => x > 0 ? x : p[0] * x)
    {
        AvoidZero = 0.02f,
    };

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<PRelu>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new PRelu(1));

    [Fact]
    public void DefaultsAreTorchs()
    {
        var m = new PRelu(16);
        Assert.Equal(ParameterSharing.Layer, m.Sharing);
        Assert.Equal([1], m.Weight.Shape.ToArray());
        Assert.Equal(0.25f, m.Weight[0]);
        Assert.Equal(["weight"], m.NamedParameters().Select(p => p.Name));
        var c = new PRelu(16, 0.1f, ParameterSharing.Channel);
        Assert.Equal(16, c.Weight.Numel);
        Assert.All(c.Weight.ToArray(), v => Assert.Equal(0.1f, v));
        Assert.Equal("init", Assert.Throws<ArgumentException>(() => new PRelu(4, new ActivationOptions { ["init"] = 1e300 })).ParamName);
    }

    [Fact]
    public void SlopeAtZeroIsA()
    {
        var m = new PRelu(2, 0.3f);
        var x = Tensor.FromArray([0f, 0f, -1f, 2f], 2, 2);
        x.RequiresGrad = true;
        m.Forward(x).Backward(Tensor.Ones(2, 2));
        Assert.Equal([0.3f, 0.3f, 0.3f, 1f], x.Grad!.ToArray());
        Assert.Equal(-1f, m.Weight.Grad![0]);
    }

    [Fact]
    public void NonContiguousInputIsRead()
    {
        var m = new PRelu(3, 0.5f, ParameterSharing.Channel);
        var x = Tensor.FromArray([1f, -2f, 3f, -4f, 5f, -6f], 3, 2);
        var y = m.Forward(x.Transpose(0, 1));
        Assert.Equal([1f, 3f, 5f, -1f, -2f, -3f], y.ToArray());
    }
}
