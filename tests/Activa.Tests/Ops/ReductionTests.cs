using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>Sum, Mean, Var, Max, Min, ArgMax: values, gradients, errors.</summary>
public class ReductionTests
{
    /// <summary>Multiples of 1/8 in [−1, 1]: every partial sum of a few million of them is exact in float, whatever the order.</summary>
    private static Tensor Dyadic(Generator g, params int[] shape)
    {
        var data = new float[Numel(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (g.NextInt(17) - 8) / 8f;
        return Tensor.FromArray(data, shape);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(16_384)]
    [InlineData(100_003)] // several fixed chunks, serial
    [InlineData(300_007)] // several fixed chunks, parallel
    public void SumOfAllIsExactOnExactlyRepresentableData(int n)
    {
        var x = Dyadic(new Generator(51), n);
        double expected = Values(x).Sum();
        var s = x.Sum();
        AssertShape([], s);
        Assert.Equal(expected, (double)s.Item()); // exact: no rounding can happen on this data
    }

    [Theory]
    [InlineData(33)]
    [InlineData(100_003)]
    [InlineData(300_007)]
    public void SumAndMeanOfAllOnRandomData(int n)
    {
        var x = Uniform(new Generator(52), -1, 1, n);
        var v = Values(x);
        double abs = v.Sum(Math.Abs);
        // float accumulation: error well below 1e-6 of Σ|x| for this blocked summation
        Assert.InRange(x.Sum().Item(), v.Sum() - 1e-6 * abs, v.Sum() + 1e-6 * abs);
        Assert.InRange(x.Mean().Item(), v.Average() - 1e-6 * abs / n, v.Average() + 1e-6 * abs / n);
    }

    [Fact]
    public void SumOfAllOnNonContiguousView()
    {
        var x = Dyadic(new Generator(53), 30, 40, 50).Permute(2, 0, 1).Narrow(1, 3, 20);
        Assert.Equal(Values(x).Sum(), (double)x.Sum().Item());
    }

    public static TheoryData<int[], bool> AxisCases()
    {
        var data = new TheoryData<int[], bool>();
        int[][] axes = [[0], [1], [2], [-1], [0, 1], [1, 2], [0, 2], [2, 0], [0, 1, 2], [-3, -1]];
        foreach (var a in axes)
            foreach (bool keep in new[] { false, true }) data.Add(a, keep);
        return data;
    }

    [Theory]
    [MemberData(nameof(AxisCases))]
    public void SumAndMeanOverAxes(int[] axes, bool keepDim)
    {
        var g = new Generator(54);
        foreach (var x in new[] { Uniform(g, -1, 1, 4, 5, 6), Uniform(g, -1, 1, 5, 6, 4).Permute(2, 0, 1) })
        {
            var (sum, shape) = Reduce(Values(x), [4, 5, 6], axes, keepDim, SumOf);
            var (mean, _) = Reduce(Values(x), [4, 5, 6], axes, keepDim, v => v.Average());
            var s = x.Sum(axes, keepDim);
            var m = x.Mean(axes, keepDim);
            AssertShape(shape, s);
            AssertShape(shape, m);
            // groups of at most 120 values in [−1, 1]
            AssertClose(sum, s, rtol: 1e-6, atol: 1e-5, what: "sum");
            AssertClose(mean, m, rtol: 1e-6, atol: 1e-6, what: "mean");
        }
    }

    [Theory]
    [InlineData(new[] { 0 }, false)]
    [InlineData(new[] { 1 }, true)]
    [InlineData(new[] { 0, 2 }, false)]
    public void SumOverAxesOfLargeTensors(int[] axes, bool keepDim)
    {
        // [60, 50, 40] = 120 000 elements: the parallel row paths (and a non-adjacent permute for [0, 2])
        var x = Dyadic(new Generator(55), 60, 50, 40);
        var (expected, shape) = Reduce(Values(x), [60, 50, 40], axes, keepDim, SumOf);
        var s = x.Sum(axes, keepDim);
        AssertShape(shape, s);
        AssertExact(expected, s);
    }

    [Fact]
    public void SumOverOneAxisOverloads()
    {
        var x = Dyadic(new Generator(56), 300, 400);
        AssertExact(Reduce(Values(x), [300, 400], [0], false, SumOf).V, x.Sum(0));
        AssertExact(Reduce(Values(x), [300, 400], [1], true, SumOf).V, x.Sum(-1, keepDim: true));
        AssertShape([300, 1], x.Sum(1, keepDim: true));
        AssertShape([400], x.Mean(0));
    }

    [Theory]
    [InlineData(new[] { 1 }, 1, false)]
    [InlineData(new[] { 1 }, 0, true)]
    [InlineData(new[] { 0, 2 }, 1, false)]
    [InlineData(new[] { 0, 2 }, 0, true)]
    [InlineData(new[] { 0, 1, 2 }, 1, false)]
    public void VarianceMatchesReference(int[] axes, int correction, bool keepDim)
    {
        var x = Uniform(new Generator(57), -2, 3, 4, 5, 6);
        var (expected, shape) = Reduce(Values(x), [4, 5, 6], axes, keepDim, v => VarOf(v, correction));
        var y = x.Var(axes, correction, keepDim);
        AssertShape(shape, y);
        AssertClose(expected, y, rtol: 1e-5, atol: 1e-6, what: $"var correction {correction}");
    }

    [Fact]
    public void VarianceSingleAxisOverloadDefaultsToUnbiased()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        // rows [1,2] and [3,4]: mean 1.5, 3.5; squared deviations sum 0.5 each; unbiased divides by 1
        AssertClose([0.5, 0.5], x.Var(1), rtol: 1e-6);
        AssertClose([0.25, 0.25], x.Var(1, correction: 0), rtol: 1e-6);
        AssertClose([2, 2], x.Var(0), rtol: 1e-6); // columns [1,3], [2,4]
    }

    // ---- Max / Min / ArgMax ----

    public static TheoryData<int, bool> MaxCases()
    {
        var data = new TheoryData<int, bool>();
        foreach (int axis in new[] { 0, 1, 2, -1 })
            foreach (bool keep in new[] { false, true }) data.Add(axis, keep);
        return data;
    }

    [Theory]
    [MemberData(nameof(MaxCases))]
    public void MaxMinArgMaxAlongAxis(int axis, bool keepDim)
    {
        var g = new Generator(58);
        foreach (var x in new[] { Uniform(g, -1, 1, 4, 5, 6), Uniform(g, -1, 1, 6, 4, 5).Permute(1, 2, 0) })
        {
            var v = Values(x);
            var (maxV, shape) = Reduce(v, [4, 5, 6], [axis], keepDim, l => l.Max());
            var (minV, _) = Reduce(v, [4, 5, 6], [axis], keepDim, l => l.Min());
            var (argMax, _) = Reduce(v, [4, 5, 6], [axis], keepDim, l => ArgMaxOf(l));
            var (argMin, _) = Reduce(v, [4, 5, 6], [axis], keepDim, l => ArgMinOf(l));
            var (values, indices) = x.Max(axis, keepDim);
            AssertShape(shape, values);
            Assert.Equal(shape, indices.Shape.ToArray());
            AssertExact(maxV, values, "max");
            Assert.Equal(argMax.Select(d => (int)d), indices.ToArray());
            Assert.Equal(argMax.Select(d => (int)d), x.ArgMax(axis, keepDim).ToArray());
            var (minValues, minIndices) = x.Min(axis, keepDim);
            AssertExact(minV, minValues, "min");
            Assert.Equal(argMin.Select(d => (int)d), minIndices.ToArray());
        }
    }

    [Fact]
    public void MaxAlongAxesOfLargeTensor()
    {
        var x = Uniform(new Generator(59), -1, 1, 300, 400);
        foreach (int axis in new[] { 0, 1 })
        {
            var (expected, _) = Reduce(Values(x), [300, 400], [axis], false, l => l.Max());
            var (arg, _) = Reduce(Values(x), [300, 400], [axis], false, l => ArgMaxOf(l));
            var (values, indices) = x.Max(axis);
            AssertExact(expected, values);
            Assert.Equal(arg.Select(d => (int)d), indices.ToArray());
        }
        Assert.Equal(Values(x).Max(), (double)x.Max().Item());
    }

    [Fact]
    public void ArgMaxAndMinPickTheFirstOfTiedValues()
    {
        var x = Tensor.FromArray([1f, 3f, 3f, 2f, 5f, 5f, 5f, 5f, 0f, -1f, 0f, -1f], 3, 4);
        Assert.Equal([1, 0, 0], x.ArgMax(1).ToArray());
        Assert.Equal([0, 0, 1], x.Min(1).Indices.ToArray());
        AssertExact([3, 5, 0], x.Max(1).Values);
        AssertExact([1, 5, -1], x.Min(1).Values);
        // along axis 0: columns [1,5,0], [3,5,-1], [3,5,0], [2,5,-1]
        Assert.Equal([1, 1, 1, 1], x.ArgMax(0).ToArray());
        var y = Tensor.FromArray([2f, 2f, 2f, 1f], 2, 2);
        Assert.Equal([0, 0], y.ArgMax(0).ToArray());
        Assert.Equal([0, 1], y.Min(0).Indices.ToArray());
    }

    [Fact]
    public void MaxAndMinPropagateNaNAndPointAtTheFirstNaN()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3f, float.NaN, 0f, 1f, 2f, 3f], 2, 4);
        var (values, indices) = x.Max(1);
        Assert.True(float.IsNaN(values.ToArray()[0]));
        Assert.Equal(3f, values.ToArray()[1]);
        Assert.Equal([1, 3], indices.ToArray());
        var (minValues, minIndices) = x.Min(1);
        Assert.True(float.IsNaN(minValues.ToArray()[0]));
        Assert.Equal(0f, minValues.ToArray()[1]);
        Assert.Equal([1, 0], minIndices.ToArray());
        Assert.True(float.IsNaN(x.Max().Item()));
        // NaN first in the row
        Assert.Equal([0], Tensor.FromArray([float.NaN, 5f], 1, 2).ArgMax(1).ToArray());
    }

    // ---- gradients ----

    [Fact]
    public void SumAndMeanGradients()
    {
        var g = new Generator(60);
        var x = Uniform(g, -1, 1, 3, 4, 2);
        GradCheck.Check(t => t[0].Sum(), [x]);
        GradCheck.Check(t => t[0].Mean(), [x]);
        foreach (bool keep in new[] { false, true })
        {
            GradCheck.Check(t => t[0].Sum([1], keep), [x]);
            GradCheck.Check(t => t[0].Sum([0, 2], keep), [x]);
            GradCheck.Check(t => t[0].Sum([0, 1, 2], keep), [x]);
            GradCheck.Check(t => t[0].Mean([2, 1], keep), [x]);
            GradCheck.Check(t => t[0].Mean(0, keep), [x]);
        }
        // through a non-contiguous view
        GradCheck.Check(t => t[0].Permute(2, 0, 1).Sum([1]), [x]);
        GradCheck.Check(t => t[0].Transpose(0, 2).Narrow(1, 1, 2).Sum([0, 2], keepDim: true), [x]);
    }

    [Fact]
    public void SumGradientIsTheUpstreamGradientBroadcast()
    {
        var x = Uniform(new Generator(61), -1, 1, 2, 3, 4);
        x.RequiresGrad = true;
        var up = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 4);
        x.Sum([1]).Backward(up);
        var expected = new double[24];
        for (int k = 0; k < 24; k++)
        {
            var idx = Unravel(k, [2, 3, 4]);
            expected[k] = up[idx[0], idx[2]];
        }
        AssertExact(expected, x.Grad!);
    }

    [Fact]
    public void VarianceGradients()
    {
        var x = Uniform(new Generator(62), -1, 2, 3, 4, 2);
        foreach (int correction in new[] { 0, 1 })
        {
            GradCheck.Check(t => t[0].Var([1], correction), [x]);
            GradCheck.Check(t => t[0].Var([0, 2], correction, keepDim: true), [x]);
            GradCheck.Check(t => t[0].Var(-1, correction), [x]);
        }
    }

    [Fact]
    public void MaxAndMinGradientsAwayFromTies()
    {
        var g = new Generator(63);
        var x = Distinct(g, 0.1f, 3, 4, 5); // values 0.1 apart: no ties within the finite-difference step
        foreach (bool keep in new[] { false, true })
            foreach (int axis in new[] { 0, 1, 2 })
            {
                GradCheck.Check(t => t[0].Max(axis, keep).Values, [x]);
                GradCheck.Check(t => t[0].Min(axis, keep).Values, [x]);
            }
        GradCheck.Check(t => t[0].Max(), [x]);
        GradCheck.Check(t => t[0].Permute(2, 0, 1).Max(1).Values, [x]);
    }

    [Fact]
    public void MaxGradientGoesToTheFirstTiedIndex()
    {
        var x = Tensor.FromArray([3f, 1f, 3f, 0f, 2f, 2f], 2, 3);
        x.RequiresGrad = true;
        x.Max(1).Values.Backward(Tensor.FromArray([5f, 7f]));
        AssertExact([5, 0, 0, 0, 7, 0], x.Grad!);
    }

    // ---- errors ----

    [Fact]
    public void OutOfRangeAxesThrow()
    {
        var x = Tensor.Ones(2, 3, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum([0, -4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Mean(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Var([3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Max(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Min(-4));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.ArgMax(7));
        Assert.Contains("axis 7", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Scalar(1f).Sum(0));
    }

    [Fact]
    public void RepeatedAxisThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Ones(2, 3).Sum([1, -1]));
        Assert.Contains("twice", e.Message);
    }
}
