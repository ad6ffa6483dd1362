using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Tests.Nn;

namespace Activa.Tests.Learnable;

/// <summary>AGLU = x·APA(x).</summary>
public class AgluTests
{
    private static double F(double x, double[] p)
    {
        double lambda = Math.Exp(p[1]);
        return x * Math.Pow(lambda * Math.Exp(-p[0] * x) + 1, -1 / lambda);
    }

    internal static readonly LearnableSpec Spec = new("aglu", (c, o) => new Aglu(c, o), F);

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<Aglu>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new Aglu(1));

    [Fact]
    public void InitialShapeIsSiluAndKappa1702ApproximatesGelu()
    {
        var x = Tensor.Uniform([3, 40], -6f, 6f, new Generator(5));
        var y = new Aglu(40).Forward(x).ToArray();
        var silu = Activation.Create("silu").Forward(x).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(silu[i], y[i], 1e-5f);
        var g = new Aglu(40, kappa: 1.702f).Forward(x).ToArray();
        var gelu = Activation.Create("gelu").Forward(x).ToArray();
        for (int i = 0; i < g.Length; i++) Assert.Equal(gelu[i], g[i], 0.025f);
    }

    [Fact]
    public void LambdaGradientCheckedAtSmallAndLargeLambda()
    {
        foreach (float lambda in new[] { 0.02f, 0.2f, 5f, 40f })
        {
            var m = new Aglu(3, 1.3f, lambda, ParameterSharing.Channel);
            var x = Tensor.Uniform([4, 3], -3f, 3f, new Generator(6));
            ModuleGradCheck.Check(m, x, arrays => LearnableKit.Reference(Spec, m, [4, 3], arrays[0], arrays[1..3]));
        }
    }
}
