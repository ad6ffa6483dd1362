using Activa.Activations.Learnable;
using Activa.Tests.Nn;
using static Activa.Tests.Learnable.LearnableTestSupport;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Learnable;

/// <summary>
/// Dice f(x) = p·x + (1 − p)·α·x, p = σ(β·(x − E[x])/√(Var[x] + ε)) (β ≡ 1 in the paper's form): batch statistics per
/// channel in training (gradients through them), running statistics in evaluation, BatchNorm-style running updates.
/// </summary>
public class DiceTests
{
    /// <summary>The formula with the statistics given, or (null) the batch statistics of x [n, c, l].</summary>
    private static double[] Formula(double[] x, int c, int l, double[] alpha, double[]? beta, ParameterSharing sharing, int groups, double eps,
        double[]? mean = null, double[]? variance = null)
    {
        int n = x.Length / (c * l);
        if (mean == null)
        {
            (mean, variance) = NnReference.ChannelStats(x, n, c, l);
        }
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int ch = ChannelOf(i, c, l), s = SetOf(sharing, c, groups, ch);
            double z = (x[i] - mean[ch]) / Math.Sqrt(variance![ch] + eps);
            double p = 1 / (1 + Math.Exp(-(beta?[s] ?? 1) * z));
            y[i] = p * x[i] + (1 - p) * alpha[s] * x[i];
        }
        return y;
    }

    public static TheoryData<bool, int[]> FormsAndShapes() => new()
    {
        { false, [6, 4] },
        { false, [3, 4, 5] },
        { true, [6, 4] },
        { true, [3, 4, 5] },
    };

    [Theory]
    [MemberData(nameof(FormsAndShapes))]
    public void TrainingUsesBatchStatisticsAndDifferentiatesThroughThem(bool learnableScale, int[] shape)
    {
        int c = shape[1], l = shape.Length == 3 ? shape[2] : 1;
        foreach (var (sharing, groups) in Modes(c, 2))
        {
            var g = new Generator(90);
            var dice = new Dice(c, learnableScale: learnableScale, sharing: sharing, groups: groups);
            Randomize(dice, g, -1f, 1.5f);
            var x = Uniform(g, -2, 3, shape);
            double[]? Beta(double[][] a) => learnableScale ? a[2] : null;
            Func<double[][], double[]> reference = a => Formula(a[0], c, l, a[1], Beta(a), sharing, groups, 1e-8);
            double[][] args = [Values(x), .. dice.Parameters().Select(Values)];
            AssertClose(reference(args), dice.Forward(x), rtol: 1e-5, atol: 1e-6, what: $"{sharing}");
            ModuleGradCheck.Check(dice, x, reference);
        }
    }

    [Theory]
    [MemberData(nameof(FormsAndShapes))]
    public void EvaluationUsesRunningStatistics(bool learnableScale, int[] shape)
    {
        int c = shape[1], l = shape.Length == 3 ? shape[2] : 1;
        var g = new Generator(91);
        var dice = new Dice(c, learnableScale: learnableScale);
        Randomize(dice, g, -1f, 1.5f);
        for (int k = 0; k < 3; k++) dice.Forward(Uniform(g, -1, 2 + k, shape));
        dice.Eval();
        var mean = Values(dice.RunningMean);
        var variance = Values(dice.RunningVar);
        var x = Uniform(g, -2, 3, shape);
        Func<double[][], double[]> reference = a => Formula(a[0], c, l, a[1], learnableScale ? a[2] : null, ParameterSharing.Channel, 1, 1e-8, mean, variance);
        AssertClose(reference([Values(x), .. dice.Parameters().Select(Values)]), dice.Forward(x), rtol: 1e-5, atol: 1e-6);
        ModuleGradCheck.Check(dice, x, reference);
        // Evaluation does not move the running statistics.
        Assert.Equal(mean, Values(dice.RunningMean));
        for (int i = 0; i < c; i++) Assert.Equal(dice.Evaluate(1.25, i), Formula([1.25], 1, 1, [Values(dice.Alpha)[i]], learnableScale ? [Values(dice.Scale!)[i]] : null,
            ParameterSharing.Layer, 1, 1e-8, [mean[i]], [variance[i]])[0], 1e-12);
    }

    [Fact]
    public void RunningStatisticsFollowBatchNormMomentumWithUnbiasedVariance()
    {
        var g = new Generator(92);
        const double momentum = 0.3;
        var dice = new Dice(3, momentum: momentum);
        double[] rm = [0, 0, 0], rv = [1, 1, 1];
        for (int step = 0; step < 3; step++)
        {
            var x = Uniform(g, -1 + step, 2 + step, 5, 3, 2);
            var (mean, biased) = NnReference.ChannelStats(Values(x), 5, 3, 2);
            for (int c = 0; c < 3; c++)
            {
                rm[c] = (1 - momentum) * rm[c] + momentum * mean[c];
                rv[c] = (1 - momentum) * rv[c] + momentum * biased[c] * 10 / 9;
            }
            dice.Forward(x);
            AssertClose(rm, dice.RunningMean, rtol: 1e-6, atol: 1e-7);
            AssertClose(rv, dice.RunningVar, rtol: 1e-6, atol: 1e-7);
        }
    }

    [Fact]
    public void DefaultsArePaperFormWithAlphaZeroPerFeature()
    {
        var dice = new Dice(4);
        Assert.Equal((ParameterSharing.Channel, 1e-8, 0.1, false), (dice.Sharing, dice.Eps, dice.Momentum, dice.LearnableScale));
        Assert.Equal(new float[4], dice.Alpha.ToArray());
        Assert.Null(dice.Scale);
        Assert.Equal(["alpha"], dice.NamedParameters().Select(p => p.Name));
        Assert.Equal(["running_mean", "running_var"], dice.NamedBuffers().Select(p => p.Name));
        // The official form starts with p ≡ ½: f(x) = x/2 (α = 0).
        var official = new Dice(4, learnableScale: true);
        var x = Uniform(new Generator(1), -2, 2, 8, 4);
        AssertClose(Values(x).Select(v => v / 2).ToArray(), official.Forward(x), rtol: 1e-6);
        Assert.Equal(["alpha", "beta"], official.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void TrainingNeedsTwoValuesPerChannel()
    {
        var dice = new Dice(3);
        Assert.ThrowsAny<ArgumentException>(() => dice.Forward(Tensor.Zeros(1, 3)));
        dice.Eval();
        Assert.Equal([1, 3], dice.Forward(Tensor.Zeros(1, 3)).Shape.ToArray());
    }

    [Fact]
    public void LargeInputsAreDeterministicAndMatch()
    {
        var dice = new Dice(40, learnableScale: true, sharing: ParameterSharing.Group, groups: 8);
        Randomize(dice, new Generator(3), -1, 1.5f);
        foreach (var shape in new[] { new[] { 1024, 40 }, new[] { 64, 40, 9 } })
        {
            int l = shape.Length == 3 ? shape[2] : 1;
            var x = Uniform(new Generator(4), -2, 3, shape);
            x.RequiresGrad = true;
            var w = Uniform(new Generator(5), -1, 1, shape);
            var y = dice.Forward(x);
            AssertClose(Formula(Values(x), 40, l, Values(dice.Alpha), Values(dice.Scale!), ParameterSharing.Group, 8, 1e-8), y, rtol: 1e-5, atol: 1e-5);
            y.Mul(w).Sum().Backward();
            var first = Bits(x.Grad!).Concat(Bits(dice.Alpha.Grad!)).Concat(Bits(dice.Scale!.Grad!)).ToArray();
            // dL/dα = Σ w·x·(1 − p) per set.
            var xs = Values(x);
            var ws = Values(w);
            var (mean, variance) = NnReference.ChannelStats(xs, shape[0], 40, l);
            var ga = new double[8];
            var beta = Values(dice.Scale!);
            for (int i = 0; i < xs.Length; i++)
            {
                int ch = ChannelOf(i, 40, l), s = ch / 5;
                double p = 1 / (1 + Math.Exp(-beta[s] * (xs[i] - mean[ch]) / Math.Sqrt(variance[ch] + 1e-8)));
                ga[s] += ws[i] * xs[i] * (1 - p);
            }
            AssertClose(ga, dice.Alpha.Grad!, rtol: 1e-4, atol: 1e-3);
            x.Grad = null;
            dice.ZeroGrad();
            dice.Forward(x).Mul(w).Sum().Backward();
            Assert.Equal(first, Bits(x.Grad!).Concat(Bits(dice.Alpha.Grad!)).Concat(Bits(dice.Scale!.Grad!)));
            dice.ZeroGrad();
        }
    }

    [Fact]
    public void StateRoundTripsBitExactIncludingRunningStatistics()
    {
        foreach (bool scale in new[] { false, true })
        {
            var dice = new Dice(6, learnableScale: scale, sharing: ParameterSharing.Group, groups: 3);
            Randomize(dice, new Generator(8));
            dice.Forward(Uniform(new Generator(2), -1, 2, 7, 6));
            AssertRoundTrip(dice, () => new Dice(6, learnableScale: scale, sharing: ParameterSharing.Group, groups: 3), Uniform(new Generator(1), -2, 2, 3, 6));
        }
    }

    [Fact]
    public void RegistryAndOptions()
    {
        var dice = Assert.IsType<Dice>(LearnableActivations.Create("dice", 64));
        Assert.Equal([64], dice.Alpha.Shape.ToArray());
        var custom = Assert.IsType<Dice>(LearnableActivations.Create("dice(learnable_scale=1, scale_init=0.5, alpha_init=0.25, eps=1e-9, momentum=0.01, sharing=0)", 64));
        Assert.True(custom.LearnableScale);
        Assert.Equal([0.5f], custom.Scale!.ToArray());
        Assert.Equal([0.25f], custom.Alpha.ToArray());
        Assert.Equal((1e-9, 0.01), (custom.Eps, custom.Momentum));
        Assert.Contains("eps", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("dice(eps=0)", 8)).Message);
        Assert.Contains("momentum", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("dice(momentum=1.5)", 8)).Message);
        Assert.Contains("learnable_scale", Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("dice(learnable_scale=2)", 8)).Message);
        Assert.ThrowsAny<ArgumentException>(() => new Dice(8, momentum: 0));
        Assert.Throws<ShapeMismatchException>(() => dice.Forward(Tensor.Zeros(2, 63)));
        Assert.Throws<ShapeMismatchException>(() => dice.Forward(Tensor.Zeros(64)));
    }
}
