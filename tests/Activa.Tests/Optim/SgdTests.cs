using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>SGD as torch.optim.SGD: plain, heavy-ball momentum (with dampening), Nesterov, L2 weight decay.</summary>
public class SgdTests
{
    public static TheoryData<string, float, float, float, bool, float> Configs() => new()
    {
        // name, lr, momentum, dampening, nesterov, weight decay
        { "plain", 0.1f, 0f, 0f, false, 0f },
        { "momentum", 0.05f, 0.9f, 0f, false, 0f },
        { "momentum+dampening", 0.05f, 0.9f, 0.5f, false, 0f },
        { "nesterov", 0.05f, 0.8f, 0f, true, 0f },
        { "weight decay", 0.1f, 0f, 0f, false, 0.01f },
        { "nesterov+weight decay", 0.02f, 0.9f, 0f, true, 0.1f },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void ThreeStepsFollowThePublishedRule(string name, float lr, float momentum, float dampening, bool nesterov, float wd)
    {
        _ = name;
        foreach (int n in new[] { 1, 37 })
            OptimHarness.FollowsReference(p => new Sgd([p], lr, momentum, dampening, nesterov, wd),
                new OptimReference.SgdRule(lr, momentum, dampening, nesterov, wd), n, steps: 3, seed: 1700);
    }

    [Fact]
    public void HandComputedMomentumSteps()
    {
        // p = 1, g = 0.5 each step, lr 0.1, μ 0.9:
        // b₁ = 0.5 → p = 0.95; b₂ = 0.9·0.5 + 0.5 = 0.95 → p = 0.855; b₃ = 0.9·0.95 + 0.5 = 1.355 → p = 0.7195
        var p = Parameter([1f]);
        var opt = new Sgd([p], lr: 0.1f, momentum: 0.9f);
        double[] expected = [0.95, 0.855, 0.7195];
        foreach (double e in expected)
        {
            p.Grad = Tensor.FromArray([0.5f]);
            opt.Step();
            Assert.Equal(e, p.ToArray()[0], 1e-6);
        }
    }

    [Fact]
    public void HandComputedNesterovSteps()
    {
        // p = 1, g = 0.5, lr 0.1, μ 0.9: b₁ = 0.5, d = 0.5 + 0.45 = 0.95 → p = 0.905;
        // b₂ = 0.95, d = 0.5 + 0.855 = 1.355 → p = 0.7695
        var p = Parameter([1f]);
        var opt = new Sgd([p], lr: 0.1f, momentum: 0.9f, nesterov: true);
        foreach (double e in new[] { 0.905, 0.7695 })
        {
            p.Grad = Tensor.FromArray([0.5f]);
            opt.Step();
            Assert.Equal(e, p.ToArray()[0], 1e-6);
        }
    }

    [Fact]
    public void HandComputedWeightDecay()
    {
        // g' = g + λp = 0.2 + 0.1·2 = 0.4; p = 2 − 0.5·0.4 = 1.8
        var p = Parameter([2f]);
        p.Grad = Tensor.FromArray([0.2f]);
        new Sgd([p], lr: 0.5f, weightDecay: 0.1f).Step();
        Assert.Equal(1.8, p.ToArray()[0], 1e-6);
    }

    [Fact]
    public void GradientFromBackwardAndParametersWithoutGradientAreSkipped()
    {
        var a = Parameter([1f, 2f]);
        var b = Parameter([3f]);
        var opt = new Sgd([a, b], lr: 0.1f, momentum: 0.9f);
        a.Mul(a).Sum().Backward(); // grad 2a
        opt.Step();
        Assert.Equal([0.8f, 1.6f], a.ToArray());
        Assert.Equal([3f], b.ToArray());
        Assert.Equal(["a.momentum_buffer"], opt.StateDict(new Dictionary<Tensor, string> { [a] = "a", [b] = "b" }).Keys);
    }

    [Fact]
    public void NonContiguousGradient()
    {
        var p = Parameter([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var grad = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2).T; // [2, 3] view: rows (1, 3, 5), (2, 4, 6)
        Assert.False(grad.IsContiguous);
        p.Grad = grad;
        new Sgd([p], lr: 1f).Step();
        Assert.Equal([0f, -1f, -2f, 2f, 1f, 0f], p.ToArray());
    }

    [Fact]
    public void ZeroGradClearsAndGradientShapeIsChecked()
    {
        var p = Parameter([1f, 2f]);
        var opt = new Sgd([p], lr: 0.1f);
        p.Grad = Tensor.Ones(2);
        opt.ZeroGrad();
        Assert.Null(p.Grad);
        opt.Step();
        Assert.Equal([1f, 2f], p.ToArray());
        p.Grad = Tensor.Ones(1, 2);
        Assert.Throws<ShapeMismatchException>(opt.Step);
    }

    [Fact]
    public void InvalidSettingsThrow()
    {
        var p = Parameter([1f]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], lr: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], lr: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], lr: 0.1f, momentum: -0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], lr: 0.1f, weightDecay: -1f));
        Assert.Throws<ArgumentException>(() => new Sgd([p], lr: 0.1f, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Sgd([p], lr: 0.1f, momentum: 0.9f, dampening: 0.1f, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Sgd(Array.Empty<Tensor>(), lr: 0.1f));
    }
}
