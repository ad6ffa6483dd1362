using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>AdamW as torch.optim.AdamW: p ← p·(1 − lr·λ), then the Adam step on the raw gradient.</summary>
public class AdamWTests
{
    public static TheoryData<float, float, float, float, float> Configs() => new()
    {
        { 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f },
        { 0.05f, 0.8f, 0.99f, 1e-6f, 0.1f },
        { 0.1f, 0.9f, 0.999f, 1e-8f, 0f },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void ThreeStepsFollowThePublishedRule(float lr, float b1, float b2, float eps, float wd)
    {
        foreach (int n in new[] { 1, 37, 100_000 })
            OptimHarness.FollowsReference(p => new AdamW([p], lr, b1, b2, eps, wd),
                new OptimReference.AdamRule(lr, b1, b2, eps, wd, decoupled: true), n, steps: 3, seed: 1900);
    }

    [Fact]
    public void DecayIsDecoupledFromTheGradient()
    {
        // zero gradient: the moments stay 0 and p only shrinks by (1 − lr·λ) = 1 − 0.1·0.5
        var p = Parameter([2f, -4f]);
        var opt = new AdamW([p], lr: 0.1f, weightDecay: 0.5f);
        p.Grad = Tensor.Zeros(2);
        opt.Step();
        OptimReference.AssertFollows([1.9, -3.8], p, rtol: 1e-6);
        p.Grad = Tensor.Zeros(2);
        opt.Step();
        OptimReference.AssertFollows([1.805, -3.61], p, rtol: 1e-6);
    }

    [Fact]
    public void DefaultWeightDecayIsPointZeroOne()
    {
        var p = Parameter([1f]);
        var opt = new AdamW([p], lr: 0.5f);
        Assert.Equal(0.01f, opt.Groups[0].WeightDecay);
        p.Grad = Tensor.Zeros(1);
        opt.Step();
        Assert.Equal(0.995, p.ToArray()[0], 1e-6);
    }

    [Fact]
    public void DiffersFromAdamWithTheSameWeightDecay()
    {
        var a = Parameter([1f, -2f]);
        var w = Parameter([1f, -2f]);
        a.Grad = Tensor.FromArray([0.3f, 0.1f]);
        w.Grad = Tensor.FromArray([0.3f, 0.1f]);
        new Adam([a], lr: 0.1f, weightDecay: 0.1f).Step();
        new AdamW([w], lr: 0.1f, weightDecay: 0.1f).Step();
        // Adam: g' = (0.4, −0.1) → p − lr·sign(g'); AdamW: p·0.99 − lr·sign(g)
        OptimReference.AssertFollows([0.9, -1.9], a, rtol: 1e-6);
        OptimReference.AssertFollows([0.89, -2.08], w, rtol: 1e-6);
    }
}
