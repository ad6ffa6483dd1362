using Activa.Autograd;
using Activa.Losses;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Losses;

/// <summary>Mean squared error (x − t)², reduced by mean, sum or none; gradient 2(x − t)/N for the mean.</summary>
public class MseTests
{
    internal static double[] PerElement(double[] x, double[] t) => x.Select((xi, i) => (xi - t[i]) * (xi - t[i])).ToArray();

    public static TheoryData<Reduction> Reductions() => [Reduction.Mean, Reduction.Sum, Reduction.None];

    [Theory]
    [MemberData(nameof(Reductions))]
    public void ValuesMatchReference(Reduction reduction)
    {
        var g = new Generator(1400);
        var x = Uniform(g, -3, 3, 4, 6);
        var t = Uniform(g, -3, 3, 4, 6);
        var loss = Loss.Mse(x, t, reduction);
        AssertShape(reduction == Reduction.None ? [4, 6] : [], loss);
        AssertClose(CrossEntropyTests.Reduce(PerElement(Values(x), Values(t)), reduction), loss, rtol: 1e-5, atol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void GradientMatchesReference(Reduction reduction)
    {
        var g = new Generator(1401);
        var x = Uniform(g, -2, 2, 3, 5);
        var t = Uniform(g, -2, 2, 3, 5);
        var tv = Values(t);
        GradCheck.Check(l => Loss.Mse(l[0], t, reduction), [x], new GradCheckOptions(1e-3, 1e-3, 1e-6),
            d => CrossEntropyTests.Reduce(PerElement(d[0], tv), reduction));
    }

    [Fact]
    public void GradientFlowsToTheTargetToo()
    {
        var g = new Generator(1402);
        GradCheck.Check(l => Loss.Mse(l[0], l[1]), [Uniform(g, -1, 1, 6), Uniform(g, -1, 1, 6)], new GradCheckOptions(1e-3, 1e-3, 1e-6),
            d => [PerElement(d[0], d[1]).Average()]);
    }

    [Fact]
    public void IncompatibleShapesThrow() =>
        Assert.Throws<ShapeMismatchException>(() => Loss.Mse(Tensor.Zeros(3), Tensor.Zeros(4)));

    [Fact]
    public void BroadcastableButDifferentShapesThrow()
    {
        Assert.Throws<ShapeMismatchException>(() => Loss.Mse(Tensor.Zeros(3, 1), Tensor.Zeros(3)));
        Assert.Throws<ShapeMismatchException>(() => Loss.Mae(Tensor.Zeros(3, 1), Tensor.Zeros(3)));
        Assert.Throws<ShapeMismatchException>(() => Loss.Huber(Tensor.Zeros(3, 1), Tensor.Zeros(3)));
    }
}
