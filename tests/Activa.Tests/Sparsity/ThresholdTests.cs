using Activa.Autograd;
using Activa.Nn;
using Activa.Sparsity;

namespace Activa.Tests.Sparsity;

/// <summary>Thresholded activation layers: values, gradients, how a model gets them, and bad thresholds.</summary>
public class ThresholdTests
{
    private static Sequential Mlp(string act) =>
        new(new Linear(3, 4, generator: new Generator(1)), new Act(act), new Dropout(0.1f), new Linear(4, 4, generator: new Generator(2)), new Act(act), new Linear(4, 2, generator: new Generator(3)));

    [Fact]
    public void SmallOutputsBecomeExactZerosAndTheRestPassUnchanged()
    {
        var x = Tensor.FromArray([-2f, -0.3f, -0.1f, 0f, 0.1f, 0.25f, 0.5f, 3f]);
        var layer = new ThresholdedActivation(new Act("identity"), 0.25f);
        // |y| ≤ 0.25 → 0, both signs, the bound itself included
        Assert.Equal([-2f, -0.3f, 0f, 0f, 0f, 0f, 0.5f, 3f], layer.Forward(x).ToArray());
        var silu = new ThresholdedActivation(new Act("silu"), 0.2f).Forward(x).ToArray();
        for (int i = 0; i < x.Numel; i++)
        {
            double y = x[i] / (1 + Math.Exp(-x[i]));
            Assert.Equal(Math.Abs(y) > 0.2 ? y : 0, silu[i], 1e-6);
        }
    }

    [Fact]
    public void GradientIsTheActivationsWhereTheOutputIsKept()
    {
        // away from the cut-off, where the function is smooth
        var x = Tensor.FromArray([-3f, -1.5f, -0.2f, 0.1f, 0.8f, 2f, 2.5f, -0.9f], 2, 4);
        GradCheck.Check(t => new ThresholdedActivation(new Act("gelu"), 0.3f).Forward(t[0]), [x]);
    }

    [Fact]
    public void ReluLayersBecomeTheZoosThresholdedReluAndOthersAreWrapped()
    {
        var relu = Mlp("relu");
        var shifted = ActivationThresholds.Apply(relu, [0.5f, 0f]);
        var first = Assert.IsType<Act>(shifted.Layers[1]);
        Assert.StartsWith("thresholded-relu(theta=0.5", first.ActivationName);
        Assert.Same(relu.Layers[4], shifted.Layers[4]);            // threshold 0: the layer is kept
        Assert.Same(relu.Layers[0], shifted.Layers[0]);            // weights are shared
        var wrapped = Assert.IsType<ThresholdedActivation>(ActivationThresholds.Apply(Mlp("relu-squared"), 0.1f).Layers[1]);
        Assert.Equal(0.1f, wrapped.Threshold);
        // a second shift replaces the first instead of stacking on it
        var twice = ActivationThresholds.Apply(ActivationThresholds.Apply(Mlp("silu"), 0.5f), 0.1f);
        Assert.IsType<Act>(Assert.IsType<ThresholdedActivation>(twice.Layers[1]).Inner);
    }

    [Fact]
    public void ThresholdedReluMatchesFatReluOnAModel()
    {
        var model = Mlp("relu");
        model.Eval();
        var shifted = ActivationThresholds.Apply(model, 0.2f);
        var x = Tensor.Randn([5, 3], new Generator(9));
        // the same model computed by hand: FATReLU_t(z) = z if z > t, else 0
        Tensor h = x;
        foreach (var layer in model.Layers)
            h = layer is Act ? Tensor.FromArray(h.ToArray().Select(z => z > 0.2f ? z : 0f).ToArray(), h.Shape.ToArray()) : layer.Forward(h);
        Assert.Equal(h.ToArray(), shifted.Forward(x).ToArray());
    }

    [Fact]
    public void BadThresholdsAreRejectedWithTheirLayer()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationThresholds.Apply(Mlp("relu"), [0.1f, -1f]));
        Assert.Contains("activation layer 1 (module 4)", e.Message);
        Assert.Contains("2 activation layers but 1", Assert.Throws<ArgumentException>(() => ActivationThresholds.Apply(Mlp("relu"), [0.1f])).Message);
        Assert.Throws<ArgumentException>(() => new ThresholdedActivation(new Act("relu"), float.NaN));
        Assert.Contains("no activation layer", Assert.Throws<ArgumentException>(() => ActivationThresholds.Apply(new Sequential(new Linear(2, 2)), 0.1f)).Message);
    }
}
