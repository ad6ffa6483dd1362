using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>LayerNorm over the last dimension (biased variance, ε inside the root), with and without γ/β.</summary>
public class LayerNormTests
{
    private static LayerNorm WithRandomAffine(int f, Generator g, float eps = 1e-5f)
    {
        var ln = new LayerNorm(f, eps);
        using (Tensor.NoGrad())
        {
            ln.Weight!.CopyFrom(Uniform(g, 0.5f, 1.5f, f));
            ln.Bias!.CopyFrom(Uniform(g, -0.5f, 0.5f, f));
        }
        return ln;
    }

    [Fact]
    public void ForwardMatchesReference()
    {
        var g = new Generator(600);
        var ln = WithRandomAffine(6, g);
        foreach (var x in new[] { Uniform(g, -2, 3, 4, 6), Uniform(g, -2, 3, 2, 3, 6), Uniform(g, -2, 3, 6), Uniform(g, -1, 1, 6, 5).T })
        {
            var expected = LayerNorm(Values(x), 6, 1e-5, D(ln.Weight!), D(ln.Bias!));
            var y = ln.Forward(x);
            AssertShape(ShapeOf(x), y);
            AssertClose(expected, y, rtol: 1e-5, atol: 1e-5);
        }
    }

    [Fact]
    public void DefaultIsZeroMeanUnitVariancePerRow()
    {
        var x = Uniform(new Generator(601), -5, 5, 3, 100).Mul(10f).Add(7f);
        var y = D(new LayerNorm(100).Forward(x));
        for (int r = 0; r < 3; r++)
        {
            var row = y.Skip(r * 100).Take(100).Select(v => (float)v).ToArray();
            var (mean, var) = Moments(row);
            Assert.Equal(0, mean, 1e-5);
            Assert.Equal(1, var, 1e-3);
        }
    }

    [Fact]
    public void WithoutAffineHasNoParameters()
    {
        var ln = new LayerNorm(5, elementwiseAffine: false);
        Assert.Null(ln.Weight);
        Assert.Null(ln.Bias);
        Assert.Empty(ln.Parameters());
        var x = Uniform(new Generator(602), -1, 1, 3, 5);
        AssertClose(LayerNorm(Values(x), 5, 1e-5, null, null), ln.Forward(x), rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void ConstantRowGivesBetaThanksToEps()
    {
        var g = new Generator(603);
        var ln = WithRandomAffine(4, g);
        var y = ln.Forward(Tensor.Full([2, 4], 3f));
        Assert.All(y.ToArray(), v => Assert.True(float.IsFinite(v)));
        AssertClose([.. D(ln.Bias!), .. D(ln.Bias!)], y, rtol: 0, atol: 1e-6);
    }

    [Fact]
    public void InputWeightAndBiasGradients()
    {
        var g = new Generator(604);
        var ln = WithRandomAffine(5, g, eps: 1e-3f);
        ModuleGradCheck.Check(ln, Uniform(g, -2, 2, 3, 5), d => LayerNorm(d[0], 5, 1e-3, d[1], d[2]));
    }

    [Fact]
    public void GradientsWithoutAffine()
    {
        var ln = new LayerNorm(4, 1e-3f, elementwiseAffine: false);
        ModuleGradCheck.Check(ln, Uniform(new Generator(605), -2, 2, 2, 3, 4), d => LayerNorm(d[0], 4, 1e-3, null, null));
    }

    [Fact]
    public void WrongFeatureCountThrows()
    {
        var ln = new LayerNorm(4);
        Assert.Throws<ShapeMismatchException>(() => ln.Forward(Tensor.Zeros(2, 5)));
        Assert.Throws<ShapeMismatchException>(() => ln.Forward(Tensor.Scalar(1f)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(0));
    }

    [Fact]
    public void NamesAndDescription()
    {
        var ln = new LayerNorm(8, 1e-6f);
        Assert.Equal(["weight", "bias"], ln.NamedParameters().Select(p => p.Name));
        Assert.Equal([1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], ln.Weight!.ToArray());
        Assert.All(ln.Bias!.ToArray(), v => Assert.Equal(0f, v));
        Assert.StartsWith("LayerNorm(8, eps=", ln.ToString());
    }
}
