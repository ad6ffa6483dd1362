using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>Learnable Cauchy: (λ₁x + λ₂)/(x² + d²) with λ₁, λ₂, d learnable.</summary>
public class CauchyTests
{
    internal static readonly LearnableSpec Spec = new("cauchy", (c, o) => new Cauchy(c, o), (x, p) => (p[0] * x + p[1]) / (x * x + p[2] * p[2]));

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<Cauchy>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new Cauchy(1));

    [Fact]
    public void StartsAtOneAndMatchesTheFixedCatalogueEntry()
    {
        var m = new Cauchy(4);
        Assert.Equal(["lambda1", "lambda2", "d"], m.NamedParameters().Select(p => p.Name));
        Assert.All(m.Parameters(), p => Assert.Equal(1f, p[0]));
        var x = Tensor.Uniform([5, 4], -4f, 4f, new Generator(9));
        var fixedY = Activa.Activations.Activation.Create("cauchy").Forward(x).ToArray();
        var y = m.Forward(x).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(fixedY[i], y[i], 1e-6f);
    }

    [Fact]
    public void VanishingWidthIsFlooredNotDividedByZero()
    {
        var m = new Cauchy(1);
        using (Tensor.NoGrad()) m.D.CopyFrom(Tensor.Zeros(1));
        var x = Tensor.FromArray([0f, 1e-3f, 2f], 3, 1);
        x.RequiresGrad = true;
        var y = m.Forward(x);
        Assert.All(y.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1.0 / Cauchy.MinD2, y.ToArray()[0], 1e8 * 1e-6);
        y.Backward(Tensor.Ones(3, 1));
        Assert.Equal(0f, m.D.Grad![0]);
        Assert.Equal("d", Assert.Throws<ArgumentException>(() => new Cauchy(1, d: 0f)).ParamName);
    }
}
