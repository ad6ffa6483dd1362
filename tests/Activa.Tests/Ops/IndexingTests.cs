using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>IndexSelect, Gather, ScatterAdd: values, gradients (repeated indices accumulate), errors.</summary>
public class IndexingTests
{
    private static int[] RandomIndices(Generator g, int count, int bound) =>
        Enumerable.Range(0, count).Select(_ => g.NextInt(bound)).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void IndexSelectWithRepeatedIndices(int axis)
    {
        var g = new Generator(91);
        int[] shape = [4, 5, 3];
        int d = axis < 0 ? axis + 3 : axis;
        int[] idx = [shape[d] - 1, 0, 1, 0, shape[d] - 1, 1, 1];
        foreach (var x in new[] { Uniform(g, -1, 1, shape), Uniform(g, -1, 1, 3, 4, 5).Permute(1, 2, 0) })
        {
            var (expected, outShape) = IndexSelect(Values(x), shape, d, idx);
            var y = x.IndexSelect(axis, new IntTensor(idx));
            AssertShape(outShape, y);
            AssertExact(expected, y); // a copy: exact
            AssertExact(expected, x.IndexSelect(axis, idx), "params overload");
        }
    }

    [Fact]
    public void IndexSelectEmbeddingLookupPattern()
    {
        var g = new Generator(92);
        var table = Uniform(g, -1, 1, 50, 16);
        var idx = RandomIndices(g, 200, 50);
        var (expected, shape) = IndexSelect(Values(table), [50, 16], 0, idx);
        var y = table.IndexSelect(0, new IntTensor(idx));
        AssertShape(shape, y);
        AssertExact(expected, y);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void GatherMatchesReference(int axis)
    {
        var g = new Generator(93);
        int[] shape = [4, 5, 6];
        // the index may be smaller than x in every dimension, and longer or shorter along the axis
        int[] indexShape = [3, 4, 5];
        indexShape[axis] = 7;
        foreach (var x in new[] { Uniform(g, -1, 1, shape), Uniform(g, -1, 1, 6, 4, 5).Permute(1, 2, 0) })
        {
            var idx = RandomIndices(g, Numel(indexShape), shape[axis]);
            var y = x.Gather(axis, new IntTensor(idx, indexShape));
            AssertShape(indexShape, y);
            AssertExact(Gather(Values(x), shape, axis, idx, indexShape), y);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void ScatterAddAccumulatesRepeatedIndices(int axis)
    {
        var g = new Generator(94);
        int[] shape = [4, 5];
        int d = axis < 0 ? axis + 2 : axis;
        int[] indexShape = d == 0 ? [6, 3] : [3, 7];
        var idx = RandomIndices(g, Numel(indexShape), shape[d]);
        idx[0] = idx[1] = idx[2] = 0; // certainly repeated
        var x = Uniform(g, -1, 1, shape);
        var src = Uniform(g, -1, 1, indexShape);
        var before = Values(x);
        var expected = ScatterAdd(before, shape, d, idx, indexShape, Values(src));
        var y = x.ScatterAdd(axis, new IntTensor(idx, indexShape), src);
        AssertShape(shape, y);
        AssertClose(expected, y, rtol: 1e-6, atol: 1e-6);
        // the input is not modified
        AssertExact(before, x, "input after scatter_add");
        var y2 = x.T.Contiguous().T.ScatterAdd(axis, new IntTensor(idx, indexShape), src.T.Contiguous().T);
        AssertClose(expected, y2, rtol: 1e-6, atol: 1e-6, what: "non-contiguous self and source");
    }

    // ---- gradients ----

    [Fact]
    public void IndexSelectGradientAccumulatesRepeatedIndices()
    {
        var g = new Generator(95);
        var x = Uniform(g, -1, 1, 4, 3);
        int[] idx = [2, 0, 2, 2, 3];
        GradCheck.Check(t => t[0].IndexSelect(0, new IntTensor(idx)), [x]);
        GradCheck.Check(t => t[0].IndexSelect(1, 2, 2, 0), [x]);
        GradCheck.Check(t => t[0].T.IndexSelect(0, 1, 1), [x]);

        x.RequiresGrad = true;
        x.IndexSelect(0, new IntTensor(idx)).Sum().Backward();
        // each row's gradient counts how often it was selected: row 0 once, row 1 never, row 2 three times, row 3 once
        AssertExact([1, 1, 1, 0, 0, 0, 3, 3, 3, 1, 1, 1], x.Grad!);
    }

    [Fact]
    public void GatherGradient()
    {
        var g = new Generator(96);
        var x = Uniform(g, -1, 1, 3, 4);
        var index = new IntTensor([0, 0, 3, 1, 2, 2, 2, 0], 2, 4); // repeats along the axis
        GradCheck.Check(t => t[0].Gather(1, index), [x]);
        GradCheck.Check(t => t[0].Gather(0, new IntTensor([2, 0, 1, 2, 2, 2], 2, 3)), [x]);
    }

    [Fact]
    public void ScatterAddGradientsForBothInputs()
    {
        var g = new Generator(97);
        var x = Uniform(g, -1, 1, 3, 4);
        var src = Uniform(g, -1, 1, 2, 4);
        var index = new IntTensor([0, 2, 2, 1, 0, 0, 2, 1], 2, 4);
        var r = GradCheck.Check(t => t[0].ScatterAdd(0, index, t[1]), [x, src]);
        Assert.Equal(12 + 8, r.Checked);
        GradCheck.Check(t => t[0].Mul(t[0]).ScatterAdd(1, new IntTensor([3, 3, 0, 1, 1, 1], 3, 2), t[1].Mul(t[1])), [x, Uniform(g, -1, 1, 3, 2)]);
        GradCheck.Check(t => Tensor.Zeros(3, 4).ScatterAdd(0, index, t[0]), [src]);
    }

    // ---- errors ----

    [Fact]
    public void OutOfRangeIndicesThrowNamingTheIndex()
    {
        var x = Tensor.Ones(3, 4);
        var e1 = Assert.Throws<IndexOutOfRangeException>(() => x.IndexSelect(0, 1, 3));
        Assert.Contains("index 3", e1.Message);
        Assert.Contains("index_select", e1.Message);
        var e2 = Assert.Throws<IndexOutOfRangeException>(() => x.IndexSelect(1, -1));
        Assert.Contains("-1", e2.Message);
        var e3 = Assert.Throws<IndexOutOfRangeException>(() => x.Gather(1, new IntTensor([0, 4], 1, 2)));
        Assert.Contains("index 4", e3.Message);
        Assert.Contains("gather", e3.Message);
        var e4 = Assert.Throws<IndexOutOfRangeException>(() => x.ScatterAdd(0, new IntTensor([5, 0], 1, 2), Tensor.Ones(1, 2)));
        Assert.Contains("index 5", e4.Message);
        Assert.Contains("scatter_add", e4.Message);
        Assert.Throws<IndexOutOfRangeException>(() => x.Gather(0, new IntTensor([-2], 1, 1)));
    }

    [Fact]
    public void BadIndexShapesAndAxesThrow()
    {
        var x = Tensor.Ones(3, 4);
        Assert.Throws<ShapeMismatchException>(() => x.IndexSelect(0, new IntTensor([0, 1], 1, 2)));
        Assert.Throws<ShapeMismatchException>(() => x.Gather(0, new IntTensor([0, 1])));          // rank differs
        Assert.Throws<ShapeMismatchException>(() => x.Gather(0, new IntTensor(new int[10], 2, 5))); // exceeds x in dim 1
        Assert.Throws<ShapeMismatchException>(() => x.ScatterAdd(0, new IntTensor([0, 1], 1, 2), Tensor.Ones(2, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(-3, new IntTensor([0], 1, 1)));
    }
}
