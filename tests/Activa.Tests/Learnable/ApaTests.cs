using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Tests.Nn;

namespace Activa.Tests.Learnable;

/// <summary>
/// APA (the gate) and AGLU (x·gate): against (λe^(−κx) + 1)^(−1/λ) written directly, gradients of κ and λ (the
/// published code's λ gradient is wrong, so λ gets its own checks), special cases, stability, state, errors, registry.
/// </summary>
public class ApaTests
{
    // θ = (κ, ρ = ln λ); the reference uses the textbook power form, not the stable one the kernel uses.
    private static double Gate(double x, double[] p)
    {
        double lambda = Math.Exp(p[1]);
        return Math.Pow(lambda * Math.Exp(-p[0] * x) + 1, -1 / lambda);
    }

    internal static readonly LearnableSpec Spec = new("apa", (c, o) => new Apa(c, o), Gate);

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<Apa>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new Apa(1));

    [Fact]
    public void InitialGateIsTheSigmoid()
    {
        var x = Tensor.Uniform([3, 40], -10f, 10f, new Generator(4));
        var y = new Apa(40).Forward(x).ToArray();
        var s = Activation.Create("sigmoid").Forward(x).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(s[i], y[i], 1e-6f);
    }

    [Theory]
    [InlineData(0.01, 1.0)]
    [InlineData(0.3, 2.0)]
    [InlineData(1.0, 0.5)]
    [InlineData(4.0, 1.5)]
    [InlineData(50.0, 1.0)]
    public void LambdaGradientMatchesFiniteDifferencesInLambda(double lambda, double kappa)
    {
        // ∂L/∂λ = ∂L/∂ρ / λ; compare with central differences in λ itself of the double power form.
        var m = new Apa(3, (float)kappa, (float)lambda, ParameterSharing.Channel);
        var x = Tensor.FromArray([-4f, -1.5f, -0.2f, 0f, 0.7f, 3f], 2, 3);
        var w = Tensor.FromArray([0.3f, -1f, 0.8f, 0.5f, -0.4f, 1f], 2, 3);
        m.Forward(x).Backward(w);
        var rho = m.LogLambda.ToArray();
        var k = m.Kappa.ToArray();
        for (int c = 0; c < 3; c++)
        {
            double lam = Math.Exp(rho[c]), h = 1e-6 * lam, numeric = 0;
            for (int r = 0; r < 2; r++)
            {
                int i = r * 3 + c;
                double xi = x.ToArray()[i];
                double Fp = Math.Pow((lam + h) * Math.Exp(-k[c] * xi) + 1, -1 / (lam + h));
                double Fm = Math.Pow((lam - h) * Math.Exp(-k[c] * xi) + 1, -1 / (lam - h));
                numeric += w.ToArray()[i] * (Fp - Fm) / (2 * h);
            }
            double analytic = m.LogLambda.Grad![c] / lam;
            Assert.True(Math.Abs(analytic - numeric) <= 1e-4 * Math.Abs(numeric) + 1e-5 / lam,
                $"λ = {lam}, channel {c}: analytic ∂L/∂λ {analytic}, numeric {numeric}");
        }
    }

    [Fact]
    public void SmallLambdaApproachesTheGumbelCdf()
    {
        var m = new Apa(1, 1f, 1e-4f);
        foreach (double x in new[] { -2.0, -0.5, 0, 1, 3 })
            Assert.Equal(Math.Exp(-Math.Exp(-x)), m.Evaluate(x), 3);
    }

    [Fact]
    public void ExtremeInputsStayInTheUnitInterval()
    {
        foreach (float lambda in new[] { 1e-4f, 0.05f, 1f, 30f, 1e4f })
        {
            var m = new Apa(1, 3f, lambda);
            var x = Tensor.FromArray([-1e30f, -200f, -50f, 0f, 50f, 200f, 1e30f], 7, 1);
            x.RequiresGrad = true;
            var y = m.Forward(x);
            Assert.All(y.ToArray(), v => Assert.True(v >= 0 && v <= 1, $"λ = {lambda}: {v}"));
            Assert.Equal(0f, y.ToArray()[0]);
            Assert.Equal(1f, y.ToArray()[^1]);
            y.Backward(Tensor.Ones(7, 1));
            Assert.All(x.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
            Assert.True(float.IsFinite(m.Kappa.Grad![0]) && float.IsFinite(m.LogLambda.Grad![0]));
        }
    }

    [Fact]
    public void LambdaOptionMustBePositive()
    {
        Assert.Equal("lambda", Assert.Throws<ArgumentException>(() => new Apa(2, 1f, 0f)).ParamName);
        Assert.Equal("lambda", Assert.Throws<ArgumentException>(() => new Aglu(2, 1f, -1f)).ParamName);
        Assert.Equal(["kappa", "log_lambda"], new Aglu(2).NamedParameters().Select(p => p.Name));
        Assert.Equal(0f, new Aglu(2).LogLambda[0]);
        Assert.Equal(2f, new Aglu(2, lambda: 2f).Lambda[0], 6);
    }

    [Fact]
    public void LambdaBeyondTheClampHasNoGradient()
    {
        var m = new Aglu(1);
        using (Tensor.NoGrad()) m.LogLambda.CopyFrom(Tensor.Full([1], -20f));
        var x = Tensor.FromArray([0.5f, -0.5f], 2, 1);
        m.Forward(x).Backward(Tensor.Ones(2, 1));
        Assert.Equal(0f, m.LogLambda.Grad![0]);
        Assert.Equal(1e-4, m.Lambda[0], 8);
    }
}
