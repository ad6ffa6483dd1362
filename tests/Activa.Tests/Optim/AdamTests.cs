using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>Adam as torch.optim.Adam (amsgrad off): bias-corrected moments, L2 weight decay added to the gradient.</summary>
public class AdamTests
{
    public static TheoryData<float, float, float, float, float> Configs() => new()
    {
        // lr, β₁, β₂, ε, weight decay
        { 1e-3f, 0.9f, 0.999f, 1e-8f, 0f },
        { 0.05f, 0.8f, 0.99f, 1e-6f, 0f },
        { 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f },
        { 0.1f, 0f, 0.5f, 1e-3f, 0.01f },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void ThreeStepsFollowThePublishedRule(float lr, float b1, float b2, float eps, float wd)
    {
        // 1 and 37 elements: scalar tail and vector body; 100 000: several chunks updated in parallel
        foreach (int n in new[] { 1, 37, 100_000 })
            OptimHarness.FollowsReference(p => new Adam([p], lr, b1, b2, eps, wd),
                new OptimReference.AdamRule(lr, b1, b2, eps, wd), n, steps: 3, seed: 1800);
    }

    [Fact]
    public void FirstStepMovesEachElementByLrTimesTheGradientSign()
    {
        // t = 1: m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε)
        var p = Parameter([1f, 1f, 1f, 1f]);
        p.Grad = Tensor.FromArray([0.001f, -3f, 250f, -0.2f]);
        new Adam([p], lr: 0.1f).Step();
        OptimReference.AssertFollows([0.9, 1.1, 0.9, 1.1], p, rtol: 1e-6);
    }

    [Fact]
    public void HandComputedTwoSteps()
    {
        // p = 0, g₁ = 1, g₂ = −1, lr 0.1, β = (0.9, 0.999), ε = 0:
        // t=1: m = 0.1, v = 0.001, m̂ = 1, v̂ = 1 → p = −0.1
        // t=2: m = 0.09 − 0.1 = −0.01, v = 0.000999 + 0.001 = 0.001999; m̂ = −0.01/0.19, v̂ = 0.001999/0.001999 = 1
        //      → p = −0.1 + 0.1·(0.01/0.19) = −0.0947368…
        var p = Parameter([0f]);
        var opt = new Adam([p], lr: 0.1f, eps: 0f);
        p.Grad = Tensor.FromArray([1f]);
        opt.Step();
        Assert.Equal(-0.1, p.ToArray()[0], 1e-6);
        p.Grad = Tensor.FromArray([-1f]);
        opt.Step();
        Assert.Equal(-0.1 + 0.1 * (0.01 / 0.19), p.ToArray()[0], 1e-6);
    }

    [Fact]
    public void WeightDecayIsAddedToTheGradient()
    {
        // zero gradient, λ = 0.5: g' = λp, so Adam moves p by lr toward 0 (AdamW would only shrink it)
        var p = Parameter([2f, -4f]);
        p.Grad = Tensor.Zeros(2);
        new Adam([p], lr: 0.1f, weightDecay: 0.5f).Step();
        OptimReference.AssertFollows([1.9, -3.9], p, rtol: 1e-6);
    }

    [Fact]
    public void StateSlotsAreNamedAsInPyTorch()
    {
        var p = Parameter([1f, 2f]);
        var opt = new Adam([p]);
        p.Grad = Tensor.Ones(2);
        opt.Step();
        opt.Step();
        var state = opt.StateDict(new Dictionary<Tensor, string> { [p] = "w" });
        Assert.Equal(["w.exp_avg", "w.exp_avg_sq", "w.step"], state.Keys.Order());
        Assert.Equal([2f], state["w.step"].ToArray());
        Assert.Equal(0.19, state["w.exp_avg"].ToArray()[0], 1e-6);
    }

    [Fact]
    public void InvalidSettingsThrow()
    {
        var p = Parameter([1f]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta2: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], eps: -1e-8f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], lr: -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], weightDecay: -1f));
    }

    [Fact]
    public void NonContiguousParameterIsRejectedNamingTheFix()
    {
        var p = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3).T; // a transposed view: not contiguous
        p.RequiresGrad = true;
        p.Grad = Tensor.FromArray([0f, 1f, 0f, 0f, 0f, 0f], 3, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => new Adam([p], lr: 0.1f).Step());
        Assert.Contains("contiguous", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new[] { 1f, 4f, 2f, 5f, 3f, 6f }, p.ToArray()); // and left untouched
    }
}
