using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>Concat, Stack, Split, Chunk: values, gradients, errors.</summary>
public class JoinTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void ConcatMatchesReference(int axis)
    {
        var g = new Generator(101);
        int d = axis < 0 ? axis + 3 : axis;
        int[] sizes = [2, 1, 4];
        var parts = sizes.Select((s, i) =>
        {
            int[] shape = [3, 4, 5];
            shape[d] = s;
            // the second part is a non-contiguous (permuted) view
            if (i != 1) return Uniform(g, -1, 1, shape);
            return Uniform(g, -1, 1, shape[2], shape[0], shape[1]).Permute(1, 2, 0);
        }).ToArray();
        var (expected, outShape) = Concat(parts.Select(p => (Values(p), ShapeOf(p))).ToArray(), d);
        var y = Tensor.Concat(parts, axis);
        AssertShape(outShape, y);
        AssertExact(expected, y);
    }

    [Fact]
    public void ConcatOfLargeTensors()
    {
        var g = new Generator(102);
        var a = Uniform(g, -1, 1, 300, 200);
        var b = Uniform(g, -1, 1, 300, 250);
        var (expected, shape) = Concat([(Values(a), [300, 200]), (Values(b), [300, 250])], 1);
        var y = Tensor.Concat([a, b], 1);
        AssertShape(shape, y);
        AssertExact(expected, y);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void StackMatchesReference(int axis)
    {
        var g = new Generator(103);
        var parts = new[] { Uniform(g, -1, 1, 3, 4), Uniform(g, -1, 1, 4, 3).T, Uniform(g, -1, 1, 3, 4) };
        int d = axis < 0 ? axis + 3 : axis;
        var outShape = new List<int> { 3, 4 };
        outShape.Insert(d, 3);
        var y = Tensor.Stack(parts, axis);
        AssertShape([.. outShape], y);
        // y indexed at position p along d is part p
        var yv = Values(y);
        for (int k = 0; k < yv.Length; k++)
        {
            var idx = Unravel(k, [.. outShape]).ToList();
            int p = idx[d];
            idx.RemoveAt(d);
            Assert.Equal((double)parts[p][[.. idx]], yv[k]);
        }
    }

    [Fact]
    public void SplitBySizeLastPieceMaySmaller()
    {
        var x = Uniform(new Generator(104), -1, 1, 3, 10);
        var pieces = x.Split(4, axis: 1);
        Assert.Equal(3, pieces.Length);
        int[] widths = [4, 4, 2];
        int start = 0;
        for (int i = 0; i < 3; i++)
        {
            var (expected, shape) = Slice(Values(x), [3, 10], 1, start, widths[i]);
            AssertShape(shape, pieces[i]);
            AssertExact(expected, pieces[i]);
            Assert.True(pieces[i].SharesStorageWith(x), "split gives views");
            start += widths[i];
        }
    }

    [Fact]
    public void SplitBySizesAndChunk()
    {
        var x = Uniform(new Generator(105), -1, 1, 7, 3);
        var pieces = x.Split([2, 0, 5], axis: 0);
        Assert.Equal(3, pieces.Length);
        AssertExact(Slice(Values(x), [7, 3], 0, 0, 2).V, pieces[0]);
        AssertShape([0, 3], pieces[1]);
        AssertExact(Slice(Values(x), [7, 3], 0, 2, 5).V, pieces[2]);

        // torch.chunk: pieces of ceil(n / chunks), so 7 rows in 3 chunks are 3, 3, 1 and 6 in 4 chunks are 2, 2, 2
        Assert.Equal([3, 3, 1], x.Chunk(3).Select(p => p.Shape[0]));
        Assert.Equal([2, 2, 2], Tensor.Ones(6).Chunk(4).Select(p => p.Shape[0]));
        var chunks = x.Chunk(2, axis: -1);
        Assert.Equal([2, 1], chunks.Select(p => p.Shape[1]));
        AssertExact(Slice(Values(x), [7, 3], 1, 2, 1).V, chunks[1]);
    }

    // ---- gradients ----

    [Fact]
    public void ConcatAndStackGradients()
    {
        var g = new Generator(106);
        var a = Uniform(g, -1, 1, 2, 3);
        var b = Uniform(g, -1, 1, 2, 1);
        var c = Uniform(g, -1, 1, 2, 3);
        var r = GradCheck.Check(t => Tensor.Concat([t[0], t[1], t[2]], 1), [a, b, c]);
        Assert.Equal(6 + 2 + 6, r.Checked);
        GradCheck.Check(t => Tensor.Concat([t[0].T, t[1].T], 0).Mul(Tensor.Concat([t[1].T, t[0].T], 0)), [a, c]);
        GradCheck.Check(t => Tensor.Stack([t[0], t[1]], 1), [a, c]);
        GradCheck.Check(t => Tensor.Stack([t[0], t[1].Mul(t[0])], -1), [a, c]);
        // only some inputs require a gradient
        GradCheck.Check(t => Tensor.Concat([t[0], t[1]], 0), [a, c], checkInput: i => i == 1);
    }

    [Fact]
    public void SplitAndChunkGradients()
    {
        var g = new Generator(107);
        var x = Uniform(g, -1, 1, 5, 4);
        GradCheck.Check(t =>
        {
            var p = t[0].Split([2, 3], 0);
            return p[0].Sum([0]).Mul(p[1].Mean([0]));
        }, [x]);
        GradCheck.Check(t =>
        {
            var p = t[0].Split(3, axis: 1);
            return p[0].Mul(p[1].Sum([1], keepDim: true));
        }, [x]);
        GradCheck.Check(t => t[0].Chunk(2, 1)[1], [x]); // the first chunk gets zero gradient
    }

    // ---- errors ----

    [Fact]
    public void ConcatMismatchNamesConcatAndTheShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Concat([Tensor.Ones(2, 3), Tensor.Ones(4, 2)], 1));
        Assert.Contains("concat", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Throws<ShapeMismatchException>(() => Tensor.Concat([Tensor.Ones(2, 3), Tensor.Ones(2, 3, 1)], 0));
        Assert.Throws<ArgumentException>(() => Tensor.Concat([], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Concat([Tensor.Ones(2, 3)], 2));
    }

    [Fact]
    public void StackMismatchThrows()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Stack([Tensor.Ones(2, 3), Tensor.Ones(3, 2)]));
        Assert.Contains("stack", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Stack([Tensor.Ones(2, 3)], 3));
    }

    [Fact]
    public void SplitSizesThatDoNotAddUpThrow()
    {
        var x = Tensor.Ones(5, 4);
        var e = Assert.Throws<ShapeMismatchException>(() => x.Split([2, 2], 0));
        Assert.Contains("split", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("[5, 4]", e.Message);
        Assert.Throws<ShapeMismatchException>(() => x.Split([3, 3], 0));
        Assert.Throws<ShapeMismatchException>(() => x.Split([6, -1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Split(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Chunk(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Split(2, axis: 2));
    }
}
