using Activa.Kernels;
using Activa.Nn;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// The frozen inference path: the same values as the model's own forward in evaluation mode (bit for bit: the same
/// kernels on weights packed once), for batch sizes from 1 up and on every micro-kernel; a frozen copy that later
/// training does not touch; no allocation per call; refusals and input checks.
/// </summary>
[Collection("GlobalSettings")]
public class PredictorTests
{
    private static Sequential Model() => new(
        new Flatten(), new Standardize(0.2f, 0.7f),
        new Linear(300, 70, generator: new Generator(1)), new Act("gelu"), new Dropout(0.3f),
        new Linear(70, 33, generator: new Generator(2)), new Act("rrelu"),
        new Linear(33, 5, generator: new Generator(3)), new Act("sigmoid"));

    private static float[] Reference(Sequential model, Tensor x)
    {
        model.Eval();
        using var _ = Tensor.NoGrad();
        return model.Forward(x).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(301)]
    public void MatchesTheModelBitForBit(int rows)
    {
        var model = Model();
        var x = Uniform(new Generator(4), -1, 1, rows, 3, 100);
        var predictor = new Predictor(model);
        Assert.Equal((300, 5), (predictor.Inputs, predictor.Outputs));
        Assert.Equal(Reference(model, x), predictor.Predict(x.ToArray(), rows).ToArray());
        var y = predictor.Predict(x);
        Assert.Equal([rows, 5], y.Shape.ToArray());
        Assert.Equal(Reference(model, x), y.ToArray());
    }

    [Theory]
    [InlineData("Avx2")]
    [InlineData("Scalar")]
    public void EveryMicroKernelAndAKernelChangedAfterPacking(string pathName)
    {
        var path = Enum.Parse<GemmKernelPath>(pathName);
        if (path == GemmKernelPath.Avx2 && !(System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)) return;
        var before = Gemm.ForcePath;
        try
        {
            var model = Model();
            var x = Uniform(new Generator(5), -1, 1, 9, 300);
            Gemm.ForcePath = path;
            var predictor = new Predictor(model);
            Assert.Equal(Reference(model, x), predictor.Predict(x).ToArray());
            // packed for one kernel, run under another: the packed copy is ignored, B is read as stored
            Gemm.ForcePath = path == GemmKernelPath.Scalar ? GemmKernelPath.Auto : GemmKernelPath.Scalar;
            Assert.Equal(Reference(model, x), predictor.Predict(x).ToArray());
        }
        finally { Gemm.ForcePath = before; }
    }

    [Fact]
    public void LearnableActivationsAfterALinearAreFrozenWithTheWeights()
    {
        var model = new Sequential(
            new Linear(40, 32, generator: new Generator(1)), new Activa.Activations.Learnable.PRelu(32, 0.2f, Activa.Activations.Learnable.ParameterSharing.Channel),
            new Linear(32, 24, generator: new Generator(2)), new Activa.Activations.Learnable.Pau(24, version: Activa.Activations.Learnable.RationalVersion.D, noise: 0.1),
            new Linear(24, 16, generator: new Generator(3)), new Activa.Activations.Learnable.SwishBeta(16, 1.5f),
            new Linear(16, 3, generator: new Generator(4)));
        foreach (var p in model.Parameters()) p.AsSpan()[0] += 0.1f;
        model.Train();
        var predictor = new Predictor(model);
        Assert.True(model.Training); // its mode is left as it was
        var x = Uniform(new Generator(5), -1, 1, 6, 40);
        Assert.Equal(Reference(model, x), predictor.Predict(x).ToArray());
        Assert.Throws<NotSupportedException>(() => new Predictor(new Sequential(new Linear(4, 3), new Activa.Activations.Learnable.Dice(3))));
    }

    [Fact]
    public void LaterTrainingDoesNotChangeIt()
    {
        var model = Model();
        var x = Uniform(new Generator(6), -1, 1, 4, 300);
        var predictor = new Predictor(model);
        var frozen = predictor.Predict(x).ToArray();
        foreach (var p in model.Parameters()) p.AsSpan().Fill(0.5f);
        Assert.Equal(frozen, predictor.Predict(x).ToArray());
        Assert.NotEqual(frozen, new Predictor(model).Predict(x).ToArray());
    }

    [Fact]
    public void ACallAllocatesNothing()
    {
        int threads = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var predictor = new Predictor(Model());
            var x = Uniform(new Generator(7), -1, 1, 32, 300).ToArray();
            float sum = 0;
            for (int i = 0; i < 3; i++) sum += predictor.Predict(x, 32)[0];
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++) sum += predictor.Predict(x, 1 + i % 32)[0];
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(float.IsFinite(sum));
        }
        finally { Parallelism.Threads = threads; }
    }

    [Fact]
    public void ClonesShareWeightsButNotWorkspaces()
    {
        var predictor = new Predictor(Model());
        var clone = predictor.Clone();
        var a = Uniform(new Generator(8), -1, 1, 3, 300).ToArray();
        var b = Uniform(new Generator(9), -1, 1, 3, 300).ToArray();
        var ya = predictor.Predict(a, 3).ToArray();
        var yb = clone.Predict(b, 3);
        Assert.Equal(ya, predictor.Predict(a, 3).ToArray());
        Assert.NotEqual(ya, yb.ToArray());
    }

    [Fact]
    public void RefusesWhatItCannotFreezeAndChecksItsInput()
    {
        var ex = Assert.Throws<NotSupportedException>(() => new Predictor(new Sequential(new Linear(4, 3), new LayerNorm(3))));
        Assert.Contains("layer 1 is a LayerNorm", ex.Message);
        Assert.Throws<NotSupportedException>(() => new Predictor(new Sequential(new Act("relu"))));
        var predictor = new Predictor(new Sequential(new Linear(4, 3)));
        Assert.Contains("need 8 floats", Assert.Throws<ArgumentException>(() => predictor.Predict(new float[7], 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(new float[8], -1));
        Assert.Throws<ShapeMismatchException>(() => predictor.Predict(Tensor.Zeros(2, 5)));
        Assert.Equal(0, predictor.Predict([], 0).Length);
    }
}
