using Activa.Data;
using Activa.Losses;
using Activa.Nn;
using Activa.Optim;
using Activa.Training;

namespace Activa.Sparsity;

/// <summary>
/// ProSparse (Song et al., "ProSparse: Introducing and Enhancing Intrinsic Activation Sparsity within Large Language
/// Models", 2024) for MLP-like chains: (1) activation substitution — every activation layer becomes ReLU; (2) progressive
/// sparsity regularisation — training with L = CE + λ_t·Σ_layers mean|a_l|, an L1 penalty on the activation outputs
/// with λ_t rising along sine curves in stages (<see cref="ProSparseSchedule"/>); (3) activation threshold shifting —
/// ReLU becomes FATReLU_τ, with τ fixed or calibrated per layer to a loss budget (<see cref="ThresholdCalibration"/>).
/// </summary>
/// <remarks>
/// The paper leaves the normalisation of the L1 sum open; here each layer's term is the mean over its elements, summed
/// over layers. <see cref="Trainer"/> has no hook for an extra loss term, so this class runs its own compact loop
/// (Adam, shuffled mini-batches, a fixed number of steps).
/// </remarks>
public static class ProSparse
{
    /// <summary>Runs the three ProSparse steps on <paramref name="model"/>.</summary>
    /// <param name="model">A trained MLP-like chain; its weights are trained in place (the ReLU copy shares them).</param>
    /// <param name="train">Training samples.</param>
    /// <param name="options">Stages, optimiser and threshold-shift settings.</param>
    /// <param name="calibration">Held-out samples for the calibrated threshold shift (needed when <see cref="ProSparseOptions.Budget"/> is set).</param>
    /// <exception cref="ArgumentException">Invalid options, a budget without a calibration split, or a dataset that does not fit.</exception>
    /// <exception cref="NonFiniteException">The loss became NaN or infinite.</exception>
    public static ProSparseResult Train(Sequential model, Dataset train, ProSparseOptions? options = null, Dataset? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new ProSparseOptions();
        options.Validate();
        if (options.Budget != null && calibration == null)
            throw new ArgumentException("ProSparse: a budget for the threshold shift needs a calibration split.", nameof(calibration));
        if (train.Count == 0) throw new ArgumentException($"ProSparse: the training set '{train.Name}' is empty.", nameof(train));

        var relu = ActivationLayers.Replace(model, (_, _) => new Act("relu"));
        relu.Train();
        var schedule = new ProSparseSchedule(options.Stages);
        var optimizer = new Adam(relu.Parameters(), options.Lr);
        var loader = new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed);
        var outputs = new List<Tensor>();
        var reports = new List<ProSparseStageReport>();
        double lossSum = 0, penaltySum = 0;
        long zeros = 0, elements = 0, batches = 0;
        using (ActivationLayers.Hook(relu, (_, y) => outputs.Add(y)))
        {
            int step = 0, epoch = 0;
            while (step < schedule.TotalSteps)
            {
                foreach (var batch in loader.Epoch(epoch++))
                {
                    if (step >= schedule.TotalSteps) break;
                    outputs.Clear();
                    optimizer.ZeroGrad();
                    var ce = Loss.CrossEntropy(relu.Forward(batch.X), batch.Labels);
                    var penalty = outputs.Select(a => a.Abs().Mean()).Aggregate((a, b) => a.Add(b));
                    double lambda = schedule.Lambda(step);
                    float ceValue = ce.Item(), penaltyValue = penalty.Item();
                    if (!float.IsFinite(ceValue) || !float.IsFinite(penaltyValue))
                        throw new NonFiniteException($"ProSparse stopped at step {step + 1} (stage {schedule.StageOf(step) + 1}, λ {lambda:G3}): " +
                            $"the cross-entropy is {ceValue} and the L1 term {penaltyValue}. Lower the learning rate or the stage λs.", step + 1, null);
                    foreach (var a in outputs) // counted before backward, which may recycle buffers
                    {
                        zeros += ZeroCount.Zeros(a);
                        elements += a.Numel;
                    }
                    (lambda > 0 ? ce.Add(penalty.Mul((float)lambda)) : ce).Backward();
                    optimizer.Step();
                    lossSum += ceValue;
                    penaltySum += penaltyValue;
                    batches++;
                    step++;
                    int stage = schedule.StageOf(step - 1);
                    if (step == schedule.TotalSteps || schedule.StageOf(step) != stage)
                    {
                        reports.Add(new ProSparseStageReport(stage + 1, options.Stages[stage].Lambda, lossSum / batches, penaltySum / batches,
                            (double)zeros / Math.Max(1, elements)));
                        (lossSum, penaltySum, zeros, elements, batches) = (0, 0, 0, 0, 0);
                    }
                }
            }
        }
        relu.Eval();
        if (options.Budget is { } budget)
        {
            var calibrated = ThresholdCalibration.Calibrate(relu, calibration!, budget);
            return new ProSparseResult { ReluModel = relu, Model = calibrated.Model, Thresholds = calibrated.Thresholds, Stages = reports, Calibration = calibrated };
        }
        var shifted = ActivationThresholds.Apply(relu, options.Threshold);
        shifted.Eval();
        return new ProSparseResult
        {
            ReluModel = relu, Model = shifted, Stages = reports,
            Thresholds = Enumerable.Repeat(options.Threshold, ActivationLayers.Find(relu).Length).ToArray(),
        };
    }
}
