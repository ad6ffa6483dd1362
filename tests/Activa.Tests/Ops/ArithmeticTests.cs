using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>Binary and scalar arithmetic, Where, and operators: values, broadcasting, gradients, errors.</summary>
public class ArithmeticTests
{
    /// <summary>One broadcasting binary op: the Activa call, the double reference, input ranges and the value tolerance.</summary>
    private sealed record BinaryCase(Func<Tensor, Tensor, Tensor> Op, Func<double, double, double> Ref,
        float ALow, float AHigh, float BLow, float BHigh, double Rtol);

    private static readonly Dictionary<string, BinaryCase> Binaries = new()
    {
        ["add"] = new((a, b) => a.Add(b), (x, y) => x + y, -2, 2, -2, 2, 1e-6),
        ["sub"] = new((a, b) => a.Sub(b), (x, y) => x - y, -2, 2, -2, 2, 1e-6),
        ["mul"] = new((a, b) => a.Mul(b), (x, y) => x * y, -2, 2, -2, 2, 1e-6),
        ["div"] = new((a, b) => a.Div(b), (x, y) => x / y, -2, 2, 0.5f, 2, 1e-6),
        // a^b through exp(b·log a): approximations of exp and log, so the exp/log tolerance
        ["pow"] = new((a, b) => a.Pow(b), Math.Pow, 0.5f, 2, -2, 2, 2e-6),
        ["maximum"] = new((a, b) => a.Maximum(b), Math.Max, -2, 2, -2, 2, 0),
        ["minimum"] = new((a, b) => a.Minimum(b), Math.Min, -2, 2, -2, 2, 0),
        ["operator+"] = new((a, b) => a + b, (x, y) => x + y, -2, 2, -2, 2, 1e-6),
        ["operator-"] = new((a, b) => a - b, (x, y) => x - y, -2, 2, -2, 2, 1e-6),
        ["operator*"] = new((a, b) => a * b, (x, y) => x * y, -2, 2, -2, 2, 1e-6),
        ["operator/"] = new((a, b) => a / b, (x, y) => x / y, -2, 2, 0.5f, 2, 1e-6),
    };

    private static readonly (int[] A, int[] B)[] BroadcastShapes =
    [
        ([3, 4], [3, 4]),
        ([3, 1], [4]),
        ([4], [3, 1]),
        ([2, 3, 4], [3, 1]),
        ([], [5]),
        ([5], []),
        ([2, 1, 4], [1, 3, 1]),
        ([1], [2, 3]),
        ([37], [37]),                 // vector body plus a scalar tail
        ([100_003], [100_003]),       // above the parallel threshold: contiguous parallel zip
        ([100_003], []),              // parallel, scalar on the right
        ([], [100_003]),              // parallel, scalar on the left
        ([317, 331], [331]),          // parallel strided rows
        ([331, 1], [331, 317]),       // parallel, broadcast along rows
    ];

