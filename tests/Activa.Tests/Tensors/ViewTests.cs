namespace Activa.Tests.Tensors;

public class ViewTests
{
    private static Tensor Seq(params int[] shape) => Tensor.Arange(Shape.Numel(shape)).Reshape(shape);

    [Fact]
    public void ReshapeOfContiguousSharesStorage()
    {
        var x = Seq(2, 6);
        var y = x.Reshape(3, -1);
        Assert.Equal([3, 4], y.Shape.ToArray());
        Assert.True(y.SharesStorageWith(x));
        y[0, 1] = 42f;
        Assert.Equal(42f, x[0, 1]);
    }

    [Fact]
    public void ReshapeErrorsNameBothShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Seq(2, 3).Reshape(4, 2));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => Seq(2, 3).Reshape(-1, -1));
        Assert.Throws<ShapeMismatchException>(() => Seq(2, 3).Reshape(-1, 4));
    }

    [Fact]
    public void TransposeAndPermuteAreViewsWithSwappedStrides()
    {
        var x = Seq(2, 3, 4);
        var p = x.Permute(2, 0, 1);
        Assert.Equal([4, 2, 3], p.Shape.ToArray());
        Assert.True(p.SharesStorageWith(x));
        Assert.False(p.IsContiguous);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(x[i, j, k], p[k, i, j]);
        var t = x.Transpose(0, 2);
        Assert.Equal(x[1, 2, 3], t[3, 2, 1]);
        Assert.Throws<ArgumentException>(() => x.Permute(0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 3));
    }

    [Fact]
    public void ContiguousCopiesOnlyWhenNeeded()
    {
        var x = Seq(3, 4);
        Assert.Same(x, x.Contiguous());
        var t = x.T.Contiguous();
        Assert.False(t.SharesStorageWith(x));
        Assert.True(t.IsContiguous);
        Assert.Equal(new[] { 0f, 4f, 8f, 1f, 5f, 9f, 2f, 6f, 10f, 3f, 7f, 11f }, t.ToArray());
        Assert.Throws<InvalidOperationException>(() => x.T.View(12));
        Assert.Equal(t.ToArray(), x.T.Reshape(12).ToArray()); // Reshape copies where View cannot
    }

    [Fact]
    public void NarrowSelectAndSqueezeShareStorage()
    {
        var x = Seq(4, 5);
        var n = x.Narrow(1, 1, 3);
        Assert.Equal([4, 3], n.Shape.ToArray());
        Assert.Equal(x[2, 3], n[2, 2]);
        n[0, 0] = -1f;
        Assert.Equal(-1f, x[0, 1]);
        var row = x.Select(0, 2);
        Assert.Equal([5], row.Shape.ToArray());
        Assert.Equal(new[] { 10f, 11f, 12f, 13f, 14f }, row.ToArray());
        var col = x.Select(1, -1);
        Assert.Equal(new[] { 4f, 9f, 14f, 19f }, col.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, 3, 2));
    }

    [Fact]
    public void UnsqueezeSqueezeRoundTrip()
    {
        var x = Seq(2, 3);
        var u = x.Unsqueeze(1);
        Assert.Equal([2, 1, 3], u.Shape.ToArray());
        Assert.Equal([1, 2, 3], x.Unsqueeze(0).Shape.ToArray());
        Assert.Equal([2, 3, 1], x.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal(x.ToArray(), u.Squeeze(1).ToArray());
        Assert.Equal([2, 3], Seq(1, 2, 1, 3).Squeeze().Shape.ToArray());
        var e = Assert.Throws<ShapeMismatchException>(() => x.Squeeze(0));
        Assert.Contains("squeeze", e.Message);
    }

    [Fact]
    public void ExpandRepeatsWithoutCopying()
    {
        var x = Seq(3, 1);
        var e = x.Expand(2, 3, 4);
        Assert.Equal([2, 3, 4], e.Shape.ToArray());
        Assert.Equal(0, e.Strides[0]);
        Assert.Equal(0, e.Strides[2]);
        Assert.Equal(x[2, 0], e[1, 2, 3]);
        Assert.Throws<ShapeMismatchException>(() => Seq(3, 2).Expand(3, 4));
    }

    [Fact]
    public void FlattenMergesARange()
    {
        var x = Seq(2, 3, 4, 5);
        Assert.Equal([120], x.Flatten().Shape.ToArray());
        Assert.Equal([2, 60], x.Flatten(1).Shape.ToArray());
        Assert.Equal([2, 12, 5], x.Flatten(1, 2).Shape.ToArray());
    }

    [Fact]
    public void ToArrayOfStridedViewFollowsRowMajorOrder()
    {
        var x = Seq(2, 3, 4).Permute(1, 2, 0).Narrow(1, 1, 2);
        var expected = new List<float>();
        for (int j = 0; j < 3; j++)
            for (int k = 1; k < 3; k++)
                for (int i = 0; i < 2; i++) expected.Add(i * 12 + j * 4 + k);
        Assert.Equal(expected, x.ToArray());
    }

    [Fact]
    public void CopyFromWritesThroughAView()
    {
        var x = Tensor.Zeros(3, 4);
        x.Narrow(1, 1, 2).CopyFrom(Tensor.Ones(3, 2));
        Assert.Equal(new[] { 0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f }, x.ToArray());
        Assert.Throws<ShapeMismatchException>(() => x.CopyFrom(Tensor.Ones(2, 4)));
    }

    [Fact]
    public void ExpandLeavesTheCallersShapeAloneAndRejectsANegativeNewDimension()
    {
        var shape = new[] { 2, -1 };
        var e = Tensor.Arange(3).Reshape(1, 3).Expand(shape);
        Assert.Equal([2, 3], e.Shape.ToArray());
        Assert.Equal(new[] { 2, -1 }, shape);
        Assert.Throws<ShapeMismatchException>(() => Tensor.Arange(3).Expand(-1, 3));
    }
}
