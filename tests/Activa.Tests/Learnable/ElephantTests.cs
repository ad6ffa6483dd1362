using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>Learnable Elephant: 1/(1 + |x/a|^d) with a = e^ρₐ, d = e^ρ_d learnable.</summary>
public class ElephantTests
{
    internal static readonly LearnableSpec Spec = new("elephant", (c, o) => new Elephant(c, o),
        (x, p) => 1 / (1 + Math.Pow(Math.Abs(x) / Math.Exp(p[0]), Math.Exp(p[1]))))
    {
        AvoidZero = 0.05f,
    };

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<Elephant>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new Elephant(1));

    [Fact]
    public void ParametrisedByLogarithms()
    {
        var m = new Elephant(2, a: 2f, d: 6f);
        Assert.Equal(["log_a", "log_d"], m.NamedParameters().Select(p => p.Name));
        Assert.Equal(Math.Log(2), m.LogA[0], 6);
        Assert.Equal(2f, m.A[0], 5);
        Assert.Equal(6f, m.D[0], 5);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => new Elephant(2, a: 0f)).ParamName);
        Assert.Equal("d", Assert.Throws<ArgumentException>(() => new Elephant(2, d: -1f)).ParamName);
        var fixedY = Activa.Activations.Activation.Create("elephant(a=2, d=6)").Forward(Tensor.FromArray([-3f, -1f, 0.5f, 2f], 2, 2)).ToArray();
        var y = m.Forward(Tensor.FromArray([-3f, -1f, 0.5f, 2f], 2, 2)).ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(fixedY[i], y[i], 1e-6f);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(1f)]
    [InlineData(4f)]
    public void ZeroInputIsExactAndHasFiniteGradients(float d)
    {
        var m = new Elephant(1, 1.5f, d);
        var x = Tensor.FromArray([0f, -0f, 1e-30f, 1e-45f, 1e30f, float.MaxValue], 6, 1);
        x.RequiresGrad = true;
        var y = m.Forward(x);
        Assert.Equal(1f, y.ToArray()[0]);
        Assert.Equal(1f, y.ToArray()[1]);
        Assert.Equal(1 / (1 + Math.Pow(float.MaxValue / 1.5, d)), y.ToArray()[5], Math.Max(1e-6 * m.Evaluate(float.MaxValue), 1e-37));
        y.Backward(Tensor.Ones(6, 1));
        Assert.Equal(0f, x.Grad!.ToArray()[0]);
        Assert.Equal(0f, x.Grad!.ToArray()[1]);
        Assert.All(x.Grad!.ToArray(), v => Assert.True(float.IsFinite(v), $"d = {d}: {v}"));
        Assert.True(float.IsFinite(m.LogA.Grad![0]) && float.IsFinite(m.LogD.Grad![0]));
    }

    [Fact]
    public void GradientsAreSparseAwayFromTheBump()
    {
        var m = new Elephant(1, 1f, 8f);
        var x = Tensor.FromArray([-50f, 50f], 2, 1);
        x.RequiresGrad = true;
        m.Forward(x).Backward(Tensor.Ones(2, 1));
        Assert.All(x.Grad!.ToArray(), v => Assert.True(Math.Abs(v) < 1e-12));
    }
}
