using Activa.Autograd;
using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// Dropout (inverted): in training each element is zeroed with probability p and survivors are scaled by
/// 1/(1−p); evaluation is the identity. Statistics are checked on many draws with a 5σ tolerance.
/// </summary>
public class DropoutTests
{
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void DropsAFractionPAndScalesSurvivorsByOneOverOneMinusP(float p)
    {
        const int n = 200_000;
        var x = Uniform(new Generator(400), 0.5f, 2f, n);
        var y = new Dropout(p, new Generator(401)).Forward(x);
        var xs = x.ToArray();
        var ys = y.ToArray();
        int dropped = 0;
        for (int i = 0; i < n; i++)
        {
            if (ys[i] == 0f) { dropped++; continue; }
            if (!(Math.Abs(ys[i] - xs[i] / (1.0 - p)) <= 1e-6 * ys[i])) Assert.Fail($"element {i}: {ys[i]} is not {xs[i]}/(1−{p})");
        }
        double sd = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(dropped / (double)n, p - 5 * sd, p + 5 * sd);
    }

    [Theory]
    [InlineData(0.2f)]
    [InlineData(0.5f)]
    public void PreservesTheMeanAndHasTheBernoulliVariance(float p)
    {
        // for a constant input c: E[y] = c, Var[y] = c²·p/(1−p)
        const int n = 200_000;
        const float c = 1.5f;
        var y = new Dropout(p, new Generator(402)).Forward(Tensor.Full([n], c)).ToArray();
        var (mean, var) = Moments(y);
        double expectedVar = c * c * p / (1 - p);
        double meanSd = Math.Sqrt(expectedVar / n);
        Assert.InRange(mean, c - 5 * meanSd, c + 5 * meanSd);
        Assert.InRange(var, expectedVar * 0.97, expectedVar * 1.03);
    }

    [Fact]
    public void EvaluationModeIsTheIdentity()
    {
        var x = Uniform(new Generator(403), -1, 1, 50, 20);
        var layer = new Dropout(0.5f, new Generator(404));
        layer.Eval();
        Assert.False(layer.Training);
        Assert.Equal(x.ToArray(), layer.Forward(x).ToArray());
        layer.Train();
        Assert.NotEqual(x.ToArray(), layer.Forward(x).ToArray());
    }

    [Fact]
    public void ZeroProbabilityIsTheIdentityInTraining()
    {
        var x = Uniform(new Generator(405), -1, 1, 100);
        Assert.Equal(x.ToArray(), new Dropout(0f).Forward(x).ToArray());
    }

    [Fact]
    public void SameSeedSameMaskAndTheGeneratorAdvances()
    {
        var x = Tensor.Ones(1000);
        var a = new Dropout(0.5f, new Generator(7));
        var b = new Dropout(0.5f, new Generator(7));
        var first = a.Forward(x).ToArray();
        Assert.Equal(first, b.Forward(x).ToArray());
        Assert.NotEqual(first, a.Forward(x).ToArray()); // next call, next mask
        Assert.NotEqual(first, new Dropout(0.5f, new Generator(8)).Forward(x).ToArray());
    }

    [Fact]
    public void GradientIsTheMask()
    {
        var x = Uniform(new Generator(406), -1, 1, 8, 8);
        // a fresh generator with the same seed on every call: the same mask in every evaluation
        GradCheck.Check(t => new Dropout(0.3f, new Generator(9)).Forward(t[0]), [x]);

        var leaf = x.Clone().Detach();
        leaf.RequiresGrad = true;
        var y = new Dropout(0.3f, new Generator(9)).Forward(leaf);
        y.Backward(Tensor.OnesLike(y));
        var ys = y.ToArray();
        var gs = leaf.Grad!.ToArray();
        for (int i = 0; i < ys.Length; i++)
            Assert.Equal(ys[i] == 0f ? 0f : 1f / 0.7f, gs[i], 1e-6f);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void ProbabilityOutsideZeroOneThrows(float p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p));

    [Fact]
    public void DescribesItself() => Assert.Equal("Dropout(p=0.25)", new Dropout(0.25f).ToString());
}
