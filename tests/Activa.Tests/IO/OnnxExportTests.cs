using Activa.Cli;
using Activa.IO;
using Activa.Models;
using Activa.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Activa.Tests.IO;

/// <summary>Exported MLPs run in ONNX Runtime and give Activa's outputs within 1e-5.</summary>
public sealed class OnnxExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (Activa.Nn.Module Model, ModelConfig Config) Trained(string activation, int seed)
    {
        var config = new ModelConfig { Inputs = 8, Hidden = [12, 6], Outputs = 3, Activation = activation, InputMean = 0.4f, InputStd = 1.7f };
        var model = config.Build(new Generator((ulong)seed));
        // move every parameter (learnable activations' included) away from its initial value, as training would
        var noise = new Generator((ulong)seed + 1);
        using (Tensor.NoGrad())
        {
            foreach (var p in model.Parameters()) p.CopyFrom(p.Add(Tensor.Uniform(p.Shape.ToArray(), -0.2f, 0.2f, noise)));
            foreach (var dice in model.NamedModules().Select(m => m.Module).OfType<Activa.Activations.Learnable.Dice>())
            {
                // running statistics as training leaves them, not the initial 0 and 1
                dice.RunningMean.CopyFrom(Tensor.Uniform(dice.RunningMean.Shape.ToArray(), -0.5f, 0.5f, noise));
                dice.RunningVar.CopyFrom(Tensor.Uniform(dice.RunningVar.Shape.ToArray(), 0.3f, 2f, noise));
            }
        }
        model.Eval();
        return (model, config);
    }

    private static void AssertSameOutputs(Activa.Nn.Module model, byte[] onnx, int seed)
    {
        var x = Tensor.Uniform([5, 8], -3f, 3f, new Generator((ulong)seed + 2));
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Forward(x).ToArray();
        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x.ToArray(), [5, 8]))]);
        var actual = results.Single(r => r.Name == "logits").AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"output {i}: Activa {expected[i]}, ONNX Runtime {actual[i]}");
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("relu6")]
    [InlineData("leaky-relu(negative_slope=0.2)")]
    [InlineData("elu(alpha=0.5)")]
    [InlineData("celu")]
    [InlineData("selu")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("softplus")]
    [InlineData("softplus(beta=2)")]
    [InlineData("softsign")]
    [InlineData("hard-sigmoid")]
    [InlineData("hard-swish")]
    [InlineData("hard-tanh(min_val=-2, max_val=2)")]
    [InlineData("abs")]
    [InlineData("gelu")]
    [InlineData("gelu-tanh")]
    [InlineData("silu")]
    [InlineData("swish(beta=1.5)")]
    [InlineData("mish")]
    [InlineData("tanh-shrink")]
    [InlineData("identity")]
    [InlineData("relu-squared")]
    [InlineData("square")]
    [InlineData("erf")]
    [InlineData("log-sigmoid")]
    [InlineData("gaussian")]
    [InlineData("hard-shrink(lambd=0.3)")]
    [InlineData("soft-shrink")]
    [InlineData("prelu(sharing=1)")]
    [InlineData("prelu")]
    [InlineData("swish-beta(sharing=1)")]
    [InlineData("pau")]
    [InlineData("pau(sharing=1, version=0)")]
    [InlineData("pau(sharing=2, groups=3, version=2)")]
    [InlineData("pau(m=3, n=2, version=3)")]
    [InlineData("dice")]
    [InlineData("dice(learnable_scale=1, scale_init=0.5)")]
    [InlineData("aglu")]
    [InlineData("aglu(sharing=1, kappa=1.7, lambda=0.5)")]
    [InlineData("apa(sharing=1)")]
    public void AnExportedMlpComputesWhatActivaComputes(string activation)
    {
        var (model, config) = Trained(activation, 5);
        AssertSameOutputs(model, OnnxExport.Model(config, model), 5);
    }

    [Theory]
    [InlineData("bspline(grid=5, order=3)", true)]
    [InlineData("bspline(grid=4, order=2)", false)]
    [InlineData("chebyshev(degree=5)", false)]
    [InlineData("rbf", false)]
    [InlineData("fourier(grid=3)", false)]
    [InlineData("relu-kan(grid=4, order=2)", false)]
    [InlineData("relu-kan(train=true)", false)]
    [InlineData("afkan", false)]
    [InlineData("afkan(f=gelu, combine=cubic1)", false)]
    [InlineData("afkan(f=leaky_relu, combine=sum_prod)", false)]
    [InlineData("afkan(f=elu, combine=quad2)", false)]
    [InlineData("grkan(groups=3)", false)]
    [InlineData("grkan(groups=2, init=identity)", false)]
    public void AnExportedKanComputesWhatActivaComputes(string basis, bool fitGrids)
    {
        var config = new ModelConfig { Model = "kan", Inputs = 8, Hidden = [5], Outputs = 3, Basis = basis, InputMean = 0.4f, InputStd = 1.7f };
        var model = config.Build(new Generator(11));
        if (fitGrids)   // non-uniform, data-placed knots, as after training
            Activa.Kan.KanNetwork.UpdateGrids((Activa.Nn.Sequential)model, Tensor.Uniform([200, 8], -3f, 3f, new Generator(12)));
        model.Eval();
        AssertSameOutputs(model, OnnxExport.Model(config, model), 13);
    }

    [Fact]
    public void TheCommandWritesAFileAndUnsupportedModelsAreNamed()
    {
        var (model, config) = Trained("gelu", 9);
        string run = Path.Combine(_dir, "run"), file = Path.Combine(_dir, "m.onnx");
        Directory.CreateDirectory(run);
        Checkpoint.Save(Path.Combine(run, "checkpoint.safetensors"), new CheckpointData(config, model.StateDict(), new Dictionary<string, Tensor>(), new TrainingProgress()));
        Assert.Equal(0, ExportCommand.Create().Parse([run, "--onnx", file]).Invoke());
        AssertSameOutputs(model, File.ReadAllBytes(file), 9);

        // every activation of the zoo has an ONNX form now; a layer without one is named with its index
        var small = new ModelConfig { Inputs = 4, Hidden = [3], Outputs = 2 };
        var odd = new Activa.Nn.Sequential(new Activa.Nn.Linear(4, 3), new Activa.Nn.Act("relu"), new Activa.Nn.LayerNorm(3), new Activa.Nn.Linear(3, 2));
        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.Model(small, odd)).Message;
        Assert.Contains("'LayerNorm'", error);  // names the op
        Assert.Contains("Layer 2", error);      // and the layer
        var ctr = new ModelConfig { Model = "kan", Inputs = 2, Hidden = [2], Outputs = 2 } with { Model = "other" };
        Assert.Throws<NotSupportedException>(() => OnnxExport.Model(ctr, new ModelConfig { Inputs = 2, Hidden = [2], Outputs = 2 }.Build()));
    }
}
