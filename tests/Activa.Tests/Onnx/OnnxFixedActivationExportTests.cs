using Activa.Activations;
using Activa.Nn;
using Activa.Onnx;

namespace Activa.Tests.Onnx;

/// <summary>Every fixed activation of the zoo, at its default options and at others, exported and run in ONNX Runtime, gives Activa's outputs within 1e-5.</summary>
public sealed class OnnxFixedActivationExportTests
{
    public static TheoryData<string> Zoo => [.. Activation.Names];

    private static void AssertExportMatches(string spec)
    {
        var model = new Sequential(new Linear(8, 12, generator: new Generator(51)), new Act(spec), new Linear(12, 3, generator: new Generator(52)));
        model.Eval();
        var x = Tensor.Uniform([7, 8], -3f, 3f, new Generator(53));
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Forward(x).ToArray();
        OnnxCheck.Same(expected, OnnxCheck.Run(OnnxExport.Sequential(model, 8, 3), "logits", OnnxCheck.Float("input", x)));
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void EveryFixedActivationExports(string name) => AssertExportMatches(name);

    [Theory]
    [InlineData("fixed:snake(a=2)")]
    [InlineData("fixed:sine(omega=3)")]
    [InlineData("fixed:xatlu(alpha=0.4)")]
    [InlineData("fixed:elephant(a=1.5, d=3)")]
    [InlineData("fixed:cauchy(lambda1=0.5, lambda2=2, d=1.5)")]
    [InlineData("fixed:poly-relu(a0=0.1, a1=0.5, a2=-0.2, a3=0.05)")]
    [InlineData("fixed:aglu(kappa=1.3, lambda=0.6)")]
    [InlineData("fixed:apa(kappa=0.7, lambda=2)")]
    [InlineData("rrelu(lower=0.1, upper=0.3)")]
    [InlineData("threshold(threshold=0.5, value=-1)")]
    [InlineData("repu(p=2)")]
    [InlineData("smooth-step(gamma=3)")]
    [InlineData("firm-shrink(lambda1=0.3, lambda2=1.2)")]
    [InlineData("scad-shrink(lambda=0.4, a=3)")]
    [InlineData("hexpo(a=2, b=0.5, c=1.5, d=2)")]
    [InlineData("tanhsoft(alpha=0.5, beta=0.3, gamma=0.5, delta=0.5)")]
    [InlineData("eis(alpha=0.5, beta=2, gamma=0.5, delta=0.3, theta=0.7)")]
    [InlineData("smelu(beta=1)")]
    [InlineData("quick-gelu")]
    public void FixedActivationsWithOptionsExport(string spec) => AssertExportMatches(spec);

    [Fact]
    public void TheExporterListsEveryFixedActivationOfTheZoo()
    {
        var missing = Activation.Names.Except(OnnxActivations.FixedNames).ToArray();
        Assert.True(missing.Length == 0, $"fixed activations without an ONNX form: {string.Join(", ", missing)}");
        var extra = OnnxActivations.FixedNames.Except(Activation.Names).ToArray();
        Assert.True(extra.Length == 0, $"listed but not in the zoo: {string.Join(", ", extra)}");
    }
}
