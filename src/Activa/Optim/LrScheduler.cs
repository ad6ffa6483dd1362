namespace Activa.Optim;

/// <summary>
/// Sets every group's learning rate to its initial rate times a factor of the step count. Call
/// <see cref="Step"/> once per epoch or once per batch, whichever the schedule was built for.
/// </summary>
public sealed class LrScheduler
{
    private readonly Optimizer _optimizer;
    private readonly Func<int, double> _factor;

    /// <summary>Steps taken so far (saved in checkpoints so a resumed run continues the schedule).</summary>
    public int StepCount { get; private set; }

    /// <summary>A schedule with an arbitrary factor(step); the factor at step 0 is applied at once.</summary>
    public LrScheduler(Optimizer optimizer, Func<int, double> factor)
    {
        _optimizer = optimizer;
        _factor = factor;
        Apply();
    }

    /// <summary>Advances the schedule by one step.</summary>
    public void Step()
    {
        StepCount++;
        Apply();
    }

    /// <summary>Jumps to <paramref name="step"/> (when resuming).</summary>
    public void Restore(int step)
    {
        StepCount = step;
        Apply();
    }

    private void Apply()
    {
        double f = _factor(StepCount);
        foreach (var g in _optimizer.Groups) g.Lr = (float)(g.InitialLr * f);
    }

    /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> steps (StepLR).</summary>
    public static LrScheduler StepDecay(Optimizer optimizer, int stepSize, double gamma = 0.1)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "stepSize must be positive.");
        return new(optimizer, t => Math.Pow(gamma, t / stepSize));
    }

    /// <summary>
    /// Cosine annealing from the initial rate to <paramref name="minFactor"/>·initial over
    /// <paramref name="totalSteps"/> (Loshchilov &amp; Hutter, 2017), held at the minimum afterwards.
    /// </summary>
    public static LrScheduler Cosine(Optimizer optimizer, int totalSteps, double minFactor = 0)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "totalSteps must be positive.");
        return new(optimizer, t => minFactor + (1 - minFactor) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t, totalSteps) / totalSteps)));
    }

    /// <summary>
    /// Linear warm-up from 1/(warmup+1) of the rate to the full rate over <paramref name="warmupSteps"/>,
    /// then cosine decay to <paramref name="minFactor"/> by <paramref name="totalSteps"/> (0 = constant after warm-up).
    /// </summary>
    public static LrScheduler WarmupCosine(Optimizer optimizer, int warmupSteps, int totalSteps = 0, double minFactor = 0)
    {
        if (warmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warmupSteps must be non-negative.");
        return new(optimizer, t =>
        {
            if (t < warmupSteps) return (t + 1.0) / (warmupSteps + 1.0);
            if (totalSteps <= warmupSteps) return 1.0;
            double progress = Math.Min(1.0, (t - warmupSteps) / (double)(totalSteps - warmupSteps));
            return minFactor + (1 - minFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
        });
    }
}
