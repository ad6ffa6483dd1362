using Activa.Autograd;
using Activa.Kernels;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>Relu, Sigmoid, Tanh and a custom operator through Apply: values, gradients.</summary>
public class ActivationApplyTests
{
    /// <summary>A test-only activation: f(x) = x³, f'(x) = 3x², written against the public operator interface.</summary>
    private readonly struct CubeOp : IActivationOp
    {
        public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * x * x;
        public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 3f * x * x;
    }

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, Func<double, double> Ref, double Rtol, double Atol)> Ops = new()
    {
        ["relu"] = (t => t.Relu(), x => Math.Max(x, 0), 0, 0),
        // approximations of exp and tanh: 2e-6 relative (plus a tiny absolute part for tanh near 0)
        ["sigmoid"] = (t => t.Sigmoid(), x => 1 / (1 + Math.Exp(-x)), 2e-6, 0),
        ["tanh"] = (t => t.Tanh(), Math.Tanh, 2e-6, 1e-9),
        ["cube"] = (t => t.Apply(new CubeOp(), "cube"), x => x * x * x, 1e-6, 0),
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in Ops.Keys)
            foreach (int n in new[] { 5, 53, 100_003 }) data.Add(op, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ActivationMatchesReference(string op, int n)
    {
        var (f, r, rtol, atol) = Ops[op];
        var x = Uniform(new Generator(111), -8, 8, n);
        var y = f(x);
        AssertShape([n], y);
        AssertClose(Map(Values(x), r), y, rtol: rtol, atol: atol, what: op);
    }

    public static TheoryData<string> OpNames()
    {
        var data = new TheoryData<string>();
        foreach (var op in Ops.Keys) data.Add(op);
        return data;
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void ActivationOnNonContiguousInputs(string op)
    {
        var (f, r, rtol, atol) = Ops[op];
        var g = new Generator(112);
        foreach (var x in new[] { Uniform(g, -4, 4, 3, 4, 5).Permute(2, 0, 1), Uniform(g, -4, 4, 5, 9).Narrow(1, 3, 4), Uniform(g, -4, 4, 500, 300).T })
        {
            var y = f(x);
            AssertShape(ShapeOf(x), y);
            AssertClose(Map(Values(x), r), y, rtol: rtol, atol: atol, what: $"{op} {Shape.Format(x.Shape)}");
        }
    }

    [Fact]
    public void SaturatedInputsStayFiniteAndBounded()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 40).Select(i => (i - 20) * 10f).ToArray()); // −200 … 190, vector and tail
        foreach (var (y, lo, hi) in new[] { (x.Sigmoid(), 0f, 1f), (x.Tanh(), -1f, 1f) })
            Assert.All(y.ToArray(), v => Assert.InRange(v, lo, hi));
        Assert.Equal(1f, x.Sigmoid().ToArray()[^1]);
        Assert.Equal(-1f, x.Tanh().ToArray()[0]);
        Assert.Equal(1f, x.Tanh().ToArray()[^1]);
        Assert.InRange(x.Sigmoid().ToArray()[0], 0f, 1e-30f);
    }

    [Fact]
    public void ReluKeepsNaNAndZeroesNegatives()
    {
        var data = Enumerable.Range(0, 21).Select(i => (float)(i - 10)).ToArray();
        data[3] = float.NaN;   // in the vector body
        data[20] = float.NaN;  // in the scalar tail
        var y = Values(Tensor.FromArray(data).Relu());
        Assert.True(double.IsNaN(y[3]));
        Assert.True(double.IsNaN(y[20]));
        for (int i = 0; i < 20; i++)
            if (i != 3) Assert.Equal(Math.Max(i - 10, 0), y[i]);
    }

    // ---- gradients ----

    [Fact]
    public void ActivationGradientsMatchFiniteDifferences()
    {
        var g = new Generator(113);
        var x = AwayFromZero(g, 0.1f, 3, 3, 5); // relu: keep clear of the kink at 0
        GradCheck.Check(t => t[0].Relu(), [x]);
        GradCheck.Check(t => t[0].Sigmoid(), [x]);
        GradCheck.Check(t => t[0].Tanh(), [x]);
        GradCheck.Check(t => t[0].Apply(new CubeOp(), "cube"), [x]);
        GradCheck.Check(t => t[0].T.Tanh().Mul(t[0].T.Sigmoid()), [x]);
        var opts = new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-3, AbsoluteTolerance: 1e-5);
        GradCheck.Check(t => t[0].Sigmoid(), [x], opts, reference: v => Map(v[0], e => 1 / (1 + Math.Exp(-e))));
        GradCheck.Check(t => t[0].Tanh(), [x], opts, reference: v => Map(v[0], Math.Tanh));
    }

    [Fact]
    public void LargeActivationGradientsUseTheFusedBackward()
    {
        var x = Uniform(new Generator(114), -3, 3, 100_003);
        x.RequiresGrad = true;
        var up = Uniform(new Generator(115), -1, 1, 100_003);
        x.Tanh().Backward(up);
        var expected = Values(x).Zip(Values(up), (v, u) => u * (1 - Math.Tanh(v) * Math.Tanh(v))).ToArray();
        // derivative from the float output y: 1 − y² loses relative accuracy where y² ≈ 1
        AssertClose(expected, x.Grad!, rtol: 1e-4, atol: 1e-6);
    }

    [Fact]
    public void ReluGradientAtZeroIsZero()
    {
        var x = Tensor.FromArray([-1f, 0f, 2f]);
        x.RequiresGrad = true;
        x.Relu().Backward(Tensor.FromArray([5f, 6f, 7f]));
        AssertExact([0, 0, 7], x.Grad!);
    }
}
