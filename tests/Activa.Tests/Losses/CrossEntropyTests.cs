using Activa.Autograd;
using Activa.Losses;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Losses;

/// <summary>
/// Cross-entropy from logits [N, C] and class indices, as torch.nn.functional.cross_entropy:
/// ℓₙ = −(1 − ε)·log pₙ,tₙ − (ε/C)·Σ_c log pₙ,c, reduced by mean over rows, sum, or none.
/// </summary>
public class CrossEntropyTests
{
    public static TheoryData<Reduction, float> Cases()
    {
        var data = new TheoryData<Reduction, float>();
        foreach (var r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
            foreach (float eps in new[] { 0f, 0.1f, 1f }) data.Add(r, eps);
        return data;
    }

    internal static double[] PerRow(double[] x, int n, int c, int[] targets, double eps)
    {
        var loss = new double[n];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < c; j++) max = Math.Max(max, x[i * c + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.Exp(x[i * c + j] - max);
            double lse = max + Math.Log(sum);
            double smooth = 0;
            for (int j = 0; j < c; j++) smooth += x[i * c + j] - lse;
            loss[i] = -(1 - eps) * (x[i * c + targets[i]] - lse) - eps / c * smooth;
        }
        return loss;
    }

    internal static double[] Reduce(double[] perElement, Reduction r) => r switch
    {
        Reduction.Mean => [perElement.Average()],
        Reduction.Sum => [perElement.Sum()],
        _ => perElement,
    };

    private static int[] Targets(int n, int c, ulong seed)
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, n).Select(_ => g.NextInt(c)).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValuesMatchReference(Reduction reduction, float eps)
    {
        const int n = 9, c = 7;
        var x = Uniform(new Generator(1200), -4, 4, n, c);
        var t = Targets(n, c, 1201);
        var loss = Loss.CrossEntropy(x, t, eps, reduction);
        AssertShape(reduction == Reduction.None ? [n] : [], loss);
        AssertClose(Reduce(PerRow(Values(x), n, c, t, eps), reduction), loss, rtol: 1e-5, atol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesReference(Reduction reduction, float eps)
    {
        const int n = 4, c = 5;
        var x = Uniform(new Generator(1202), -3, 3, n, c);
        var t = Targets(n, c, 1203);
        GradCheck.Check(l => Loss.CrossEntropy(l[0], t, eps, reduction), [x], new GradCheckOptions(1e-3, 1e-3, 1e-5),
            d => Reduce(PerRow(d[0], n, c, t, eps), reduction));
    }

    [Fact]
    public void GradientIsSoftmaxMinusSmoothedTarget()
    {
        const int n = 3, c = 4;
        const double eps = 0.2;
        var x = Uniform(new Generator(1204), -2, 2, n, c);
        x.RequiresGrad = true;
        int[] t = [2, 0, 3];
        Loss.CrossEntropy(x, t, (float)eps).Backward();
        var p = Softmax(Values(x), [n, c], 1, log: false);
        var expected = new double[n * c];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++)
                expected[i * c + j] = (p[i * c + j] - ((j == t[i] ? 1 - eps : 0) + eps / c)) / n;
        AssertClose(expected, x.Grad!, rtol: 1e-5, atol: 1e-7);
    }

    [Fact]
    public void LargeLogitsStayFiniteAndAccurate()
    {
        var x = Tensor.FromArray([1e4f, -1e4f, 0f, 3e4f, 3e4f + 2f, 3e4f - 5f, -5e4f, -5e4f, -5e4f], 3, 3);
        int[] t = [1, 0, 2];
        var loss = Loss.CrossEntropy(x, t, 0.1f, Reduction.None);
        Assert.All(loss.ToArray(), v => Assert.True(float.IsFinite(v)));
        AssertClose(PerRow(Values(x), 3, 3, t, 0.1), loss, rtol: 1e-5, atol: 1e-3);
        x.RequiresGrad = true;
        Loss.CrossEntropy(x, t).Backward();
        Assert.All(x.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void NonContiguousLogits()
    {
        var x = Uniform(new Generator(1205), -2, 2, 5, 3).T; // [3, 5]
        int[] t = [4, 0, 2];
        AssertClose(Reduce(PerRow(Values(x), 3, 5, t, 0), Reduction.Sum), Loss.CrossEntropy(x, t, reduction: Reduction.Sum), rtol: 1e-5);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-1)]
    [InlineData(-100)] // PyTorch's default ignore_index: there is no ignore index here, so it is an error
    public void LabelOutsideTheClassesThrows(int label)
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => Loss.CrossEntropy(Tensor.Zeros(2, 5), [0, label]));
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public void ShapeAndArgumentErrors()
    {
        Assert.Throws<ShapeMismatchException>(() => Loss.CrossEntropy(Tensor.Zeros(5), [0]));
        Assert.Throws<ShapeMismatchException>(() => Loss.CrossEntropy(Tensor.Zeros(2, 3, 4), [0, 1]));
        Assert.Throws<ShapeMismatchException>(() => Loss.CrossEntropy(Tensor.Zeros(3, 4), [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Tensor.Zeros(1, 4), [0], labelSmoothing: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Tensor.Zeros(1, 4), [0], labelSmoothing: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Tensor.Zeros(1, 4), [0], labelSmoothing: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Tensor.Zeros(1, 4), [0], reduction: (Reduction)7));
    }

    [Fact]
    public void UniformLogitsGiveLogC()
    {
        var loss = Loss.CrossEntropy(Tensor.Zeros(4, 10), [0, 3, 9, 5]);
        Assert.Equal(Math.Log(10), loss.Item(), 1e-6);
    }
}
