using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>Parameter groups: each group's own learning rate and weight decay, defaults for unset settings, validation.</summary>
public class ParamGroupTests
{
    [Fact]
    public void UnsetSettingsTakeTheOptimizersDefaults()
    {
        var a = Parameter([1f]);
        var b = Parameter([1f]);
        var opt = new Sgd([new ParamGroup([a], lr: 0.5f, name: "fast"), new ParamGroup([b], weightDecay: 0.2f)], lr: 0.01f, weightDecay: 0.1f);
        Assert.Equal((0.5f, 0.5f, 0.1f, "fast"), (opt.Groups[0].Lr, opt.Groups[0].InitialLr, opt.Groups[0].WeightDecay, opt.Groups[0].Name));
        Assert.Equal((0.01f, 0.01f, 0.2f, (string?)null), (opt.Groups[1].Lr, opt.Groups[1].InitialLr, opt.Groups[1].WeightDecay, opt.Groups[1].Name));
    }

    [Fact]
    public void SgdGroupsStepWithTheirOwnRateAndDecay()
    {
        var a = Parameter([1f, 2f]);
        var b = Parameter([3f]);
        var opt = new Sgd([new ParamGroup([a], lr: 0.5f), new ParamGroup([b], weightDecay: 0.5f)], lr: 0.1f, momentum: 0.9f);
        var ra = new SgdRule(0.5, 0.9);
        var rb = new SgdRule(0.1, 0.9, weightDecay: 0.5);
        double[] ea = [1, 2], eb = [3];
        for (int k = 0; k < 3; k++)
        {
            float[] ga = [0.1f * (k + 1), -0.3f], gb = [0.7f - k];
            a.Grad = Tensor.FromArray(ga);
            b.Grad = Tensor.FromArray(gb);
            opt.Step();
            ra.Step(ea, D(ga));
            rb.Step(eb, D(gb));
            AssertFollows(ea, a, what: "group 0");
            AssertFollows(eb, b, what: "group 1");
        }
    }

    [Fact]
    public void AdamWGroupsForExcludingParametersFromDecay()
    {
        // the usual split: weights decay, biases and norm scales do not
        var weight = Parameter([1f, -1f]);
        var bias = Parameter([0.5f]);
        var opt = new AdamW([new ParamGroup([weight]), new ParamGroup([bias], weightDecay: 0f, name: "no_decay")], lr: 0.01f, weightDecay: 0.1f);
        var rw = new AdamRule(0.01, weightDecay: 0.1, decoupled: true);
        var rb = new AdamRule(0.01, weightDecay: 0, decoupled: true);
        double[] ew = [1, -1], eb = [0.5];
        for (int k = 0; k < 2; k++)
        {
            float[] gw = [0.2f, 0.1f * k], gb = [-0.4f];
            weight.Grad = Tensor.FromArray(gw);
            bias.Grad = Tensor.FromArray(gb);
            opt.Step();
            rw.Step(ew, D(gw));
            rb.Step(eb, D(gb));
            AssertFollows(ew, weight);
            AssertFollows(eb, bias);
        }
    }

    [Fact]
    public void ChangingAGroupsSettingsTakesEffectOnTheNextStep()
    {
        var p = Parameter([1f]);
        var opt = new Sgd([p], lr: 0.1f);
        opt.Groups[0].Lr = 0.5f;
        opt.Groups[0].WeightDecay = 1f;
        p.Grad = Tensor.FromArray([1f]);
        opt.Step();
        Assert.Equal(0f, p.ToArray()[0], 1e-6f); // 1 − 0.5·(1 + 1·1)
        Assert.Equal(0.1f, opt.Groups[0].InitialLr);
    }

    [Fact]
    public void AParameterMayBelongToOneGroupOnly()
    {
        var a = Parameter([1f]);
        var e = Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([a]), new ParamGroup([a], lr: 1f)], lr: 0.1f));
        Assert.Contains("more than one group", e.Message);
        Assert.Throws<ArgumentException>(() => new Adam([a, a]));
    }

    [Fact]
    public void EmptyGroupsAreAnErrorUnlessAnotherGroupHasParameters()
    {
        Assert.Throws<ArgumentException>(() => new Adam(Array.Empty<ParamGroup>()));
        Assert.Throws<ArgumentException>(() => new Adam([new ParamGroup([])]));
        var opt = new Adam([new ParamGroup([]), new ParamGroup([Parameter([1f])])]);
        Assert.Equal(2, opt.Groups.Count);
    }
}
