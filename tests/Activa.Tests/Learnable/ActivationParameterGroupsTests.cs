using Activa.Activations.Learnable;
using Activa.Nn;
using Activa.Optim;

namespace Activa.Tests.Learnable;

/// <summary>Activation parameters as their own optimiser group, without weight decay.</summary>
public class ActivationParameterGroupsTests
{
    private static (Sequential Model, Linear A, PRelu P, Linear B, Snake S) Model()
    {
        var g = new Generator(31);
        var a = new Linear(4, 6, generator: g);
        var p = new PRelu(6, 0.25f, ParameterSharing.Channel);
        var b = new Linear(6, 3, generator: g);
        var s = new Snake(3, 1.5f);
        return (new Sequential(a, p, b, s, new Act("relu")), a, p, b, s);
    }

    [Fact]
    public void SplitsWeightsFromActivationParameters()
    {
        var (model, a, p, b, s) = Model();
        var groups = ActivationParameterGroups.Split(model, 0.01f, 0.1f);
        Assert.Equal(["weights", "activations"], groups.Select(g => g.Name));
        Assert.Equal([a.Weight, a.Bias!, b.Weight, b.Bias!], groups[0].Parameters);
        Assert.Equal([p.Weight, s.A], groups[1].Parameters);
        var opt = new AdamW(groups, lr: 0.5f, weightDecay: 0.7f);
        Assert.Equal(0.01f, opt.Groups[0].Lr);
        Assert.Equal(0.1f, opt.Groups[0].WeightDecay);
        Assert.Equal(0.01f, opt.Groups[1].Lr);
        Assert.Equal(0f, opt.Groups[1].WeightDecay);
    }

    [Fact]
    public void AdamWDoesNotDecayActivationParameters()
    {
        var (model, a, p, _, s) = Model();
        var opt = new AdamW(ActivationParameterGroups.Split(model, 0.1f, 0.5f));
        var weightBefore = a.Weight.ToArray();
        var slopeBefore = p.Weight.ToArray();
        var freqBefore = s.A.ToArray();
        // Zero gradients everywhere: Adam's step is 0, so only decoupled decay can move a parameter.
        foreach (var t in model.Parameters()) t.Grad = Tensor.ZerosLike(t);
        opt.Step();
        Assert.Equal(slopeBefore, p.Weight.ToArray());
        Assert.Equal(freqBefore, s.A.ToArray());
        var weightAfter = a.Weight.ToArray();
        for (int i = 0; i < weightAfter.Length; i++) Assert.Equal(weightBefore[i] * (1 - 0.1f * 0.5f), weightAfter[i], 1e-7f);
    }

    [Fact]
    public void ActivationParametersStillLearn()
    {
        var (model, _, p, _, s) = Model();
        var opt = new AdamW(ActivationParameterGroups.Split(model, 0.05f, 0.5f));
        var x = Tensor.Uniform([16, 4], -2f, 2f, new Generator(32));
        var slopeBefore = p.Weight.ToArray();
        var freqBefore = s.A.ToArray();
        opt.ZeroGrad();
        model.Forward(x).Square().Mean().Backward();
        opt.Step();
        Assert.NotEqual(slopeBefore, p.Weight.ToArray());
        Assert.NotEqual(freqBefore, s.A.ToArray());
    }

    [Fact]
    public void ModelsWithoutActivationParametersGetAnEmptyGroup()
    {
        var model = new Sequential(new Linear(2, 2), new Act("gelu"), new Helu(2));
        var groups = ActivationParameterGroups.Split(model, 1e-3f, 0.01f);
        Assert.Equal(2, groups[0].Parameters.Count);
        Assert.Empty(groups[1].Parameters);
        _ = new AdamW(groups);
    }
}
