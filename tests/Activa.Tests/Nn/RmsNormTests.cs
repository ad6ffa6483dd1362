using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>RmsNorm over the last dimension: x / √(mean(x²) + ε) · γ (no centring, no shift).</summary>
public class RmsNormTests
{
    private static RmsNorm WithRandomWeight(int f, Generator g, float eps = 1e-6f)
    {
        var n = new RmsNorm(f, eps);
        using (Tensor.NoGrad()) n.Weight.CopyFrom(Uniform(g, 0.5f, 1.5f, f));
        return n;
    }

    [Fact]
    public void ForwardMatchesReference()
    {
        var g = new Generator(700);
        var norm = WithRandomWeight(7, g);
        foreach (var x in new[] { Uniform(g, -2, 3, 5, 7), Uniform(g, -2, 3, 2, 2, 7), Uniform(g, -1, 1, 7, 3).T })
        {
            var y = norm.Forward(x);
            AssertShape(ShapeOf(x), y);
            AssertClose(RmsNorm(Values(x), 7, 1e-6, D(norm.Weight)), y, rtol: 1e-5, atol: 1e-6);
        }
    }

    [Fact]
    public void DoesNotCentre()
    {
        // a constant positive row stays constant at γ (LayerNorm would give 0)
        var y = new RmsNorm(4).Forward(Tensor.Full([1, 4], 5f));
        AssertClose([1, 1, 1, 1], y, rtol: 1e-6);
        // unit root-mean-square per row by default
        var z = D(new RmsNorm(50).Forward(Uniform(new Generator(701), -9, 9, 3, 50)));
        for (int r = 0; r < 3; r++) Assert.Equal(1.0, Math.Sqrt(z.Skip(r * 50).Take(50).Average(v => v * v)), 1e-5);
    }

    [Fact]
    public void ZeroRowIsFinite() =>
        Assert.All(new RmsNorm(3).Forward(Tensor.Zeros(2, 3)).ToArray(), v => Assert.Equal(0f, v));

    [Fact]
    public void InputAndWeightGradients()
    {
        var g = new Generator(702);
        var norm = WithRandomWeight(5, g, eps: 1e-3f);
        ModuleGradCheck.Check(norm, Uniform(g, -2, 2, 3, 5), d => RmsNorm(d[0], 5, 1e-3, d[1]));
    }

    [Fact]
    public void ParametersAndErrors()
    {
        var norm = new RmsNorm(6);
        Assert.Equal(["weight"], norm.NamedParameters().Select(p => p.Name));
        Assert.Equal(Enumerable.Repeat(1f, 6), norm.Weight.ToArray());
        Assert.Throws<ShapeMismatchException>(() => norm.Forward(Tensor.Zeros(2, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsNorm(0));
    }
}
