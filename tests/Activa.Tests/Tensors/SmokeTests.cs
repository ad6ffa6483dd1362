using Activa.Autograd;

namespace Activa.Tests.Tensors;

public class SmokeTests
{
    [Fact]
    public void LinearLayerGradientsMatchFiniteDifferences()
    {
        var g = new Generator(1);
        var x = Tensor.Randn([4, 3], g);
        var w = Tensor.Randn([3, 5], g);
        var b = Tensor.Randn([5], g);
        var r = GradCheck.Check(t => t[0].MatMul(t[1]).Add(t[2]).Tanh().Sum(1), [x, w, b]);
        Assert.Equal(12 + 15 + 5, r.Checked);
    }
}