    public static TheoryData<string, int[], int[]> ValueCases()
    {
        var data = new TheoryData<string, int[], int[]>();
        foreach (var op in Binaries.Keys)
            foreach (var (a, b) in BroadcastShapes) data.Add(op, a, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void BinaryOpMatchesReferenceWithBroadcasting(string op, int[] shapeA, int[] shapeB)
    {
        var c = Binaries[op];
        var g = new Generator(17);
        var a = Uniform(g, c.ALow, c.AHigh, shapeA);
        var b = Uniform(g, c.BLow, c.BHigh, shapeB);
        var (expected, shape) = Broadcast(Values(a), shapeA, Values(b), shapeB, c.Ref);
        var y = c.Op(a, b);
        AssertShape(shape, y);
        AssertClose(expected, y, rtol: c.Rtol, atol: 0, what: op);
    }

    public static TheoryData<string> BinaryOps()
    {
        var data = new TheoryData<string>();
        foreach (var op in Binaries.Keys) data.Add(op);
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void BinaryOpMatchesReferenceOnNonContiguousInputs(string op)
    {
        var c = Binaries[op];
        var g = new Generator(23);
        var cases = new (Tensor A, Tensor B)[]
        {
            // permuted against narrowed, same shape [5, 4, 3]
            (Uniform(g, c.ALow, c.AHigh, 4, 3, 5).Permute(2, 0, 1), Uniform(g, c.BLow, c.BHigh, 5, 8, 3).Narrow(1, 2, 4)),
            // an expanded view against a dense tensor
            (Uniform(g, c.ALow, c.AHigh, 3, 1).Expand(3, 4), Uniform(g, c.BLow, c.BHigh, 3, 4)),
            // a transposed view broadcast with a vector
            (Uniform(g, c.ALow, c.AHigh, 6, 4).T, Uniform(g, c.BLow, c.BHigh, 6)),
            // a vector against a narrowed column view
            (Uniform(g, c.ALow, c.AHigh, 7), Uniform(g, c.BLow, c.BHigh, 5, 3).Narrow(1, 1, 1)),
            // large: transposed against dense, and dense against a narrowed row view (parallel strided paths)
            (Uniform(g, c.ALow, c.AHigh, 400, 300).T, Uniform(g, c.BLow, c.BHigh, 300, 400)),
            (Uniform(g, c.ALow, c.AHigh, 300, 400), Uniform(g, c.BLow, c.BHigh, 300, 410).Narrow(1, 5, 400)),
        };
        foreach (var (a, b) in cases)
        {
            var (expected, shape) = Broadcast(Values(a), ShapeOf(a), Values(b), ShapeOf(b), c.Ref);
            var y = c.Op(a, b);
            AssertShape(shape, y);
            Assert.True(y.IsContiguous);
            AssertClose(expected, y, rtol: c.Rtol, atol: 0, what: $"{op} {Shape.Format(a.Shape)} with {Shape.Format(b.Shape)}");
        }
    }

    [Theory]
    [InlineData(3)]       // scalar tail only
    [InlineData(40)]      // vector body and tail
    [InlineData(100_003)] // parallel chunks
    public void MaximumAndMinimumPropagateNaN(int n)
    {
        var g = new Generator(5);
        var a = Uniform(g, -1, 1, n);
        var b = Uniform(g, -1, 1, n);
        int[] nanInA = [0, n / 2], nanInB = [n - 1, n / 3 + 1];
        foreach (int i in nanInA) a[i] = float.NaN;
        foreach (int i in nanInB) b[i] = float.NaN;
        var av = Values(a);
        var bv = Values(b);
        var expectedMax = av.Zip(bv, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x, y)).ToArray();
        var expectedMin = av.Zip(bv, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Min(x, y)).ToArray();
        AssertExact(expectedMax, a.Maximum(b), "maximum");
        AssertExact(expectedMin, a.Minimum(b), "minimum");
        AssertExact(expectedMax, b.Maximum(a), "maximum swapped");
    }

    // ---- scalar arithmetic and operators ----

    public static TheoryData<string, int> ScalarCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var op in ScalarOps.Keys)
            foreach (int n in new[] { 13, 100_003 }) data.Add(op, n);
        return data;
    }

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, Func<double, double> Ref, float Low, float High, double Rtol)> ScalarOps = new()
    {
        ["Add(s)"] = (t => t.Add(1.25f), x => x + 1.25, -3, 3, 1e-6),
        ["Sub(s)"] = (t => t.Sub(0.75f), x => x - 0.75, -3, 3, 1e-6),
        ["Mul(s)"] = (t => t.Mul(-2.5f), x => x * -2.5, -3, 3, 1e-6),
        ["Div(s)"] = (t => t.Div(3f), x => x / 3, -3, 3, 1e-6),
        ["Affine"] = (t => t.Affine(0.3f, -0.7f), x => x * 0.3f + -0.7f, -3, 3, 1e-6),
        ["t+s"] = (t => t + 2f, x => x + 2, -3, 3, 1e-6),
        ["s+t"] = (t => 2f + t, x => 2 + x, -3, 3, 1e-6),
        ["t-s"] = (t => t - 2f, x => x - 2, -3, 3, 1e-6),
        ["s-t"] = (t => 2f - t, x => 2 - x, -3, 3, 1e-6),
        ["t*s"] = (t => t * 1.5f, x => x * 1.5, -3, 3, 1e-6),
        ["s*t"] = (t => 1.5f * t, x => 1.5 * x, -3, 3, 1e-6),
        ["t/s"] = (t => t / 0.4f, x => x / 0.4f, -3, 3, 1e-6),
        ["-t"] = (t => -t, x => -x, -3, 3, 0),
        ["Pow(2)"] = (t => t.Pow(2f), x => x * x, -3, 3, 1e-6),
        ["Pow(3)"] = (t => t.Pow(3f), x => x * x * x, -3, 3, 2e-6),
        ["Pow(1)"] = (t => t.Pow(1f), x => x, -3, 3, 1e-6),
        ["Pow(0)"] = (t => t.Pow(0f), x => 1, -3, 3, 0),
        ["Pow(0.5)"] = (t => t.Pow(0.5f), Math.Sqrt, 0.1f, 4, 2e-6),
        ["Pow(-1.5)"] = (t => t.Pow(-1.5f), x => Math.Pow(x, -1.5), 0.5f, 4, 2e-6),
    };

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void ScalarOpMatchesReference(string op, int n)
    {
        var (f, r, low, high, rtol) = ScalarOps[op];
        var x = Uniform(new Generator(3), low, high, n);
        var y = f(x);
        AssertShape([n], y);
        AssertClose(Map(Values(x), r), y, rtol: rtol, atol: 0, what: op);
    }

    [Fact]
    public void ScalarOpsWorkOnNonContiguousAndRankZeroInputs()
    {
        var g = new Generator(4);
        var x = Uniform(g, -3, 3, 5, 7).T;
        AssertClose(Map(Values(x), v => v * 0.3f + -0.7f), x.Affine(0.3f, -0.7f), rtol: 1e-6, atol: 0);
        AssertClose(Map(Values(x), v => v * v * v), x.Pow(3f), rtol: 2e-6, atol: 0);
        var s = Tensor.Scalar(-1.5f);
        var y = s.Mul(4f).Add(1f);
        AssertShape([], y);
        Assert.Equal(-5f, y.Item()); // exact in float
    }

    // ---- Where ----

    [Fact]
    public void WhereMatchesReferenceWithBroadcasting()
    {
        var g = new Generator(8);
        var cond = Tensor.FromArray([1, 0, 2.5f], 3, 1);
        var a = Uniform(g, -1, 1, 4);
        var b = Tensor.Scalar(7f);
        var y = Tensor.Where(cond, a, b);
        AssertShape([3, 4], y);
        var av = Values(a);
        var expected = new double[12];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++) expected[i * 4 + j] = i == 1 ? 7 : av[j];
        AssertExact(expected, y);
    }

    [Fact]
    public void WhereOnLargeNonContiguousInputs()
    {
        var g = new Generator(9);
        var condData = new float[350 * 300];
        for (int i = 0; i < condData.Length; i++) condData[i] = g.NextFloat() < 0.5f ? 0f : 1f;
        var cond = Tensor.FromArray(condData, 350, 300).T; // [300, 350], transposed view
        var a = Uniform(g, -1, 1, 300, 350);
        var b = Uniform(g, -1, 1, 350);
        var cv = Values(cond);
        var av = Values(a);
        var bv = Values(b);
        var expected = new double[300 * 350];
        for (int k = 0; k < expected.Length; k++) expected[k] = cv[k] != 0 ? av[k] : bv[k % 350];
        var y = Tensor.Where(cond, a, b);
        AssertShape([300, 350], y);
        AssertExact(expected, y);
    }

    [Fact]
    public void WhereTreatsNaNConditionAsTrue()
    {
        var cond = Tensor.FromArray([float.NaN, 0f, -0f, -3f]);
        var y = Tensor.Where(cond, Tensor.FromArray([1f, 2f, 3f, 4f]), Tensor.FromArray([10f, 20f, 30f, 40f]));
        AssertExact([1, 20, 30, 4], y);
    }

    // ---- gradients ----

    private static readonly (int[] A, int[] B)[] GradShapes =
    [
        ([3, 4], [3, 4]),
        ([3, 1], [4]),
        ([2, 3, 4], [3, 1]),
        ([], [5]),
        ([5], []),
        ([2, 1, 3], [4, 1]),
    ];

    public static TheoryData<string, int[], int[]> GradCases()
    {
        var data = new TheoryData<string, int[], int[]>();
        foreach (var op in new[] { "add", "sub", "mul", "div", "pow", "maximum", "minimum" })
            foreach (var (a, b) in GradShapes) data.Add(op, a, b);
        return data;
    }

    /// <summary>Values on a grid of step 0.5, offset by <paramref name="offset"/>: two such tensors with offsets 0 and 0.25 never tie.</summary>
    private static Tensor Grid(Generator g, float offset, int[] shape)
    {
        var data = new float[Numel(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (g.NextInt(9) - 4) * 0.5f + offset;
        return Tensor.FromArray(data, shape);
    }

    [Theory]
    [MemberData(nameof(GradCases))]
    public void BinaryOpGradientsMatchFiniteDifferences(string op, int[] shapeA, int[] shapeB)
    {
        var g = new Generator(31);
        var c = Binaries[op];
        Tensor a, b;
        if (op is "maximum" or "minimum")
        {
            // every pair differs by at least 0.25, far more than the finite-difference step: no ties
            a = Grid(g, 0.25f, shapeA);
            b = Grid(g, 0f, shapeB);
        }
        else if (op == "div")
        {
            a = Uniform(g, -2, 2, shapeA);
            b = AwayFromZero(g, 0.5f, 2, shapeB);
        }
        else
        {
            a = Uniform(g, c.ALow, c.AHigh, shapeA);
            b = Uniform(g, c.BLow, c.BHigh, shapeB);
        }
        var result = GradCheck.Check(t => c.Op(t[0], t[1]), [a, b]);
        Assert.Equal(a.Numel + b.Numel, result.Checked);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("mul")]
    public void BroadcastGradientIsSummedBackToInputShape(string op)
    {
        var g = new Generator(2);
        var a = Uniform(g, -1, 1, 3, 1);
        var b = Uniform(g, -1, 1, 2, 1, 4);
        a.RequiresGrad = true;
        b.RequiresGrad = true;
        var y = Binaries[op].Op(a, b);
        AssertShape([2, 3, 4], y);
        var up = Uniform(g, -1, 1, 2, 3, 4);
        y.Backward(up);
        var upv = Values(up);
        // d(a+b)/da = 1, d(a·b)/da = b (broadcast), then summed over the broadcast dimensions
        var ga = op == "add" ? upv : Broadcast(upv, [2, 3, 4], Values(b), [2, 1, 4], (u, v) => u * v).V;
        var gb = op == "add" ? upv : Broadcast(upv, [2, 3, 4], Values(a), [3, 1], (u, v) => u * v).V;
        AssertShape([3, 1], a.Grad!);
        AssertShape([2, 1, 4], b.Grad!);
        AssertClose(SumTo(ga, [2, 3, 4], [3, 1]), a.Grad!, rtol: 1e-6, atol: 1e-7);
        AssertClose(SumTo(gb, [2, 3, 4], [2, 1, 4]), b.Grad!, rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void MaximumAndMinimumSplitTheGradientEvenlyOnTies()
    {
        // a vs b: tie, b larger, a larger, tie
        float[] av = [1, 2, 3, -1], bv = [1, 5, 0, -1];
        float[] up = [2, 3, 4, 8];
        // maximum: a gets up where a > b, half on ties; b gets the rest
        double[] maxA = [1, 0, 4, 4], maxB = [1, 3, 0, 4];
        // minimum: a gets up where a < b, half on ties
        double[] minA = [1, 3, 0, 4], minB = [1, 0, 4, 4];
        foreach (var (name, expectA, expectB) in new[] { ("maximum", maxA, maxB), ("minimum", minA, minB) })
        {
            var a = Tensor.FromArray(av);
            var b = Tensor.FromArray(bv);
            a.RequiresGrad = b.RequiresGrad = true;
            var y = name == "maximum" ? a.Maximum(b) : a.Minimum(b);
            y.Backward(Tensor.FromArray(up));
            AssertExact(expectA, a.Grad!, name + " grad a");
            AssertExact(expectB, b.Grad!, name + " grad b");
        }
    }

    [Fact]
    public void MaximumTieGradientWithBroadcasting()
    {
        var a = Tensor.FromArray([0f, 1f], 2, 1);
        var b = Tensor.FromArray([0f, 1f, 2f]);
        a.RequiresGrad = b.RequiresGrad = true;
        a.Maximum(b).Sum().Backward();
        // rows: a=0 vs [0,1,2] → tie, b, b;  a=1 vs [0,1,2] → a, tie, b
        AssertExact([0.5, 1.5], a.Grad!);
        AssertExact([0.5, 1 + 0.5, 2], b.Grad!);
    }

    [Fact]
    public void ScalarOpGradientsMatchFiniteDifferences()
    {
        var g = new Generator(6);
        var x = Uniform(g, 0.5f, 2, 3, 4);
        GradCheck.Check(t => t[0].Add(1.5f).Sub(0.25f).Mul(-2f).Div(3f), [x]);
        GradCheck.Check(t => t[0].Affine(0.3f, -0.7f), [x]);
        GradCheck.Check(t => 2f - t[0] * 3f + 1f / 2f * t[0] / 4f, [x]);
        GradCheck.Check(t => -t[0], [x]);
        foreach (float p in new[] { 2f, 3f, 0.5f, -1.5f, 1f })
            GradCheck.Check(t => t[0].Pow(p), [x]);
        GradCheck.Check(t => t[0].Square(), [Uniform(g, -2, 2, 5)]);
    }

    [Fact]
    public void OperatorExpressionGradientsMatchFiniteDifferences()
    {
        var g = new Generator(12);
        var a = Uniform(g, -1, 1, 3, 4);
        var b = AwayFromZero(g, 0.5f, 1.5f, 4);
        GradCheck.Check(t => (t[0] * t[1] + t[0] / t[1] - t[1]) * 0.5f, [a, b]);
    }

    [Fact]
    public void PowGradientForTensorExponentWithPositiveBase()
    {
        var g = new Generator(13);
        var a = Uniform(g, 0.5f, 2, 2, 3);
        var b = Uniform(g, -2, 2, 3);
        GradCheck.Check(t => t[0].Pow(t[1]), [a, b]);
        // with the double reference the step can be tiny and the tolerance tight
        GradCheck.Check(t => t[0].Pow(t[1]), [a, b], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 2e-3, AbsoluteTolerance: 1e-4),
            reference: x => Broadcast(x[0], [2, 3], x[1], [3], Math.Pow).V);
    }

    [Fact]
    public void WhereGradientsGoToTheChosenSide()
    {
        var g = new Generator(14);
        var cond = Tensor.FromArray([1, 0, 1], 3, 1);
        var a = Uniform(g, -1, 1, 4);
        var b = Uniform(g, -1, 1, 3, 4);
        GradCheck.Check(t => Tensor.Where(cond, t[0], t[1]), [a, b]);
        GradCheck.Check(t => Tensor.Where(cond, t[0].Mul(t[0]), Tensor.Scalar(2f)), [a]);

        a.RequiresGrad = b.RequiresGrad = true;
        Tensor.Where(cond, a, b).Sum().Backward();
        AssertExact([2, 2, 2, 2], a.Grad!); // rows 0 and 2 pick a
        AssertExact([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0], b.Grad!);
    }

    [Fact]
    public void GradientsAccumulateOverTwoBackwardPassesWithoutAliasing()
    {
        // a + b hands the same upstream gradient to both inputs; accumulating a second pass must not
        // let one leaf's gradient leak into the other's
        var a = Tensor.FromArray([1f, 2f]);
        var b = Tensor.FromArray([3f, 4f]);
        a.RequiresGrad = b.RequiresGrad = true;
        a.Add(b).Sum().Backward();
        a.Mul(Tensor.FromArray([5f, 6f])).Sum().Backward();
        AssertExact([6, 7], a.Grad!);
        AssertExact([1, 1], b.Grad!);

        // a user-supplied output gradient must not be modified by accumulation
        var x = Tensor.FromArray([1f, 2f]);
        x.RequiresGrad = true;
        var w = Tensor.FromArray([0.5f, 0.25f]);
        x.Clone().Backward(w);
        x.Clone().Backward(w);
        AssertExact([1, 0.5], x.Grad!);
        AssertExact([0.5, 0.25], w);
    }

    // ---- errors ----

    [Theory]
    [InlineData("add")]
    [InlineData("sub")]
    [InlineData("mul")]
    [InlineData("div")]
    [InlineData("pow")]
    [InlineData("maximum")]
    [InlineData("minimum")]
    public void BroadcastMismatchNamesTheOpAndBothShapes(string op)
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Binaries[op].Op(Tensor.Ones(3, 4), Tensor.Ones(2, 5)));
        Assert.Equal(op, e.Op);
        Assert.Contains(op, e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.Contains("[2, 5]", e.Message);
    }

    [Fact]
    public void OperatorBroadcastMismatchThrows()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Ones(2, 3) + Tensor.Ones(4));
        Assert.Contains("add", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
        Assert.Throws<ShapeMismatchException>(() => Tensor.Ones(2, 3) * Tensor.Ones(3, 2));
    }

    [Fact]
    public void WhereMismatchNamesWhere()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Where(Tensor.Ones(3), Tensor.Ones(4), Tensor.Ones(3)));
        Assert.Contains("where", e.Message);
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }
}
