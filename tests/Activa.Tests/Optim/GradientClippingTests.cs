using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>
/// ClipByNorm as torch.nn.utils.clip_grad_norm_: the global L2 norm over every gradient (dense and
/// row-sparse) is returned; above maxNorm all gradients are scaled by maxNorm / (norm + 1e-6); at or below it
/// nothing changes; a non-finite norm scales nothing.
/// </summary>
public class GradientClippingTests
{
    private static Tensor WithGrad(float[] grad)
    {
        var p = Parameter(new float[grad.Length]);
        p.Grad = Tensor.FromArray(grad);
        return p;
    }

    private static double Norm(IEnumerable<float> v) => Math.Sqrt(v.Sum(x => (double)x * x));

    [Fact]
    public void ReturnsTheTotalNormAndScalesEveryGradient()
    {
        var g = new Generator(2200);
        var grads = new[] { 5, 17, 1 }.Select(n => Enumerable.Range(0, n).Select(_ => (float)(g.NextDouble() * 4 - 2)).ToArray()).ToArray();
        var ps = grads.Select(WithGrad).ToArray();
        double total = Norm(grads.SelectMany(x => x));
        double returned = GradientClipping.ClipByNorm(ps, maxNorm: 1.0);
        Assert.Equal(total, returned, 1e-5 * total);
        double scale = 1.0 / (total + 1e-6);
        for (int k = 0; k < ps.Length; k++)
            AssertFollows(grads[k].Select(x => x * scale).ToArray(), ps[k].Grad!, rtol: 1e-6, atol: 1e-8, what: $"parameter {k}");
        Assert.InRange(Norm(ps.SelectMany(p => p.Grad!.ToArray())), 1 - 1e-5, 1.0 + 1e-6);
    }

    [Fact]
    public void HandComputedThreeFourFive()
    {
        var a = WithGrad([3f]);
        var b = WithGrad([0f, 4f]);
        Assert.Equal(5.0, GradientClipping.ClipByNorm([a, b], 2.5), 1e-9);
        Assert.Equal(1.5f, a.Grad!.ToArray()[0], 1e-6f);
        Assert.Equal([0f, 2f], b.Grad!.ToArray().Select(v => MathF.Round(v, 5)));
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(100.0)]
    public void AtOrBelowTheThresholdNothingChanges(double maxNorm)
    {
        var a = WithGrad([3f, -4f]);
        var before = a.Grad!.ToArray();
        Assert.Equal(5.0, GradientClipping.ClipByNorm([a], maxNorm), 1e-9);
        Assert.Equal(before, a.Grad!.ToArray());
    }

    [Fact]
    public void RowSparseGradientsCountAndAreScaled()
    {
        var table = Parameter(new float[12], 4, 3);
        table.SparseGrad = new RowSparseGradient([1, 3], Tensor.FromArray([1f, 2f, 2f, 0f, 0f, 4f], 2, 3), [4, 3]);
        var dense = WithGrad([4f]);
        double norm = GradientClipping.ClipByNorm([table, dense], 3.0); // √(1 + 4 + 4 + 16 + 16) = √41
        Assert.Equal(Math.Sqrt(41), norm, 1e-6);
        double s = 3.0 / (Math.Sqrt(41) + 1e-6);
        AssertFollows([1 * s, 2 * s, 2 * s, 0, 0, 4 * s], table.SparseGrad!.Values, rtol: 1e-6);
        AssertFollows([4 * s], dense.Grad!, rtol: 1e-6);
    }

    [Fact]
    public void ParametersWithoutGradientsAreIgnored()
    {
        var none = Parameter([100f]);
        var a = WithGrad([6f, 8f]);
        Assert.Equal(10.0, GradientClipping.ClipByNorm([none, a], 1.0), 1e-9);
        Assert.Null(none.Grad);
        Assert.Equal(0.0, GradientClipping.ClipByNorm([none], 1.0));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteNormScalesNothing(float bad)
    {
        var a = WithGrad([1f, bad]);
        var b = WithGrad([30f]);
        double norm = GradientClipping.ClipByNorm([a, b], 1.0);
        Assert.False(double.IsFinite(norm));
        Assert.Equal(float.IsNaN(bad), double.IsNaN(norm));
        Assert.Equal([30f], b.Grad!.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void NonPositiveMaxNormThrows(double maxNorm) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByNorm([WithGrad([1f])], maxNorm));
}
