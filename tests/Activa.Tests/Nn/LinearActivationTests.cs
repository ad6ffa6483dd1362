using Activa.Activations;
using Activa.Autograd;
using Activa.Kernels;
using Activa.Nn;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// The fused Linear→activation op (bias and activation applied inside the GEMM, derivative and bias gradient in one
/// backward pass) against the unfused pair: bit-identical values and gradients for every catalogue activation when the
/// sum fits one K block (the only reordering, bias after the sum, then vanishes), within rounding otherwise; the
/// Sequential fusion, its fall-backs, and finite differences.
/// </summary>
[Collection("GlobalSettings")]
public class LinearActivationTests
{
    /// <summary>Every fixed activation but RReLU, which samples its slopes and has no fused kernel.</summary>
    public static TheoryData<string> Zoo => [.. Activation.Names.Where(n => n != "rrelu")];

    private static (Tensor Y, float[] Gx, float[] Gw, float[] Gb) Run(bool fused, string name, int rows, int inF, int outF, int seed)
    {
        var g = new Generator((ulong)seed);
        var x = Uniform(g, -2, 2, rows, inF);
        var w = Uniform(g, -0.3f, 0.3f, outF, inF);
        var b = Uniform(g, -1, 1, outF);
        foreach (var t in new[] { x, w, b }) t.RequiresGrad = true;
        var act = Activation.Create(name);
        var y = fused ? Functional.LinearActivation(x, w, b, act) : act.Forward(Functional.Linear(x, w, b));
        y.Backward(Uniform(new Generator((ulong)seed + 1), -1, 1, rows, outF));
        return (y, x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray());
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void EveryActivationIsBitIdenticalToTheUnfusedPairWithinOneKBlock(string name)
    {
        var act = Activation.Create(name);
        Assert.IsAssignableFrom<IEpilogueSource>(act);
        // 37 rows and 45 columns: whole tiles, edge rows and edge columns of every micro-kernel; 200 inputs < one K block.
        var fused = Run(true, name, 37, 200, 45, 7);
        var plain = Run(false, name, 37, 200, 45, 7);
        Assert.Equal(plain.Y.ToArray(), fused.Y.ToArray());
        Assert.Equal(plain.Gx, fused.Gx);
        Assert.Equal(plain.Gw, fused.Gw);
        Assert.Equal(plain.Gb, fused.Gb);
        Assert.StartsWith("linear+", fused.Y.GradFn!.Op);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("gelu")]
    [InlineData("sigmoid")]
    [InlineData("silu")]
    public void SeveralKBlocksAgreeToRounding(string name)
    {
        // 700 inputs: three K blocks, so the bias is added after the whole sum instead of before it.
        var fused = Run(true, name, 29, 700, 70, 11);
        var plain = Run(false, name, 29, 700, 70, 11);
        AssertClose(plain.Y.ToArray(), fused.Y.ToArray(), 2e-5f, name + " y");
        AssertClose(plain.Gx, fused.Gx, 2e-5f, name + " dx");
        AssertClose(plain.Gw, fused.Gw, 2e-5f, name + " dW");
        AssertClose(plain.Gb, fused.Gb, 2e-5f, name + " db");
    }

    private static void AssertClose(float[] expected, float[] actual, float tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {expected[i]} vs {actual[i]}");
    }

    [Theory]
    [InlineData("Avx2")]
    [InlineData("Scalar")]
    public void EveryMicroKernelAppliesTheEpilogue(string pathName)
    {
        var path = Enum.Parse<GemmKernelPath>(pathName);
        if (path == GemmKernelPath.Avx2 && !(System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)) return;
        var before = Gemm.ForcePath;
        try
        {
            Gemm.ForcePath = path;
            var fused = Run(true, "elu", 13, 100, 19, 3);
            var plain = Run(false, "elu", 13, 100, 19, 3);
            Assert.Equal(plain.Y.ToArray(), fused.Y.ToArray());
            Assert.Equal(plain.Gw, fused.Gw);
        }
        finally { Gemm.ForcePath = before; }
    }

    [Fact]
    public void TheOpenBlasBackendFinishesTheOutputAfterwards()
    {
        if (!Gemm.OpenBlasAvailable) return;
        var before = Gemm.Backend;
        try
        {
            Gemm.Backend = GemmBackend.OpenBlas;
            var fused = Run(true, "tanh", 9, 50, 21, 5);
            Gemm.Backend = GemmBackend.Managed;
            var plain = Run(false, "tanh", 9, 50, 21, 5);
            AssertClose(plain.Y.ToArray(), fused.Y.ToArray(), 1e-5f, "y");
            AssertClose(plain.Gx, fused.Gx, 1e-5f, "dx");
        }
        finally { Gemm.Backend = before; }
    }

    [Theory]
    [InlineData(1, 5, 3)]   // one row: the GEMV path, finished in one more pass
    [InlineData(4, 0, 3)]   // no inputs: y = f(b) (Linear used to count 0 rows here and leave y unwritten)
    [InlineData(6, 9, 1)]   // one output column
    [InlineData(0, 5, 3)]   // no rows: zero weight and bias gradients
    public void DegenerateShapes(int rows, int inF, int outF)
    {
        var fused = Run(true, "softplus", rows, inF, outF, 9);
        var plain = Run(false, "softplus", rows, inF, outF, 9);
        AssertClose(plain.Y.ToArray(), fused.Y.ToArray(), 1e-6f, "y");
        AssertClose(plain.Gw, fused.Gw, 1e-6f, "dW");
        AssertClose(plain.Gb, fused.Gb, 1e-6f, "db");
    }

    [Fact]
    public void WithoutBiasAndWithLeadingDimensions()
    {
        var g = new Generator(4);
        var x = Uniform(g, -1, 1, 2, 3, 8);
        var w = Uniform(g, -1, 1, 5, 8);
        var act = Activation.Create("mish");
        var y = Functional.LinearActivation(x, w, null, act);
        Assert.Equal([2, 3, 5], y.Shape.ToArray());
        Assert.Equal(act.Forward(Functional.Linear(x, w)).ToArray(), y.ToArray());
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("tanh")]
    [InlineData("elu(alpha=0.5)")]
    public void GradientsMatchFiniteDifferences(string spec)
    {
        var g = new Generator(21);
        var act = Activation.Create(spec);
        GradCheck.Check(t => Functional.LinearActivation(t[0], t[1], t[2], act),
            [Uniform(g, -1, 1, 5, 6), Uniform(g, -1, 1, 4, 6), Uniform(g, -1, 1, 4)],
            new GradCheckOptions(Step: 1e-2, RelativeTolerance: 2e-2, AbsoluteTolerance: 2e-3));
    }

    [Fact]
    public void WrongShapesAreRejectedLikeLinear()
    {
        var act = Activation.Create("relu");
        var ex = Assert.Throws<ShapeMismatchException>(() => Functional.LinearActivation(Tensor.Zeros(3, 4), Tensor.Zeros(2, 5), null, act));
        Assert.Contains("does not end in 5 features", ex.Message);
        Assert.Throws<ShapeMismatchException>(() => Functional.LinearActivation(Tensor.Zeros(3, 5), Tensor.Zeros(2, 5), Tensor.Zeros(3), act));
        Assert.Throws<ArgumentNullException>(() => Functional.LinearActivation(Tensor.Zeros(3, 5), Tensor.Zeros(2, 5), null, null!));
    }

    [Fact]
    public void AnActivationWithoutAFusedKernelRunsUnfused()
    {
        var g = new Generator(8);
        var x = Uniform(g, -1, 1, 6, 4);
        var w = Uniform(g, -1, 1, 3, 4);
        var rrelu = Activation.Create("rrelu");
        Assert.IsNotAssignableFrom<IEpilogueSource>(rrelu);
        var y = Functional.LinearActivation(x, w, null, rrelu, training: false);
        Assert.Equal(rrelu.Forward(Functional.Linear(x, w), training: false).ToArray(), y.ToArray());
    }

    private static Sequential Mlp(string act1, string act2) => new(
        new Linear(30, 24, generator: new Generator(1)), new Act(act1),
        new Linear(24, 16, generator: new Generator(2)), new Act(act2),
        new Linear(16, 3, generator: new Generator(3)));

    private static (float[] Y, float[][] Grads, string[] Ops) Train(Sequential model, bool fuse)
    {
        bool before = Sequential.FuseLinearActivation;
        try
        {
            Sequential.FuseLinearActivation = fuse;
            var x = Uniform(new Generator(5), -1, 1, 11, 30);
            var y = model.Forward(x);
            var ops = new List<string>();
            for (var t = y; t.GradFn != null; t = t.GradFn.Inputs[0]) ops.Add(t.GradFn.Op);
            y.Backward(Uniform(new Generator(6), -1, 1, 11, 3));
            var grads = model.Parameters().Select(p => p.Grad!.ToArray()).ToArray();
            foreach (var p in model.Parameters()) p.Grad = null;
            return (y.ToArray(), grads, [.. ops]);
        }
        finally { Sequential.FuseLinearActivation = before; }
    }

    [Fact]
    public void SequentialFusesEachLinearActivationPairWithTheSameResults()
    {
        var model = Mlp("gelu", "relu");
        var fused = Train(model, fuse: true);
        var plain = Train(model, fuse: false);
        Assert.Equal(["linear", "linear+relu", "linear+gelu"], fused.Ops);
        Assert.Equal(["linear", "relu", "linear", "gelu", "linear"], plain.Ops);
        Assert.Equal(plain.Y, fused.Y);
        for (int i = 0; i < plain.Grads.Length; i++) Assert.Equal(plain.Grads[i], fused.Grads[i]);
    }

    [Fact]
    public void ALayerWithAHookIsNotFused()
    {
        var model = Mlp("tanh", "sigmoid");
        Tensor? seen = null;
        using var hook = model.Layers[1].RegisterForwardHook((_, input, _) => seen = input);
        var run = Train(model, fuse: true);
        Assert.NotNull(seen);
        Assert.Equal([24], seen!.Shape.ToArray()[1..]);
        Assert.Equal(["linear", "linear+sigmoid", "tanh", "linear"], run.Ops);
    }

    [Fact]
    public void InferenceKeepsNoPreActivation()
    {
        var model = Mlp("silu", "relu");
        model.Eval();
        using var _ = Tensor.NoGrad();
        var x = Uniform(new Generator(5), -1, 1, 11, 30);
        bool before = Sequential.FuseLinearActivation;
        try
        {
            Sequential.FuseLinearActivation = false;
            var plain = model.Forward(x).ToArray();
            Sequential.FuseLinearActivation = true;
            var fused = model.Forward(x);
            Assert.Null(fused.GradFn);
            Assert.Equal(plain, fused.ToArray());
        }
        finally { Sequential.FuseLinearActivation = before; }
    }
}

/// <summary>
/// PReLU, Swish-β and PAU fused into the Linear before them: the same values and input/weight/bias gradients as the unfused
/// pair (bit for bit within one K block), parameter gradients to rounding (the per-set sums are added in another
/// order), for every sharing mode; inputs whose channels are not the output features run unfused.
/// </summary>
[Collection("GlobalSettings")]
public class LinearLearnableActivationTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "prelu", "layer" }, { "prelu", "channel" }, { "prelu", "group" },
        { "swish-beta", "layer" }, { "swish-beta", "channel" }, { "swish-beta", "group" },
        { "pau", "layer" }, { "pau", "channel" },
    };

    private static Activa.Activations.Learnable.LearnableActivation Make(string name, string sharing, int channels)
    {
        var s = Enum.Parse<Activa.Activations.Learnable.ParameterSharing>(sharing, ignoreCase: true);
        int groups = s == Activa.Activations.Learnable.ParameterSharing.Group ? 3 : 1;
        Activa.Activations.Learnable.LearnableActivation act = name switch
        {
            "prelu" => new Activa.Activations.Learnable.PRelu(channels, 0.25f, s, groups),
            "swish-beta" => new Activa.Activations.Learnable.SwishBeta(channels, 1.3f, s, groups),
            _ => new Activa.Activations.Learnable.Pau(channels, sharing: s, groups: groups),
        };
        // distinct coefficients per set, so that a column reading another set's value shows
        foreach (var p in act.Parameters())
            for (int i = 0; i < p.Numel; i++) p.AsSpan()[i] += 0.01f * (i % 7);
        return act;
    }

    private static (float[] Y, float[][] Grads, string Op) Run(bool fuse, string name, string sharing, int inF)
    {
        bool before = Sequential.FuseLinearActivation;
        try
        {
            Sequential.FuseLinearActivation = fuse;
            var model = new Sequential(new Linear(inF, 45, generator: new Generator(1)), Make(name, sharing, 45));
            var x = Uniform(new Generator(2), -2, 2, 37, inF);
            var y = model.Forward(x);
            y.Backward(Uniform(new Generator(3), -1, 1, 37, 45));
            return (y.ToArray(), [.. model.Parameters().Select(p => p.Grad!.ToArray())], y.GradFn!.Op);
        }
        finally { Sequential.FuseLinearActivation = before; }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedEqualsUnfused(string name, string sharing)
    {
        var fused = Run(true, name, sharing, 200);
        var plain = Run(false, name, sharing, 200);
        Assert.Equal("linear+" + name, fused.Op);
        Assert.Equal(name, plain.Op);
        Assert.Equal(plain.Y, fused.Y);
        Assert.Equal(plain.Grads[0], fused.Grads[0]); // weight
        Assert.Equal(plain.Grads[1], fused.Grads[1]); // bias
        for (int k = 2; k < plain.Grads.Length; k++)     // the activation's coefficients
        {
            var (a, b) = (plain.Grads[k], fused.Grads[k]);
            Assert.Equal(a.Length, b.Length);
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4f * (1 + Math.Abs(a[i])), $"coefficient gradient {k}[{i}]: {a[i]} vs {b[i]}");
        }
    }

    [Fact]
    public void SeveralKBlocksAgreeToRounding()
    {
        var fused = Run(true, "swish-beta", "channel", 600);
        var plain = Run(false, "swish-beta", "channel", 600);
        for (int k = 0; k < plain.Grads.Length; k++)
            for (int i = 0; i < plain.Grads[k].Length; i++)
                Assert.True(Math.Abs(plain.Grads[k][i] - fused.Grads[k][i]) <= 1e-4f * (1 + Math.Abs(plain.Grads[k][i])), $"gradient {k}[{i}]");
        for (int i = 0; i < plain.Y.Length; i++) Assert.True(Math.Abs(plain.Y[i] - fused.Y[i]) <= 1e-5f * (1 + Math.Abs(plain.Y[i])));
    }

    [Fact]
    public void CoefficientGradientMatchesFiniteDifferences()
    {
        var model = new Sequential(new Linear(6, 5, generator: new Generator(1)), Make("swish-beta", "channel", 5));
        var x = Uniform(new Generator(2), -2, 2, 4, 6);
        var w = Uniform(new Generator(3), -1, 1, 4, 5);
        var y = model.Forward(x);
        Assert.Equal("linear+swish-beta", y.GradFn!.Op);
        y.Backward(w);
        var beta = model.Parameters().Last();
        var analytic = beta.Grad!.ToArray();
        for (int i = 0; i < beta.Numel; i++)
        {
            double Loss(float delta)
            {
                using var _ = Tensor.NoGrad();
                float keep = beta.AsSpan()[i];
                beta.AsSpan()[i] = keep + delta;
                var v = model.Forward(x).Mul(w).Sum().Item();
                beta.AsSpan()[i] = keep;
                return v;
            }
            double numeric = (Loss(1e-2f) - Loss(-1e-2f)) / 2e-2;
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"β[{i}]: {analytic[i]} vs {numeric}");
        }
    }

    [Fact]
    public void ChannelsThatAreNotTheOutputFeaturesRunUnfused()
    {
        // [B, T, in] → [B, T, out]: the activation's channels are dimension 1 (T), as without fusion.
        var model = new Sequential(new Linear(8, 6, generator: new Generator(1)), Make("prelu", "channel", 3));
        var x = Uniform(new Generator(2), -1, 1, 2, 3, 8);
        var y = model.Forward(x);
        Assert.Equal("prelu", y.GradFn!.Op);
        Assert.Equal(model.Layers[1].Forward(model.Layers[0].Forward(x)).ToArray(), y.ToArray());
    }
}
