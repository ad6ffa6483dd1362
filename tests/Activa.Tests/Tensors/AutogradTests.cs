using Activa.Autograd;

namespace Activa.Tests.Tensors;

public class AutogradTests
{
    private static Tensor Leaf(params float[] values)
    {
        var t = Tensor.FromArray(values);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void ChainRuleOnAScalarExpression()
    {
        // L = Σ (x·y + x²): dL/dx = y + 2x, dL/dy = x
        var x = Leaf(1f, -2f, 3f);
        var y = Leaf(4f, 5f, -6f);
        (x * y + x * x).Sum().Backward();
        Assert.Equal(new[] { 6f, 1f, 0f }, x.Grad!.ToArray());
        Assert.Equal(new[] { 1f, -2f, 3f }, y.Grad!.ToArray());
    }

    [Fact]
    public void ASecondBackwardThroughAFreedGraphIsAnErrorThatNamesTheFix()
    {
        var x = Leaf(1f, 2f);
        var loss = (x * x).Sum();
        loss.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("retainGraph", ex.Message);
    }

    [Fact]
    public void RetainGraphAllowsAnotherPassThatAccumulates()
    {
        var x = Leaf(1f, -3f);
        var loss = (x * x).Sum();
        loss.Backward(retainGraph: true);
        loss.Backward();
        Assert.Equal(new[] { 4f, -12f }, x.Grad!.ToArray()); // 2·(2x)
    }

    [Fact]
    public void SharedSubexpressionAccumulatesBothPaths()
    {
        var x = Leaf(2f);
        var h = x * x;          // used twice below
        (h + h * 3f).Sum().Backward();
        Assert.Equal(16f, x.Grad!.ToArray()[0]); // d(4x²)/dx = 8x
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Leaf(1f, 2f);
        (x * 3f).Sum().Backward();
        (x * 3f).Sum().Backward();
        Assert.Equal(new[] { 6f, 6f }, x.Grad!.ToArray());
    }

    [Fact]
    public void BackwardWithExplicitGradient()
    {
        var x = Leaf(1f, 2f, 3f);
        var y = x * 2f;
        y.Backward(Tensor.FromArray([1f, 10f, 100f]));
        Assert.Equal(new[] { 2f, 20f, 200f }, x.Grad!.ToArray());
        var e = Assert.Throws<ShapeMismatchException>(() => (x * 2f).Backward(Tensor.Ones(2)));
        Assert.Contains("[2]", e.Message);
        Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward());
    }

    [Fact]
    public void NoGradScopeRecordsNothing()
    {
        var x = Leaf(1f, 2f);
        Tensor y;
        using (Tensor.NoGrad())
        {
            y = x * 2f;
            Assert.False(GradMode.Enabled);
        }
        Assert.True(GradMode.Enabled);
        Assert.False(y.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
    }

    [Fact]
    public void DetachCutsTheGraphButSharesStorage()
    {
        var x = Leaf(1f, 2f);
        var d = (x * 2f).Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        var y = x * d; // gradient flows only through x
        y.Sum().Backward();
        Assert.Equal(new[] { 2f, 4f }, x.Grad!.ToArray());
    }

    [Fact]
    public void InPlaceOnATrackedTensorIsRejectedOutsideNoGrad()
    {
        var x = Leaf(1f, 2f);
        var e = Assert.Throws<InvalidOperationException>(() => x.AddInPlace(Tensor.Ones(2)));
        Assert.Contains("NoGrad", e.Message);
        using (Tensor.NoGrad()) x.AddInPlace(Tensor.Ones(2), alpha: 2f);
        Assert.Equal(new[] { 3f, 4f }, x.ToArray());
    }

    [Fact]
    public void RequiresGradCannotBeClearedOnANonLeaf()
    {
        var y = Leaf(1f) * 2f;
        Assert.False(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    [Fact]
    public void GradientThroughViewsReachesTheBase()
    {
        var x = Tensor.Arange(6).Reshape(2, 3);
        x.RequiresGrad = true;
        var y = x.T.Narrow(0, 1, 2).Reshape(4) * Tensor.FromArray([1f, 2f, 3f, 4f]);
        y.Sum().Backward();
        // x.T rows 1..2 are x columns 1..2: [x01, x11, x02, x12] get weights 1, 2, 3, 4
        Assert.Equal(new[] { 0f, 1f, 3f, 0f, 2f, 4f }, x.Grad!.ToArray());
    }

    [Fact]
    public void DeepChainsDoNotOverflowTheStack()
    {
        var x = Leaf(1f);
        var y = x;
        for (int i = 0; i < 20_000; i++) y = y * 1f;
        y.Sum().Backward();
        Assert.Equal(1f, x.Grad!.Item());
    }

    [Fact]
    public void GradCheckCatchesAWrongGradient()
    {
        // A deliberately wrong backward (claims d(x²)/dx = x) must be reported.
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Check(t => WrongSquare(t[0]), [Tensor.FromArray([1f, 2f])]));
        Assert.Contains("analytic", e.Message);
    }

    private static Tensor WrongSquare(Tensor x)
    {
        Tensor y;
        using (Tensor.NoGrad()) y = x * x;
        return Tensor.Record(y, "wrong_square", [x], g => [g * x]);
    }

    [Fact]
    public void GradCheckUsesADoublePrecisionReferenceWhenGiven()
    {
        var x = Tensor.FromArray([0.3f, -1.2f, 2f]);
        var r = GradCheck.Check(t => t[0].Exp(), [x], new GradCheckOptions(Step: 1e-5, RelativeTolerance: 1e-4, AbsoluteTolerance: 1e-5),
            reference: a => a[0].Select(Math.Exp).ToArray());
        Assert.Equal(3, r.Checked);
        Assert.True(r.MaxAbsoluteError < 1e-5);
    }
}
