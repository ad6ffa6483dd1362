using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>
/// Learning-rate schedules: each group's rate is its initial rate times factor(step), set at construction
/// (step 0) and on every Step(). Expected values are the closed forms (StepLR, CosineAnnealingLR, linear
/// warm-up then cosine).
/// </summary>
public class LrSchedulerTests
{
    private static Sgd Optimizer(float lr = 0.1f) => new([Parameter([1f])], lr);

    private static void AssertSchedule(Optimizer opt, LrScheduler scheduler, Func<int, double> expectedLr, int steps)
    {
        for (int t = 0; t <= steps; t++)
        {
            if (t > 0) scheduler.Step();
            Assert.Equal(t, scheduler.StepCount);
            Assert.True(Math.Abs(opt.Groups[0].Lr - expectedLr(t)) <= 1e-7 + 1e-6 * expectedLr(t), $"step {t}: expected {expectedLr(t)}, got {opt.Groups[0].Lr}");
        }
    }

    [Theory]
    [InlineData(3, 0.5)]
    [InlineData(1, 0.9)]
    [InlineData(10, 0.1)]
    public void StepDecayMultipliesByGammaEveryStepSizeSteps(int stepSize, double gamma)
    {
        var opt = Optimizer();
        AssertSchedule(opt, LrScheduler.StepDecay(opt, stepSize, gamma), t => 0.1 * Math.Pow(gamma, t / stepSize), 25);
    }

    [Fact]
    public void StepDecayHandValues()
    {
        var opt = Optimizer(1f);
        var s = LrScheduler.StepDecay(opt, stepSize: 2); // γ = 0.1
        var seen = new List<float> { opt.Groups[0].Lr };
        for (int t = 0; t < 5; t++)
        {
            s.Step();
            seen.Add(opt.Groups[0].Lr);
        }
        Assert.Equal([1f, 1f, 0.1f, 0.1f, 0.01f, 0.01f], seen.Select(v => MathF.Round(v, 6)));
    }

    [Theory]
    [InlineData(10, 0.0)]
    [InlineData(7, 0.1)]
    public void CosineAnnealsToTheMinimumAndHoldsIt(int total, double minFactor)
    {
        var opt = Optimizer();
        double Expected(int t) => 0.1 * minFactor + (0.1 - 0.1 * minFactor) * (1 + Math.Cos(Math.PI * Math.Min(t, total) / total)) / 2;
        AssertSchedule(opt, LrScheduler.Cosine(opt, total, minFactor), Expected, total + 5);
    }

    [Fact]
    public void CosineHandValues()
    {
        var opt = Optimizer(1f);
        var s = LrScheduler.Cosine(opt, totalSteps: 4);
        var seen = new List<double> { opt.Groups[0].Lr };
        for (int t = 0; t < 5; t++)
        {
            s.Step();
            seen.Add(opt.Groups[0].Lr);
        }
        // ½(1 + cos(πt/4)) for t = 0..4, then held at 0
        Ops.Reference.AssertClose([1, 0.8535533905932737, 0.5, 0.14644660940672627, 0, 0], seen.ToArray(), rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void WarmupRisesLinearlyThenCosineDecays()
    {
        const int warmup = 4, total = 12;
        const double min = 0.05;
        var opt = Optimizer();
        double Expected(int t) => t < warmup
            ? 0.1 * (t + 1) / (warmup + 1)
            : 0.1 * (min + (1 - min) * (1 + Math.Cos(Math.PI * Math.Min(1.0, (t - warmup) / (double)(total - warmup)))) / 2);
        AssertSchedule(opt, LrScheduler.WarmupCosine(opt, warmup, total, min), Expected, total + 3);
    }

    [Fact]
    public void WarmupHandValues()
    {
        var opt = Optimizer(1f);
        var s = LrScheduler.WarmupCosine(opt, warmupSteps: 3, totalSteps: 5);
        var seen = new List<double> { opt.Groups[0].Lr };
        for (int t = 0; t < 6; t++)
        {
            s.Step();
            seen.Add(opt.Groups[0].Lr);
        }
        // 1/4, 2/4, 3/4, then full rate at the end of warm-up, cosine over 2 steps: 1, ½, 0, held
        Ops.Reference.AssertClose([0.25, 0.5, 0.75, 1, 0.5, 0, 0], seen.ToArray(), rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void WarmupWithoutTotalStaysAtTheFullRateAndZeroWarmupIsPureCosine()
    {
        var opt = Optimizer();
        AssertSchedule(opt, LrScheduler.WarmupCosine(opt, warmupSteps: 2), t => t < 2 ? 0.1 * (t + 1) / 3 : 0.1, 10);
        var opt2 = Optimizer();
        AssertSchedule(opt2, LrScheduler.WarmupCosine(opt2, 0, 6), t => 0.1 * (1 + Math.Cos(Math.PI * Math.Min(t, 6) / 6)) / 2, 8);
    }

    [Fact]
    public void EveryGroupScalesItsOwnInitialRate()
    {
        var opt = new Adam([new ParamGroup([Parameter([1f])], lr: 0.1f), new ParamGroup([Parameter([1f])], lr: 0.004f)]);
        var s = LrScheduler.StepDecay(opt, 1, 0.5);
        s.Step();
        s.Step();
        Assert.Equal(0.025f, opt.Groups[0].Lr, 1e-8f);
        Assert.Equal(0.001f, opt.Groups[1].Lr, 1e-9f);
        Assert.Equal(0.1f, opt.Groups[0].InitialLr);
    }

    [Fact]
    public void CustomFactorIsAppliedAtOnceAndRestoreJumps()
    {
        var opt = Optimizer(2f);
        var s = new LrScheduler(opt, t => 1.0 / (t + 4));
        Assert.Equal(0.5f, opt.Groups[0].Lr);
        s.Restore(6);
        Assert.Equal(6, s.StepCount);
        Assert.Equal(0.2f, opt.Groups[0].Lr, 1e-7f);
        s.Step();
        Assert.Equal(2f / 11, opt.Groups[0].Lr, 1e-7f);
    }

    [Fact]
    public void TheOptimizerStepsWithTheScheduledRate()
    {
        var p = Parameter([1f]);
        var opt = new Sgd([p], lr: 1f);
        var s = LrScheduler.StepDecay(opt, 1, 0.5);
        double expected = 1;
        for (int t = 0; t < 3; t++)
        {
            p.Grad = Tensor.FromArray([1f]);
            opt.Step();
            expected -= Math.Pow(0.5, t);
            s.Step();
        }
        Assert.Equal(expected, p.ToArray()[0], 1e-6); // 1 − 1 − 0.5 − 0.25
    }

    [Fact]
    public void InvalidSchedulesThrow()
    {
        var opt = Optimizer();
        Assert.Throws<ArgumentOutOfRangeException>(() => LrScheduler.StepDecay(opt, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LrScheduler.Cosine(opt, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LrScheduler.WarmupCosine(opt, -1));
    }
}
