using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>Adagrad as torch.optim.Adagrad: accumulated squared gradients, lr decay, L2 weight decay, initial accumulator.</summary>
public class AdagradTests
{
    public static TheoryData<float, float, float, float, float> Configs() => new()
    {
        // lr, lr decay, weight decay, initial accumulator, ε
        { 0.01f, 0f, 0f, 0f, 1e-10f },
        { 0.1f, 0.1f, 0f, 0f, 1e-10f },
        { 0.05f, 0f, 0.05f, 0f, 1e-10f },
        { 0.1f, 0.01f, 0.01f, 0.1f, 1e-6f },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void ThreeStepsFollowThePublishedRule(float lr, float lrDecay, float wd, float acc, float eps)
    {
        foreach (int n in new[] { 1, 37 })
            OptimHarness.FollowsReference(p => new Adagrad([p], lr, lrDecay, wd, acc, eps),
                new OptimReference.AdagradRule(lr, lrDecay, wd, acc, eps), n, steps: 3, seed: 2000);
    }

    [Fact]
    public void HandComputedSteps()
    {
        // p = 1, g = 2 each step, lr 0.1, lr decay 0.5:
        // t=1: s = 4, clr = 0.1 → p = 1 − 0.1·2/2 = 0.9
        // t=2: s = 8, clr = 0.1/1.5 → p = 0.9 − (0.1/1.5)·2/√8 = 0.852859…
        var p = Parameter([1f]);
        var opt = new Adagrad([p], lr: 0.1f, lrDecay: 0.5f);
        p.Grad = Tensor.FromArray([2f]);
        opt.Step();
        Assert.Equal(0.9, p.ToArray()[0], 1e-6);
        p.Grad = Tensor.FromArray([2f]);
        opt.Step();
        Assert.Equal(0.9 - 0.1 / 1.5 * 2 / Math.Sqrt(8), p.ToArray()[0], 1e-6);
    }

    [Fact]
    public void StateSlotsAreNamedAsInPyTorch()
    {
        var p = Parameter([1f]);
        var opt = new Adagrad([p], initialAccumulator: 0.5f);
        p.Grad = Tensor.FromArray([2f]);
        opt.Step();
        var state = opt.StateDict(new Dictionary<Tensor, string> { [p] = "w" });
        Assert.Equal(["w.step", "w.sum"], state.Keys.Order());
        Assert.Equal([4.5f], state["w.sum"].ToArray());
    }

    [Fact]
    public void InvalidSettingsThrow()
    {
        var p = Parameter([1f]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad([p], lrDecay: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad([p], initialAccumulator: -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad([p], eps: -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad([p], lr: -1f));
    }
}
