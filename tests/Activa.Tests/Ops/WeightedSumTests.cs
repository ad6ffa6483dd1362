using Activa.Autograd;

namespace Activa.Tests.Ops;

/// <summary><see cref="Functional.WeightedSum"/>: values and gradients against the composed ops and finite differences; bad shapes.</summary>
public class WeightedSumTests
{
    [Theory]
    [InlineData(3, 5, 37)]   // odd width: vector body and scalar tail
    [InlineData(2, 1, 8)]
    [InlineData(300, 50, 32)] // DIN's shape at batch 300: split across the worker pool
    public void EqualsTheProductSummedOverBehaviours(int n, int l, int d)
    {
        var g = new Generator(5);
        var w = Tensor.Uniform([n, l], -1f, 1f, g);
        var v = Tensor.Uniform([n, l, d], -2f, 2f, g);
        var fused = Functional.WeightedSum(w, v).ToArray();
        var composed = w.Unsqueeze(2).Mul(v).Sum(1).ToArray();
        Assert.Equal(composed.Length, fused.Length);
        for (int i = 0; i < fused.Length; i++) Assert.True(Math.Abs(fused[i] - composed[i]) <= 1e-5f * (1 + Math.Abs(composed[i])), $"element {i}: {fused[i]} vs {composed[i]}");
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var g = new Generator(6);
        var w = Tensor.Uniform([3, 4], -1f, 1f, g);
        var v = Tensor.Uniform([3, 4, 19], -1f, 1f, g);
        GradCheck.Check(t => Functional.WeightedSum(t[0], t[1]), [w, v]);
        GradCheck.Check(t => Functional.WeightedSum(t[0], t[1]), [w, v], checkInput: i => i == 0);
        GradCheck.Check(t => Functional.WeightedSum(t[0], t[1]), [w, v], checkInput: i => i == 1);
        // non-contiguous operands (a transposed view) are read correctly
        GradCheck.Check(t => Functional.WeightedSum(t[0].T, t[1].Transpose(0, 1)), [w.T.Contiguous(), v.Transpose(0, 1).Contiguous()]);
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 3, 5, 2 })]
    [InlineData(new[] { 3, 4 }, new[] { 2, 4, 2 })]
    [InlineData(new[] { 12 }, new[] { 3, 4, 2 })]
    [InlineData(new[] { 3, 4 }, new[] { 3, 4 })]
    public void RejectsShapesThatDoNotFit(int[] weights, int[] values)
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Functional.WeightedSum(Tensor.Zeros(weights), Tensor.Zeros(values)));
        Assert.Contains("weighted_sum", ex.Message);
    }
}
