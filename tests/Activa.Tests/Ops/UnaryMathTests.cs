using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>Elementwise unary math: Neg, Exp, Log, Sqrt, Abs, Square, Sign, Clamp.</summary>
public class UnaryMathTests
{
    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, Func<double, double> Ref, float Low, float High, double Rtol)> Ops = new()
    {
        ["neg"] = (t => t.Neg(), x => -x, -5, 5, 0),
        ["abs"] = (t => t.Abs(), Math.Abs, -5, 5, 0),
        ["square"] = (t => t.Square(), x => x * x, -5, 5, 1e-6),
        ["sqrt"] = (t => t.Sqrt(), Math.Sqrt, 0, 9, 1e-6),
        ["sign"] = (t => t.Sign(), x => Math.Sign(x), -5, 5, 0),
        ["clamp"] = (t => t.Clamp(-1.5f, 2f), x => Math.Clamp(x, -1.5, 2), -5, 5, 0),
        ["clamp_min"] = (t => t.Clamp(min: 0.5f), x => Math.Max(x, 0.5), -5, 5, 0),
        ["clamp_max"] = (t => t.Clamp(max: -0.5f), x => Math.Min(x, -0.5), -5, 5, 0),
        // approximations: exp/log tolerance
        ["exp"] = (t => t.Exp(), Math.Exp, -20, 20, 2e-6),
        ["log"] = (t => t.Log(), Math.Log, 1e-3f, 1e3f, 2e-6),
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in Ops.Keys)
            foreach (int n in new[] { 7, 45, 100_003 }) data.Add(op, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UnaryOpMatchesReference(string op, int n)
    {
        var (f, r, low, high, rtol) = Ops[op];
        var x = Uniform(new Generator(41), low, high, n);
        var y = f(x);
        AssertShape([n], y);
        // log near 1 is near 0: allow an absolute part of the same size as the relative one
        AssertClose(Map(Values(x), r), y, rtol: rtol, atol: op == "log" ? 2e-7 : 0, what: op);
    }

    public static TheoryData<string> OpNames()
    {
        var data = new TheoryData<string>();
        foreach (var op in Ops.Keys) data.Add(op);
        return data;
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void UnaryOpOnNonContiguousInputs(string op)
    {
        var (f, r, low, high, rtol) = Ops[op];
        var g = new Generator(42);
        var inputs = new[]
        {
            Uniform(g, low, high, 3, 4, 5).Permute(1, 2, 0),
            Uniform(g, low, high, 6, 9).Narrow(1, 2, 5),
            Uniform(g, low, high, 4, 1).Expand(4, 6),
            Uniform(g, low, high, 400, 300).T, // large: copy then parallel map
            Tensor.Scalar(Math.Max(low, 0.75f)),
        };
        foreach (var x in inputs)
        {
            var y = f(x);
            AssertShape(ShapeOf(x), y);
            AssertClose(Map(Values(x), r), y, rtol: rtol, atol: op == "log" ? 2e-7 : 0, what: $"{op} {Shape.Format(x.Shape)}");
        }
    }

    [Fact]
    public void SpecialValues()
    {
        var x = Tensor.FromArray([0f, -0f, float.PositiveInfinity, float.NegativeInfinity, -1f, float.NaN]);
        var exp = Values(x.Exp());
        Assert.Equal(1.0, exp[0]);
        Assert.Equal(double.PositiveInfinity, exp[2]);
        Assert.Equal(0.0, exp[3]);
        Assert.True(double.IsNaN(exp[5]));
        var log = Values(x.Log());
        Assert.Equal(double.NegativeInfinity, log[0]);
        Assert.Equal(double.PositiveInfinity, log[2]);
        Assert.True(double.IsNaN(log[4]), "log(-1) is NaN");
        Assert.True(double.IsNaN(log[5]));
        var sign = Values(x.Sign());
        Assert.Equal(new double[] { 0, 0, 1, -1, -1 }, sign.Take(5));
        Assert.True(double.IsNaN(sign[5]));
        Assert.True(double.IsNaN(Values(x.Clamp(-1, 1))[5]), "clamp keeps NaN");
        // exp of large but finite arguments stays finite where float can hold it
        Assert.True(float.IsFinite(Tensor.Scalar(88f).Exp().Item()));
        Assert.Equal(0.0, Tensor.Scalar(-104f).Exp().Item(), 1e-44);
    }

    // ---- gradients ----

    [Fact]
    public void UnaryGradientsMatchFiniteDifferences()
    {
        var g = new Generator(43);
        var any = Uniform(g, -2, 2, 3, 4);
        var positive = Uniform(g, 0.5f, 3, 3, 4);
        var awayFromZero = AwayFromZero(g, 0.2f, 2, 3, 4);
        GradCheck.Check(t => t[0].Neg(), [any]);
        GradCheck.Check(t => t[0].Exp(), [any]);
        GradCheck.Check(t => t[0].Log(), [positive]);
        GradCheck.Check(t => t[0].Sqrt(), [positive]);
        GradCheck.Check(t => t[0].Abs(), [awayFromZero]);
        GradCheck.Check(t => t[0].Square(), [any]);
        // tight check against the double reference
        GradCheck.Check(t => t[0].Exp(), [any], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-3, AbsoluteTolerance: 1e-5),
            reference: x => Map(x[0], Math.Exp));
        GradCheck.Check(t => t[0].Log(), [positive], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-3, AbsoluteTolerance: 1e-5),
            reference: x => Map(x[0], Math.Log));
    }

    [Fact]
    public void ClampGradientAwayFromBounds()
    {
        // grid values k·0.25 + 0.125 never come within 0.1 of the bounds ±1
        var data = Enumerable.Range(0, 16).Select(k => (k - 8) * 0.25f + 0.125f).ToArray();
        var x = Tensor.FromArray(data, 4, 4);
        GradCheck.Check(t => t[0].Clamp(-1f, 1f), [x]);
        GradCheck.Check(t => t[0].Clamp(min: 0f), [x]);
    }

    [Fact]
    public void ClampGradientIsOneInsideAndOnTheBoundsZeroOutside()
    {
        var x = Tensor.FromArray([-3f, -1f, -0.5f, 0.5f, 1f, 3f]);
        x.RequiresGrad = true;
        x.Clamp(-1f, 1f).Backward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f]));
        AssertExact([0, 2, 3, 4, 5, 0], x.Grad!);
    }

    [Fact]
    public void AbsGradientAtZeroIsZero()
    {
        var x = Tensor.FromArray([-2f, 0f, 3f]);
        x.RequiresGrad = true;
        x.Abs().Sum().Backward();
        AssertExact([-1, 0, 1], x.Grad!);
    }

    [Fact]
    public void SignRecordsNoGradient()
    {
        var x = Tensor.FromArray([-2f, 3f]);
        x.RequiresGrad = true;
        Assert.False(x.Sign().RequiresGrad);
    }

    [Fact]
    public void ClampRejectsMinAboveMax()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Ones(3).Clamp(2f, 1f));
        Assert.Contains("Clamp", e.Message);
    }
}
