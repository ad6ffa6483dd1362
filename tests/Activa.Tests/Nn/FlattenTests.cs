using Activa.Autograd;
using Activa.Nn;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>Flatten: all dimensions after the batch merged, row-major, with the gradient reshaped back.</summary>
public class FlattenTests
{
    [Fact]
    public void MergesDimensionsAfterTheFirstInRowMajorOrder()
    {
        var x = Tensor.Arange(24).Reshape(2, 3, 4);
        var y = new Flatten().Forward(x);
        AssertShape([2, 12], y);
        AssertExact(Values(x), y);
        AssertShape([2, 60], new Flatten().Forward(Tensor.Zeros(2, 3, 4, 5)));
    }

    [Fact]
    public void NonContiguousInputKeepsLogicalOrder()
    {
        var x = Tensor.Arange(24).Reshape(4, 3, 2).Permute(2, 1, 0); // [2, 3, 4]
        Assert.False(x.IsContiguous);
        var y = new Flatten().Forward(x);
        AssertShape([2, 12], y);
        AssertExact(Values(x), y);
    }

    [Fact]
    public void RankTwoOrLessIsUnchanged()
    {
        var x2 = Tensor.Arange(6).Reshape(2, 3);
        var x1 = Tensor.Arange(4);
        AssertShape([2, 3], new Flatten().Forward(x2));
        AssertShape([4], new Flatten().Forward(x1));
        AssertExact(Values(x2), new Flatten().Forward(x2));
    }

    [Fact]
    public void GradientFlowsBackInTheInputShape()
    {
        var x = Uniform(new Generator(1), -1, 1, 2, 3, 2);
        GradCheck.Check(t => new Flatten().Forward(t[0]), [x], reference: d => d[0]);
        var leaf = x.Clone().Detach();
        leaf.RequiresGrad = true;
        new Flatten().Forward(leaf).Backward(Tensor.Arange(12).Reshape(2, 6));
        AssertShape([2, 3, 2], leaf.Grad!);
        AssertExact(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), leaf.Grad!);
    }

    [Fact]
    public void HasNoParameters() => Assert.Empty(new Flatten().NamedParameters());
}
