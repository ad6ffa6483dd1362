using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>Softmax and LogSoftmax along every axis: values (including extreme inputs), gradients, errors.</summary>
public class SoftmaxTests
{
    // softmax: exp approximation (≤ 2e-6) plus the row sum and one division
    private const double SoftmaxRtol = 5e-6;
    // log-softmax: x − max − log Σ: absolute error of a few ulp of the largest term
    private const double LogSoftmaxAtol = 5e-6;

    public static TheoryData<int, bool> Axes()
    {
        var data = new TheoryData<int, bool>();
        foreach (int axis in new[] { 0, 1, 2, -1, -2 })
            foreach (bool log in new[] { false, true }) data.Add(axis, log);
        return data;
    }

    private static void Check(Tensor x, int axis, bool log, string what = "")
    {
        var shape = ShapeOf(x);
        var expected = Softmax(Values(x), shape, axis, log);
        var y = log ? x.LogSoftmax(axis) : x.Softmax(axis);
        AssertShape(shape, y);
        if (log) AssertClose(expected, y, rtol: 1e-6, atol: LogSoftmaxAtol, what: "log_softmax " + what);
        else AssertClose(expected, y, rtol: SoftmaxRtol, atol: 1e-9, what: "softmax " + what);
    }

    [Theory]
    [MemberData(nameof(Axes))]
    public void MatchesReferenceOnEveryAxis(int axis, bool log)
    {
        var g = new Generator(71);
        Check(Uniform(g, -3, 3, 3, 4, 5), axis, log, "dense");
        Check(Uniform(g, -3, 3, 4, 5, 3).Permute(2, 0, 1), axis, log, "permuted");
        Check(Uniform(g, -3, 3, 3, 9, 5).Narrow(1, 2, 4), axis, log, "narrowed");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargeValuesDoNotOverflow(bool log)
    {
        var g = new Generator(72);
        // values around ±1e4 would overflow exp without the max shift
        var x = Uniform(g, -5, 5, 4, 37).Add(10_000f);
        var y = log ? x.LogSoftmax() : x.Softmax();
        Assert.All(y.ToArray(), v => Assert.True(float.IsFinite(v)));
        Check(x, -1, log, "+1e4");
        Check(Uniform(g, -5, 5, 4, 37).Sub(10_000f), 1, log, "-1e4");
        Check(Uniform(g, -5, 5, 6, 3).Mul(1000f), 0, log, "spread 1e4");
        if (!log) Check(Tensor.FromArray([float.MaxValue, 0f, -float.MaxValue], 1, 3), 1, log, "float extremes");
    }

    [Fact]
    public void RowsSumToOne()
    {
        var y = Uniform(new Generator(73), -10, 10, 7, 33).Softmax(0);
        var (sums, _) = Reduce(Values(y), [7, 33], [0], false, SumOf);
        AssertClose(Enumerable.Repeat(1.0, 33).ToArray(), sums, rtol: 0, atol: 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MinusInfinityEntries(bool log)
    {
        float ni = float.NegativeInfinity;
        var x = Tensor.FromArray([ni, ni, ni, ni, 0f, ni, 1f, 2f, 1f, 2f, 3f, 4f], 3, 4);
        var y = Values(log ? x.LogSoftmax() : x.Softmax());
        // an all −∞ row has no defined distribution: NaN, as in PyTorch
        for (int j = 0; j < 4; j++) Assert.True(double.IsNaN(y[j]), $"row 0 element {j}: {y[j]}");
        // −∞ entries get probability 0 (log −∞); the others are a softmax over the finite ones
        var finite = Softmax([0, 1, 2], [3], 0, log);
        Assert.Equal(log ? double.NegativeInfinity : 0.0, y[5]);
        AssertClose([finite[0], finite[1], finite[2]], [y[4], y[6], y[7]], rtol: SoftmaxRtol, atol: LogSoftmaxAtol);
        AssertClose(Softmax([1, 2, 3, 4], [4], 0, log), y[8..], rtol: SoftmaxRtol, atol: LogSoftmaxAtol);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargeTensorsUseTheParallelPath(bool log)
    {
        var g = new Generator(74);
        Check(Uniform(g, -4, 4, 300, 400), -1, log, "rows");
        Check(Uniform(g, -4, 4, 300, 400), 0, log, "columns");
    }

    // ---- gradients ----

    [Theory]
    [MemberData(nameof(Axes))]
    public void GradientsOnEveryAxis(int axis, bool log)
    {
        var g = new Generator(75);
        var x = Uniform(g, -2, 2, 2, 3, 4);
        Func<Tensor[], Tensor> f = log ? t => t[0].LogSoftmax(axis) : t => t[0].Softmax(axis);
        GradCheck.Check(f, [x]);
        // against the double reference, with a tight tolerance
        GradCheck.Check(f, [x], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-3, AbsoluteTolerance: 1e-5),
            reference: v => Softmax(v[0], [2, 3, 4], axis, log));
    }

    [Fact]
    public void GradientsThroughNonContiguousInputAndComposition()
    {
        var g = new Generator(76);
        var x = Uniform(g, -2, 2, 4, 3);
        GradCheck.Check(t => t[0].T.Softmax(0), [x]);
        GradCheck.Check(t => t[0].T.LogSoftmax(-1).Mul(t[0].T), [x]);
        GradCheck.Check(t => t[0].Softmax(1).Log(), [x]);
    }

    [Fact]
    public void OutOfRangeAxisThrows()
    {
        var x = Tensor.Ones(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.LogSoftmax(-3));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(5));
        Assert.Contains("softmax", e.Message);
    }
}
