using Activa.Autograd;
using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// Alpha dropout (Klambauer et al., 2017): dropped units are set to α′ = −λα, then y = a·x + b with
/// a = ((1−p)(1 + p·α′²))^−½ and b = −a·α′·p, so a zero-mean unit-variance input keeps mean 0 and variance 1.
/// </summary>
public class AlphaDropoutTests
{
    // SELU constants (Klambauer et al.)
    private const double Lambda = 1.0507009873554804934193349852946;
    private const double Alpha = 1.6732632423543772848170429916717;
    private const double AlphaPrime = -Lambda * Alpha;

    private static (double A, double B) Affine(double p)
    {
        double a = 1 / Math.Sqrt((1 - p) * (1 + p * AlphaPrime * AlphaPrime));
        return (a, -a * AlphaPrime * p);
    }

    [Theory]
    [InlineData(0.05f)]
    [InlineData(0.2f)]
    [InlineData(0.5f)]
    public void KeepsZeroMeanAndUnitVariance(float p)
    {
        const int n = 400_000;
        var x = Tensor.Randn([n], new Generator(500));
        var y = new AlphaDropout(p, new Generator(501)).Forward(x).ToArray();
        var (mean, var) = Moments(y);
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(var, 0.98, 1.02);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.4f)]
    public void KeptUnitsAreAffineAndDroppedUnitsTakeTheSaturationValue(float p)
    {
        const int n = 100_000;
        var (a, b) = Affine(p);
        double droppedValue = a * AlphaPrime + b;
        var x = Uniform(new Generator(502), 0.1f, 3f, n); // positive: no kept unit can equal the dropped value
        var xs = x.ToArray();
        var ys = new AlphaDropout(p, new Generator(503)).Forward(x).ToArray();
        int dropped = 0;
        for (int i = 0; i < n; i++)
        {
            if (Math.Abs(ys[i] - droppedValue) < 1e-6) { dropped++; continue; }
            if (!(Math.Abs(ys[i] - (a * xs[i] + b)) <= 1e-5)) Assert.Fail($"element {i}: expected {a * xs[i] + b}, got {ys[i]}");
        }
        double sd = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(dropped / (double)n, p - 5 * sd, p + 5 * sd);
    }

    [Fact]
    public void EvaluationModeAndZeroProbabilityAreTheIdentity()
    {
        var x = Tensor.Randn([300], new Generator(504));
        var layer = new AlphaDropout(0.3f, new Generator(505));
        layer.Eval();
        Assert.Equal(x.ToArray(), layer.Forward(x).ToArray());
        Assert.Equal(x.ToArray(), new AlphaDropout(0f).Forward(x).ToArray());
    }

    [Fact]
    public void SameSeedSameOutput()
    {
        var x = Tensor.Randn([1000], new Generator(506));
        var first = new AlphaDropout(0.2f, new Generator(11)).Forward(x).ToArray();
        Assert.Equal(first, new AlphaDropout(0.2f, new Generator(11)).Forward(x).ToArray());
        Assert.NotEqual(first, new AlphaDropout(0.2f, new Generator(12)).Forward(x).ToArray());
    }

    [Fact]
    public void GradientIsAOnKeptUnitsAndZeroOnDroppedOnes()
    {
        var x = Tensor.Randn([6, 5], new Generator(507));
        GradCheck.Check(t => new AlphaDropout(0.3f, new Generator(13)).Forward(t[0]), [x]);

        var (a, b) = Affine(0.3);
        var leaf = Uniform(new Generator(508), 0.1f, 2f, 200);
        leaf.RequiresGrad = true;
        var y = new AlphaDropout(0.3f, new Generator(13)).Forward(leaf);
        y.Backward(Tensor.OnesLike(y));
        var ys = y.ToArray();
        var gs = leaf.Grad!.ToArray();
        for (int i = 0; i < ys.Length; i++)
            Assert.Equal(Math.Abs(ys[i] - (a * AlphaPrime + b)) < 1e-6 ? 0.0 : a, gs[i], 1e-6);
    }

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(1f)]
    public void ProbabilityOutsideZeroOneThrows(float p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlphaDropout(p));
}
