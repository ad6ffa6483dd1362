using Activa.Autograd;
using Activa.Losses;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Losses;

/// <summary>Huber loss as torch.nn.HuberLoss: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond; gradient clamp(d, −δ, δ).</summary>
public class HuberTests
{
    private static double[] PerElement(double[] x, double[] t, double delta) => x.Select((xi, i) =>
    {
        double a = Math.Abs(xi - t[i]);
        return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }).ToArray();

    public static TheoryData<Reduction, float> Cases()
    {
        var data = new TheoryData<Reduction, float>();
        foreach (var r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
            foreach (float delta in new[] { 0.5f, 1f, 2f }) data.Add(r, delta);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValuesMatchReference(Reduction reduction, float delta)
    {
        var g = new Generator(1600);
        var x = Uniform(g, -4, 4, 6, 5);
        var t = Uniform(g, -4, 4, 6, 5);
        var loss = Loss.Huber(x, t, delta, reduction);
        AssertShape(reduction == Reduction.None ? [6, 5] : [], loss);
        AssertClose(CrossEntropyTests.Reduce(PerElement(Values(x), Values(t), delta), reduction), loss, rtol: 1e-5, atol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesReferenceOnBothBranches(Reduction reduction, float delta)
    {
        var g = new Generator(1601);
        // differences on both sides of δ, at least 0.05 from 0 and from ±δ
        float[] d = [0.3f * delta, -0.6f * delta, 0.9f * delta, 1.5f * delta, -2.5f * delta, -0.2f * delta, 3f * delta, 0.05f];
        var t = Uniform(g, -1, 1, d.Length);
        var x = t.Add(Tensor.FromArray(d));
        var tv = Values(t);
        GradCheck.Check(l => Loss.Huber(l[0], t, delta, reduction), [x], new GradCheckOptions(1e-4, 1e-3, 1e-6),
            dd => CrossEntropyTests.Reduce(PerElement(dd[0], tv, delta), reduction));
    }

    [Fact]
    public void GradientIsTheClampedDifference()
    {
        var x = Tensor.FromArray([0.5f, -3f, 4f, -0.25f]);
        x.RequiresGrad = true;
        Loss.Huber(x, Tensor.Zeros(4), delta: 1f, Reduction.Sum).Backward();
        Assert.Equal([0.5f, -1f, 1f, -0.25f], x.Grad!.ToArray());
    }

    [Fact]
    public void ContinuousAtDelta()
    {
        const float delta = 1.5f;
        var below = Loss.Huber(Tensor.FromArray([delta - 1e-3f]), Tensor.Zeros(1), delta).Item();
        var above = Loss.Huber(Tensor.FromArray([delta + 1e-3f]), Tensor.Zeros(1), delta).Item();
        Assert.Equal(0.5 * delta * delta, below, 3e-3);
        Assert.Equal(0.5 * delta * delta, above, 3e-3);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void NonPositiveDeltaThrows(float delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.Huber(Tensor.Zeros(2), Tensor.Zeros(2), delta));

    [Fact]
    public void IncompatibleShapesThrow() =>
        Assert.Throws<ShapeMismatchException>(() => Loss.Huber(Tensor.Zeros(4), Tensor.Zeros(5)));
}
