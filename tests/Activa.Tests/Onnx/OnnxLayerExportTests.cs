using Activa.Activations.Learnable;
using Activa.Nn;
using Activa.Onnx;

namespace Activa.Tests.Onnx;

/// <summary>
/// Learnable activations (every one of the registry), GLU layers and Sequentials exported by
/// <see cref="OnnxExport.Sequential"/> run in ONNX Runtime and give Activa's outputs within 1e-5.
/// </summary>
public sealed class OnnxLayerExportTests
{
    private static void AssertExportMatches(Sequential model, int inputs, int batch, ulong seed)
    {
        OnnxCheck.Perturb(model, seed);
        var x = Tensor.Uniform([batch, inputs], -3f, 3f, new Generator(seed + 1));
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Forward(x).ToArray();
        var onnx = OnnxExport.Sequential(model, inputs, expected.Length / batch);
        OnnxCheck.Same(expected, OnnxCheck.Run(onnx, "logits", OnnxCheck.Float("input", x)));
    }

    [Theory]
    [InlineData("polyrelu")]
    [InlineData("polyrelu(order=5, sharing=1)")]
    [InlineData("polynorm")]
    [InlineData("polynorm(order=2, sharing=1)")]
    [InlineData("xatlu")]
    [InlineData("xatlu(alpha=0.3, sharing=1)")]
    [InlineData("xgelu(alpha=0.1)")]
    [InlineData("xsilu(sharing=2, groups=3)")]
    [InlineData("snake")]
    [InlineData("snake(a=0.5, sharing=1)")]
    [InlineData("sine(omega0=2)")]
    [InlineData("elephant")]
    [InlineData("elephant(a=2, d=2, sharing=1)")]
    [InlineData("cauchy")]
    [InlineData("cauchy(lambda1=0.5, d=2, sharing=1)")]
    [InlineData("helu")]
    [InlineData("pau(sharing=1)")]
    [InlineData("prelu(sharing=1)")]
    public void EveryLearnableActivationExports(string spec)
    {
        var model = new Sequential(new Linear(8, 12, generator: new Generator(1)), LearnableActivations.Create(spec, 12), new Linear(12, 3, generator: new Generator(2)));
        AssertExportMatches(model, 8, 7, 3);
    }

    [Fact]
    public void TheExporterListsEveryLearnableActivationOfTheRegistry()
    {
        var missing = LearnableActivations.Names.Except(OnnxActivations.LearnableNames).ToArray();
        Assert.True(missing.Length == 0, $"learnable activations without an ONNX form: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("gelu")]
    [InlineData("silu")]
    [InlineData("relu")]
    [InlineData("identity")]
    [InlineData("swish(beta=1.5)")]
    public void GluLayersWithAFixedGateExport(string gate)
    {
        var model = new Sequential(new GatedLinear(6, 5, gate, generator: new Generator(4)), new GatedLinear(5, 4, gate, bias: false, generator: new Generator(5)), new Linear(4, 2, generator: new Generator(6)));
        AssertExportMatches(model, 6, 5, 7);
    }

    [Theory]
    [InlineData("pau")]
    [InlineData("prelu")]
    [InlineData("xsilu(sharing=1)")]
    public void GluLayersWithALearnableGateExport(string gate)
    {
        var model = new Sequential(new GatedLinear(6, 5, LearnableActivations.Create(gate, 5), generator: new Generator(8)), new Linear(5, 2, generator: new Generator(9)));
        AssertExportMatches(model, 6, 3, 10);
    }

    [Fact]
    public void NestedSequentialsWithStandardizationAndDropoutExport()
    {
        var inner = new Sequential(new Linear(5, 4, generator: new Generator(11)), new Act("mish"), new Dropout(0.5f, new Generator(12)));
        var model = new Sequential(new Flatten(), new Standardize(0.3f, 1.4f), inner, GatedLinear.SwiGlu(4, 3, generator: new Generator(13)), new Linear(3, 2, generator: new Generator(14)));
        AssertExportMatches(model, 5, 9, 15);
    }

    /// <summary>A learnable activation the exporter cannot know (defined here).</summary>
    private sealed class Unknown(int channels) : LearnableActivation(channels, ParameterSharing.Layer)
    {
        private static readonly Activa.Activations.ActivationInfo Info = new("test-unknown", "x", "none", 2026, Activa.Activations.ActivationProperties.None);
        public override Activa.Activations.ActivationInfo Describe() => Info;
        public override double Evaluate(double x, int set = 0) => x;
        protected override Tensor ForwardCore(Tensor input) => input;
    }

    [Fact]
    public void AnActivationWithoutAnOnnxFormIsNamedWithItsLayer()
    {
        var model = new Sequential(new Linear(4, 3), new Sequential(new Linear(3, 3), new Unknown(3)), new Linear(3, 2));
        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.Sequential(model, 4, 2)).Message;
        Assert.Contains("'test-unknown'", error);
        Assert.Contains("Layer 1 (Sequential): Layer 1 (Unknown)", error);
        var glu = new Sequential(new Linear(4, 4), new GatedLinear(4, 3, new Unknown(3)));
        error = Assert.Throws<NotSupportedException>(() => OnnxExport.Sequential(glu, 4, 3)).Message;
        Assert.Contains("Layer 1 (GatedLinear)", error);
        Assert.Contains("'test-unknown'", error);
        var other = new Sequential(new Linear(4, 3), new LayerNorm(3));
        Assert.Contains("Layer 1 (LayerNorm)", Assert.Throws<NotSupportedException>(() => OnnxExport.Sequential(other, 4, 3)).Message);
        Assert.Throws<ArgumentException>(() => OnnxExport.Sequential(model, 0, 2));
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("relu")]
    [InlineData("pau")]
    public void ThresholdedMlpsExport(string activation)
    {
        var config = new Activa.Models.ModelConfig { Inputs = 8, Hidden = [12, 6], Outputs = 3, Activation = activation, ActivationThresholds = [0.15f, 0.3f] };
        var model = config.Build(new Generator(16));
        OnnxCheck.Perturb(model, 17);
        var x = Tensor.Uniform([5, 8], -3f, 3f, new Generator(18));
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Forward(x).ToArray();
        OnnxCheck.Same(expected, OnnxCheck.Run(OnnxExport.Model(config, model), "logits", OnnxCheck.Float("input", x)));
    }
}
