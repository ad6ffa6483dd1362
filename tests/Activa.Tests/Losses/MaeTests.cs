using Activa.Autograd;
using Activa.Losses;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Losses;

/// <summary>Mean absolute error |x − t| (L1), reduced by mean, sum or none; gradient sign(x − t).</summary>
public class MaeTests
{
    private static double[] PerElement(double[] x, double[] t) => x.Select((xi, i) => Math.Abs(xi - t[i])).ToArray();

    public static TheoryData<Reduction> Reductions() => [Reduction.Mean, Reduction.Sum, Reduction.None];

    [Theory]
    [MemberData(nameof(Reductions))]
    public void ValuesMatchReference(Reduction reduction)
    {
        var g = new Generator(1500);
        var x = Uniform(g, -3, 3, 5, 4);
        var t = Uniform(g, -3, 3, 5, 4);
        var loss = Loss.Mae(x, t, reduction);
        AssertShape(reduction == Reduction.None ? [5, 4] : [], loss);
        AssertClose(CrossEntropyTests.Reduce(PerElement(Values(x), Values(t)), reduction), loss, rtol: 1e-5, atol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void GradientMatchesReference(Reduction reduction)
    {
        var g = new Generator(1501);
        var t = Uniform(g, -2, 2, 3, 4);
        var x = t.Add(AwayFromZero(g, 0.1f, 2f, 3, 4)); // |x − t| ≥ 0.1: away from the kink
        var tv = Values(t);
        GradCheck.Check(l => Loss.Mae(l[0], t, reduction), [x], new GradCheckOptions(1e-3, 1e-3, 1e-6),
            d => CrossEntropyTests.Reduce(PerElement(d[0], tv), reduction));
    }

    [Fact]
    public void GradientIsTheSignOverCount()
    {
        var x = Tensor.FromArray([3f, -1f, 0.5f, 2f]);
        x.RequiresGrad = true;
        Loss.Mae(x, Tensor.FromArray([1f, 1f, 0.25f, 2.5f])).Backward();
        Assert.Equal([0.25f, -0.25f, 0.25f, -0.25f], x.Grad!.ToArray());
    }

    [Fact]
    public void IncompatibleShapesThrow() =>
        Assert.Throws<ShapeMismatchException>(() => Loss.Mae(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
}
