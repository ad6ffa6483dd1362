using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>Views (Narrow, Permute, Expand, Reshape, ...): values, gradients through them, errors.</summary>
public class ViewTests
{
    [Fact]
    public void ReshapeOfNonContiguousCopiesInRowMajorOrder()
    {
        var x = Uniform(new Generator(121), -1, 1, 3, 4, 5);
        var p = x.Permute(2, 0, 1); // [5, 3, 4]
        var y = p.Reshape(5, -1);
        AssertShape([5, 12], y);
        AssertExact(Values(p), y);
        Assert.False(y.SharesStorageWith(x));
        var v = x.Reshape(-1, 10);
        AssertShape([6, 10], v);
        Assert.True(v.SharesStorageWith(x), "reshape of a contiguous tensor is a view");
        AssertExact(Values(x), v);
        AssertExact(Values(p), p.Flatten());
        AssertShape([5, 12], p.Flatten(1));
    }

    [Fact]
    public void ViewAndReshapeErrors()
    {
        var x = Tensor.Ones(3, 4);
        var e = Assert.Throws<ShapeMismatchException>(() => x.Reshape(5, 2));
        Assert.Contains("reshape", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.Contains("[5, 2]", e.Message);
        Assert.Throws<ShapeMismatchException>(() => x.Reshape(5, -1));
        Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
        Assert.Throws<InvalidOperationException>(() => x.T.View(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Permute(0, 2));
        Assert.Throws<ShapeMismatchException>(() => x.Expand(3, 5));
        Assert.Throws<ShapeMismatchException>(() => x.Squeeze(0));
    }

    [Fact]
    public void GradientsThroughViews()
    {
        var g = new Generator(122);
        var x = Uniform(g, -1, 1, 2, 3, 4);
        var w = Uniform(g, -1, 1, 4, 3, 2);
        GradCheck.Check(t => t[0].Narrow(1, 1, 2), [x]);
        GradCheck.Check(t => t[0].Narrow(2, -3, 2).Mul(t[0].Narrow(2, 0, 2)), [x]);
        GradCheck.Check(t => t[0].Permute(2, 1, 0).Mul(t[1]), [x, w]);
        GradCheck.Check(t => t[0].Transpose(0, 2).Reshape(6, 4), [x]);       // reshape of a non-contiguous view
        GradCheck.Check(t => t[0].Permute(1, 0, 2).Reshape(-1).Mul(t[0].Reshape(-1)), [x]);
        GradCheck.Check(t => t[0].Narrow(0, 1, 1).Expand(3, 3, 4), [x]);     // expand repeats: gradient summed
        GradCheck.Check(t => t[0].Select(1, 2).Unsqueeze(0).Expand(5, 2, 4), [x]);
        GradCheck.Check(t => t[0].Unsqueeze(1).Squeeze(1).Flatten(0, 1), [x]);
        GradCheck.Check(t => t[0].Narrow(0, 1, 1).Squeeze().Mul(t[0].Sum([0])), [x]);
        GradCheck.Check(t => t[0].Transpose(1, 2).Contiguous().Clone(), [x]);
        GradCheck.Check(t => t[0].Narrow(1, 0, 1).Expand(2, 3, 4).Mul(t[0]), [x]);
    }

    [Fact]
    public void ExpandGradientSumsTheRepeats()
    {
        var x = Tensor.FromArray([1f, 2f], 2, 1);
        x.RequiresGrad = true;
        var up = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], 2, 2, 3);
        x.Expand(2, 2, 3).Backward(up);
        // x[i] appears at [b, i, j] for all b, j: sum over b and j
        AssertExact([1 + 2 + 3 + 7 + 8 + 9, 4 + 5 + 6 + 10 + 11 + 12], x.Grad!);
    }
}
