using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Tests.Learnable;

/// <summary>SIREN's sine sin(ω₀x) and its initialisation scheme.</summary>
public class SirenTests
{
    internal static readonly LearnableSpec Spec = new("sine", (c, o) => new Siren(c, o), (x, p) => Math.Sin(30 * x))
    {
        HasSharing = false, Low = -1f, High = 1f, Atol = 3e-6,
    };

    // ω₀ = 2 over a wide range exercises the range reduction.
    internal static readonly LearnableSpec Wide = new("sine", (c, o) => new Siren(c, o), (x, p) => Math.Sin(2 * x))
    {
        HasSharing = false, Low = -200f, High = 200f, Options = [("omega0", 2)], Atol = 2e-5,
    };

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void ForwardMatchesReferenceOverManyPeriods() => LearnableKit.ForwardMatchesReference(Wide);
    [Fact] public void GradientsPassGradCheck() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<Siren>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new Siren(1));

    [Fact]
    public void OmegaIsAHyperParameter()
    {
        Assert.Equal(30f, new Siren(3).Omega0);
        Assert.Equal(5f, ((Siren)LearnableActivations.Create("siren(omega0=5)", 3)).Omega0);
        Assert.Equal("omega0", Assert.Throws<ArgumentException>(() => new Siren(3, 0f)).ParamName);
        Assert.Equal("omega0", Assert.Throws<ArgumentException>(() => new Siren(3, -1f)).ParamName);
    }

    [Fact]
    public void InitLinearFollowsSitzmannEtAl()
    {
        var first = new Linear(2, 256);
        var hidden = new Linear(256, 256);
        var biasBefore = hidden.Bias!.ToArray();
        Siren.InitLinear(first, first: true, 30f, new Generator(1));
        Siren.InitLinear(hidden, first: false, 30f, new Generator(2));
        AssertUniform(first.Weight.ToArray(), 1.0 / 2);
        AssertUniform(hidden.Weight.ToArray(), Math.Sqrt(6.0 / 256) / 30);
        Assert.Equal(biasBefore, hidden.Bias!.ToArray());
        // Same generator seed, same weights.
        var again = new Linear(256, 256);
        Siren.InitLinear(again, false, 30f, new Generator(2));
        Assert.Equal(hidden.Weight.ToArray(), again.Weight.ToArray());
        Assert.Equal("omega0", Assert.Throws<ArgumentException>(() => Siren.InitLinear(again, false, 0f, new Generator(2))).ParamName);
    }

    private static void AssertUniform(float[] w, double bound)
    {
        Assert.All(w, v => Assert.True(Math.Abs(v) <= bound, $"{v} outside ±{bound}"));
        Assert.True(w.Max() > 0.95 * bound && w.Min() < -0.95 * bound);
        double mean = w.Average(v => (double)v), var = w.Average(v => (double)v * v);
        Assert.True(Math.Abs(mean) < 0.05 * bound);
        // Var(w²) = b⁴(1/5 − 1/9) for U(−b, b): allow four standard errors of the sample mean.
        Assert.Equal(bound * bound / 3, var, 4 * Math.Sqrt((1.0 / 5 - 1.0 / 9) / w.Length) * bound * bound);
    }

    [Fact]
    public void SineNetworkKeepsUnitScaleActivations()
    {
        // The point of the scheme: with ω₀ = 30 the hidden pre-activations ω₀·(Wx + b) stay near unit scale
        // and the sine outputs keep the arcsine distribution (variance ½) layer after layer.
        var g = new Generator(3);
        var layers = new List<Module>();
        for (int l = 0; l < 4; l++)
        {
            var lin = new Linear(l == 0 ? 2 : 256, 256, generator: g);
            Siren.InitLinear(lin, l == 0, 30f, g);
            layers.Add(lin);
            layers.Add(new Siren(256));
        }
        var net = new Sequential([.. layers]);
        var x = Tensor.Uniform([512, 2], -1f, 1f, g);
        var y = net.Forward(x).ToArray();
        double var = y.Average(v => (double)v * v);
        Assert.InRange(var, 0.4, 0.6);
    }
}
