using Activa.Autograd;
using Activa.Losses;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Losses;

/// <summary>
/// Binary cross-entropy from logits: ℓ = max(x, 0) − x·t + log(1 + e^{−|x|}) (the stable form of
/// −t·log σ(x) − (1−t)·log(1−σ(x))), gradient σ(x) − t; finite for any logit.
/// </summary>
public class BinaryCrossEntropyWithLogitsTests
{
    private static double[] PerElement(double[] x, double[] t) =>
        x.Select((xi, i) => Math.Max(xi, 0) - xi * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(xi)))).ToArray();

    public static TheoryData<Reduction> Reductions() => [Reduction.Mean, Reduction.Sum, Reduction.None];

    [Theory]
    [MemberData(nameof(Reductions))]
    public void ValuesMatchReference(Reduction reduction)
    {
        var g = new Generator(1300);
        var x = Uniform(g, -6, 6, 5, 7);
        var t = Uniform(g, 0, 1, 5, 7); // soft targets
        var loss = Loss.BinaryCrossEntropyWithLogits(x, t, reduction);
        AssertShape(reduction == Reduction.None ? [5, 7] : [], loss);
        AssertClose(CrossEntropyTests.Reduce(PerElement(Values(x), Values(t)), reduction), loss, rtol: 1e-5, atol: 1e-6);
    }

    [Fact]
    public void AgreesWithTheNaiveFormulaWhereThatIsAccurate()
    {
        var x = Tensor.FromArray([-2f, -0.5f, 0f, 0.7f, 3f]);
        var t = Tensor.FromArray([0f, 1f, 0.5f, 1f, 0f]);
        var naive = Values(x).Select((xi, i) =>
        {
            double s = 1 / (1 + Math.Exp(-xi)), ti = Values(t)[i];
            return -ti * Math.Log(s) - (1 - ti) * Math.Log(1 - s);
        }).ToArray();
        AssertClose(naive, Loss.BinaryCrossEntropyWithLogits(x, t, Reduction.None), rtol: 1e-5, atol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void GradientMatchesReference(Reduction reduction)
    {
        var g = new Generator(1301);
        var x = Uniform(g, -4, 4, 3, 4);
        var t = Uniform(g, 0, 1, 3, 4);
        var tv = Values(t);
        GradCheck.Check(l => Loss.BinaryCrossEntropyWithLogits(l[0], t, reduction), [x], new GradCheckOptions(1e-3, 1e-3, 1e-6),
            d => CrossEntropyTests.Reduce(PerElement(d[0], tv), reduction));
    }

    [Fact]
    public void LargeLogitsAreStable()
    {
        float[] xs = [1e4f, -1e4f, 1e4f, -1e4f, 100f, -100f, 1e30f, -1e30f, 30f];
        float[] ts = [0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f, 1f];
        var x = Tensor.FromArray(xs);
        x.RequiresGrad = true;
        var loss = Loss.BinaryCrossEntropyWithLogits(x, Tensor.FromArray(ts), Reduction.None);
        // confidently wrong: loss |x|; confidently right: loss ~0 (e^{-30} ≈ 9e-14)
        AssertClose([1e4, 1e4, 0, 0, 100, 100, 0, 0, 9.357622968839299e-14], loss, rtol: 1e-6, atol: 1e-9);
        loss.Backward(Tensor.OnesLike(loss));
        AssertClose([1, -1, 0, 0, 1, -1, 0, 0, -9.357622968839299e-14], x.Grad!, rtol: 0, atol: 1e-7);
    }

    [Fact]
    public void GradientIsSigmoidMinusTargetOverCount()
    {
        var x = Tensor.FromArray([-1f, 0f, 2f, 0.5f], 2, 2);
        x.RequiresGrad = true;
        var t = Tensor.FromArray([0f, 1f, 1f, 0.25f], 2, 2);
        Loss.BinaryCrossEntropyWithLogits(x, t).Backward();
        var expected = Values(x).Select((xi, i) => (1 / (1 + Math.Exp(-xi)) - Values(t)[i]) / 4).ToArray();
        AssertClose(expected, x.Grad!, rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void ShapesMustMatchExactly()
    {
        Assert.Throws<ShapeMismatchException>(() => Loss.BinaryCrossEntropyWithLogits(Tensor.Zeros(3), Tensor.Zeros(4)));
        // broadcastable is not enough: [3, 1] against [3] would silently become [3, 3]
        Assert.Throws<ShapeMismatchException>(() => Loss.BinaryCrossEntropyWithLogits(Tensor.Zeros(3, 1), Tensor.Zeros(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.BinaryCrossEntropyWithLogits(Tensor.Zeros(3), Tensor.Zeros(3), (Reduction)9));
    }
}
