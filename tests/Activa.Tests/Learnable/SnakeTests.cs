using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>Snake: x + sin²(ax)/a with a learnable.</summary>
public class SnakeTests
{
    internal static readonly LearnableSpec Spec = new("snake", (c, o) => new Snake(c, o), (x, p) => x + Math.Pow(Math.Sin(p[0] * x), 2) / p[0])
    {
        Low = -6f, High = 6f,
    };

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<Snake>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new Snake(1));

    [Fact]
    public void NegativeFrequenciesWork()
    {
        var m = new Snake(2, -0.7f);
        var x = Tensor.FromArray([-2f, 0.5f, 1f, 3f], 2, 2);
        var y = m.Forward(x).ToArray();
        for (int i = 0; i < 4; i++)
        {
            double xi = x.ToArray()[i];
            Assert.Equal(xi + Math.Pow(Math.Sin(-0.7 * xi), 2) / -0.7, y[i], 5);
        }
    }

    [Fact]
    public void FrequencyNearZeroIsGuarded()
    {
        var m = new Snake(1);
        using (Tensor.NoGrad()) m.A.CopyFrom(Tensor.Zeros(1));
        var x = Tensor.FromArray([-100f, -1f, 0f, 2f, 1000f], 5, 1);
        x.RequiresGrad = true;
        var y = m.Forward(x);
        // a is used as 1e-6: f ≈ x + a·x².
        var values = y.ToArray();
        for (int i = 0; i < 5; i++)
        {
            double xi = x.ToArray()[i];
            Assert.Equal(xi + 1e-6 * xi * xi, values[i], Math.Max(1e-5, Math.Abs(xi) * 1e-6));
        }
        y.Backward(Tensor.Ones(5, 1));
        Assert.All(x.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
        // ∂f/∂a → x² as a → 0: the guard passes it through so a can move away from 0.
        Assert.Equal(100.0 * 100 + 1 + 4 + 1e6, m.A.Grad![0], 1e6 * 2e-3);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => new Snake(1, 0f)).ParamName);
    }

    [Fact]
    public void ExtrapolatesPeriodically()
    {
        // f(x + π/a) = f(x) + π/a: the periodic part repeats.
        var m = new Snake(1, 2f);
        foreach (double x in new[] { -3.0, 0.4, 10.0, 250.0 })
            Assert.Equal(m.Evaluate(x) + Math.PI / 2, m.Evaluate(x + Math.PI / 2), 9);
    }
}
