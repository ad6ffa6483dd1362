using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// BatchNorm1d as torch.nn.BatchNorm1d: training normalises with the batch mean and biased variance per
/// channel (over N, and L for [N, C, L]) and updates running = (1 − momentum)·running + momentum·batch
/// with the unbiased variance; evaluation normalises with the running estimates.
/// </summary>
public class BatchNorm1dTests
{
    private static BatchNorm1d WithRandomAffine(int c, Generator g, float eps = 1e-5f, float momentum = 0.1f)
    {
        var bn = new BatchNorm1d(c, eps, momentum);
        using (Tensor.NoGrad())
        {
            bn.Weight.CopyFrom(Uniform(g, 0.5f, 1.5f, c));
            bn.Bias.CopyFrom(Uniform(g, -0.5f, 0.5f, c));
        }
        return bn;
    }

    private static (int N, int C, int L) Dims3(Tensor x) => (x.Size(0), x.Size(1), x.Rank == 3 ? x.Size(2) : 1);

    [Theory]
    [InlineData(new[] { 8, 3 })]
    [InlineData(new[] { 4, 3, 5 })]
    [InlineData(new[] { 2, 3, 1 })]
    public void TrainingForwardUsesBatchStatistics(int[] shape)
    {
        var g = new Generator(800);
        var bn = WithRandomAffine(3, g);
        var x = Uniform(g, -2, 4, shape);
        var (n, c, l) = Dims3(x);
        var y = bn.Forward(x);
        AssertShape(shape, y);
        AssertClose(BatchNormTrain(Values(x), n, c, l, 1e-5, D(bn.Weight), D(bn.Bias)), y, rtol: 1e-5, atol: 1e-5);
    }

    [Theory]
    [InlineData(new[] { 6, 4 })]
    [InlineData(new[] { 3, 4, 7 })]
    public void RunningStatisticsFollowMomentumWithUnbiasedVariance(int[] shape)
    {
        var g = new Generator(801);
        const double momentum = 0.3;
        var bn = new BatchNorm1d(4, momentum: (float)momentum);
        double[] rm = [0, 0, 0, 0], rv = [1, 1, 1, 1];
        for (int step = 0; step < 3; step++)
        {
            var x = Uniform(g, -1 + step, 3 + 2 * step, shape);
            var (n, c, l) = Dims3(x);
            var (mean, biased) = ChannelStats(Values(x), n, c, l);
            int count = n * l;
            for (int ch = 0; ch < c; ch++)
            {
                rm[ch] = (1 - momentum) * rm[ch] + momentum * mean[ch];
                rv[ch] = (1 - momentum) * rv[ch] + momentum * biased[ch] * count / (count - 1);
            }
            bn.Forward(x);
            AssertClose(rm, bn.RunningMean, rtol: 1e-5, atol: 1e-6, what: $"running mean after step {step + 1}");
            AssertClose(rv, bn.RunningVar, rtol: 1e-5, atol: 1e-6, what: $"running var after step {step + 1}");
        }
    }

    [Fact]
    public void DefaultMomentumIsPointOneFromZeroMeanUnitVariance()
    {
        var bn = new BatchNorm1d(1);
        Assert.Equal([0f], bn.RunningMean.ToArray());
        Assert.Equal([1f], bn.RunningVar.ToArray());
        // batch [1, 2, 3, 6]: mean 3, unbiased variance 14/3
        bn.Forward(Tensor.FromArray([1f, 2f, 3f, 6f], 4, 1));
        Assert.Equal(0.3, bn.RunningMean.ToArray()[0], 1e-6);
        Assert.Equal(0.9 + 0.1 * 14.0 / 3.0, bn.RunningVar.ToArray()[0], 1e-6);
    }

    [Theory]
    [InlineData(new[] { 5, 3 })]
    [InlineData(new[] { 2, 3, 4 })]
    [InlineData(new[] { 1, 3 })]
    public void EvaluationUsesRunningStatisticsAndDoesNotUpdateThem(int[] shape)
    {
        var g = new Generator(802);
        var bn = WithRandomAffine(3, g);
        bn.Forward(Uniform(g, -3, 5, 10, 3));
        bn.Forward(Uniform(g, -1, 2, 10, 3));
        var rm = D(bn.RunningMean);
        var rv = D(bn.RunningVar);
        bn.Eval();
        var x = Uniform(g, -2, 2, shape);
        var (n, c, l) = Dims3(x);
        var y = bn.Forward(x);
        AssertClose(NormalizeChannels(Values(x), n, c, l, rm, rv, 1e-5, D(bn.Weight), D(bn.Bias)), y, rtol: 1e-5, atol: 1e-5);
        Assert.Equal(rm, D(bn.RunningMean));
        Assert.Equal(rv, D(bn.RunningVar));
    }

    [Theory]
    [InlineData(new[] { 5, 3 })]
    [InlineData(new[] { 3, 2, 3 })]
    public void TrainingGradientsIncludeTheBatchStatistics(int[] shape)
    {
        var g = new Generator(803);
        var bn = WithRandomAffine(shape[1], g, eps: 1e-3f);
        var x = Uniform(g, -2, 2, shape);
        var (n, c, l) = Dims3(x);
        ModuleGradCheck.Check(bn, x, d => BatchNormTrain(d[0], n, c, l, 1e-3, d[1], d[2]));
    }

    [Fact]
    public void EvaluationGradients()
    {
        var g = new Generator(804);
        var bn = WithRandomAffine(3, g);
        bn.Forward(Uniform(g, -3, 3, 8, 3));
        bn.Eval();
        var rm = D(bn.RunningMean);
        var rv = D(bn.RunningVar);
        ModuleGradCheck.Check(bn, Uniform(g, -2, 2, 4, 3, 2), d => NormalizeChannels(d[0], 4, 3, 2, rm, rv, 1e-5, d[1], d[2]));
    }

    [Fact]
    public void RunningStatisticsAreBuffersNotParameters()
    {
        var bn = new BatchNorm1d(5);
        Assert.Equal(["weight", "bias"], bn.NamedParameters().Select(p => p.Name));
        Assert.Equal(["running_mean", "running_var"], bn.NamedBuffers().Select(b => b.Name));
        Assert.False(bn.RunningMean.RequiresGrad);
        Assert.Equal(["weight", "bias", "running_mean", "running_var"], bn.StateDict().Keys);
        Assert.Equal("BatchNorm1d(5, eps=1E-05, momentum=0.1)", bn.ToString());
    }

    [Fact]
    public void StateDictCarriesTheRunningStatistics()
    {
        var g = new Generator(805);
        var trained = WithRandomAffine(3, g);
        trained.Forward(Uniform(g, 1, 4, 16, 3));
        var fresh = new BatchNorm1d(3);
        fresh.LoadStateDict(trained.StateDict());
        trained.Eval();
        fresh.Eval();
        var x = Uniform(g, -1, 1, 4, 3);
        Assert.Equal(trained.Forward(x).ToArray(), fresh.Forward(x).ToArray());
    }

    [Fact]
    public void ShapeErrors()
    {
        var bn = new BatchNorm1d(3);
        Assert.Throws<ShapeMismatchException>(() => bn.Forward(Tensor.Zeros(4, 2)));
        Assert.Throws<ShapeMismatchException>(() => bn.Forward(Tensor.Zeros(3)));
        Assert.Throws<ShapeMismatchException>(() => bn.Forward(Tensor.Zeros(2, 3, 2, 2)));
        // one value per channel cannot give a batch variance in training (PyTorch raises too)
        Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Zeros(1, 3)));
        Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Zeros(1, 3, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(0));
    }
}
