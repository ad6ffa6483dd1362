using System.Diagnostics;
using Activa.Nn;
using Activa.Optim;

namespace Activa.Training;

/// <summary>
/// The optimiser steps of one epoch, as every epoch trainer takes them: check the batch for NaN/∞ (skip or stop, as
/// <see cref="EpochTrainOptions.SkipNonFinite"/> says), step the optimiser, run <see cref="EpochTrainOptions.AfterStep"/>, and
/// sum the loss, the steps and the time of the epoch.
/// </summary>
internal sealed class EpochSteps(Optimizer optimizer, NonFiniteGuard guard, EpochTrainOptions options)
{
    private readonly Stopwatch _clock = new();
    private double _lossSum;
    private int _steps;
    private long _skippedBefore;

    /// <summary>Steps taken this epoch (skipped batches not counted).</summary>
    public int Steps => _steps;
    /// <summary>Mean training loss of the steps taken this epoch (0 when none).</summary>
    public double MeanLoss => _lossSum / Math.Max(1, _steps);
    /// <summary>Batches skipped for NaN/∞ this epoch.</summary>
    public long Skipped => guard.Skipped - _skippedBefore;
    /// <summary>Seconds since <see cref="Begin"/>.</summary>
    public double Seconds => _clock.Elapsed.TotalSeconds;

    /// <summary>Starts an epoch: the clock, the sums, and <paramref name="model"/> in training mode.</summary>
    public void Begin(Module model)
    {
        _clock.Restart();
        model.Train();
        _lossSum = 0;
        _steps = 0;
        _skippedBefore = guard.Skipped;
    }

    /// <summary>
    /// One step on a batch whose <paramref name="loss"/> is computed: backward (of the loss plus
    /// <paramref name="penalty"/>, when given), the NaN/∞ check naming <paramref name="inputs"/>, then the optimiser step.
    /// False when the batch was skipped.
    /// </summary>
    /// <exception cref="NonFiniteException">Something is not finite and skipping is off.</exception>
    public bool Take(int epoch, Tensor loss, Func<IReadOnlyList<(string Name, Tensor Value)>> inputs, Func<Tensor>? penalty = null)
    {
        float value = loss.Item();
        long step = optimizer.StepCount + guard.Skipped + 1;
        void Backward()
        {
            optimizer.ZeroGrad(recycle: true);
            (penalty != null ? loss.Add(penalty()) : loss).Backward();
        }
        if (!guard.Step(value, step, epoch, inputs, Backward, options.AfterBackward)) return false;
        optimizer.Step();
        options.AfterStep?.Invoke();
        _lossSum += value;
        _steps++;
        return true;
    }
}
