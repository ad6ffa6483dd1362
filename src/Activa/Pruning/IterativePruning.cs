using System.Diagnostics;
using Activa.Data;
using Activa.Models;
using Activa.Nn;
using Activa.Training;

namespace Activa.Pruning;

/// <summary>
/// Iterative magnitude pruning (IMP) with optional weight rewinding — the lottery-ticket procedure (Frankle &amp;
/// Carbin, ICLR 2019; rewinding to an early iteration k: Frankle et al., "Linear Mode Connectivity and the Lottery
/// Ticket Hypothesis", ICML 2020). Starting from trained weights, each cycle:
/// <list type="number">
/// <item>prunes to the cycle's sparsity 1 − (1 − target)^(c/C) (<see cref="PruningOptions.SparsityAfterCycle"/>) with
/// the stages' criteria (magnitude by default), globally or per layer;</item>
/// <item>with <see cref="PruningOptions.RewindStep"/> k, resets every parameter to its value after k optimiser steps
/// of the original training (the mask keeps pruned weights at zero);</item>
/// <item>trains <see cref="PruningOptions.EpochsPerCycle"/> epochs with the masks re-applied after every step.</item>
/// </list>
/// One cycle without rewinding is one-shot magnitude pruning with fine-tuning.
/// </summary>
public sealed class IterativePruning
{
    /// <summary>The architecture pruned.</summary>
    public ModelConfig Config { get; }
    /// <summary>Training settings of each cycle (the number of epochs is <see cref="PruningOptions.EpochsPerCycle"/>).</summary>
    public TrainOptions Training { get; }
    /// <summary>Pruning settings.</summary>
    public PruningOptions Options { get; }

    /// <summary>Called in each cycle after pruning and rewinding, before training: (cycle, model, masks).</summary>
    public event Action<int, Module, PruningMasks>? Rewound;
    /// <summary>Called after each cycle's training.</summary>
    public event Action<CycleResult>? CycleCompleted;
    /// <summary>Called after each training batch: (cycle, batch in epoch, batches per epoch).</summary>
    public event Action<int, int, int>? BatchCompleted;

    /// <summary>Sets up pruning of models built from <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public IterativePruning(ModelConfig config, TrainOptions training, PruningOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        training.Validate();
        options.Validate();
        Config = config;
        Training = training;
        Options = options;
    }

    /// <summary>
    /// The parameters after <paramref name="step"/> optimiser steps of the training that <paramref name="config"/> and
    /// <paramref name="training"/> describe, obtained by replaying that training from its seed (deterministic: the
    /// same seed and thread count give bit-identical weights, so this is the original run's iteration-k state when
    /// <paramref name="train"/> is its training split). Step 0 is the initialisation.
    /// </summary>
    /// <exception cref="ArgumentException">The step is negative or beyond the run's last step.</exception>
    public static Dictionary<string, Tensor> WeightsAtStep(ModelConfig config, TrainOptions training, Dataset train, long step)
    {
        if (step < 0) throw new ArgumentException($"rewind step must be non-negative, got {step}.");
        long total = (long)training.Epochs * new DataLoader(train, training.BatchSize, shuffle: true, seed: training.Seed).BatchCount;
        if (step > total)
            throw new ArgumentException($"rewind step {step} is beyond the run's {total} training steps ({training.Epochs} epochs of {train.Count} samples in batches of {training.BatchSize}).");
        var trainer = new Trainer(config, training);
        if (step == 0) return Snapshot(trainer.Model);
        Dictionary<string, Tensor>? snapshot = null;
        using var stop = new CancellationTokenSource();
        trainer.BatchCompleted += (_, _, _) =>
        {
            if (trainer.Step != step) return;
            snapshot = Snapshot(trainer.Model);
            stop.Cancel();
        };
        trainer.Fit(train, validation: null, stop.Token);
        return snapshot ?? throw new InvalidOperationException($"Replaying the training did not reach step {step} (skipped non-finite batches?).");
    }

    /// <summary>
    /// Prunes the model with weights <paramref name="trained"/> cycle by cycle. Weights already exactly zero in
    /// <paramref name="trained"/> count as pruned (a pruned run can be pruned further).
    /// </summary>
    /// <param name="trained">Parameters of the trained model, by name.</param>
    /// <param name="train">Training data of each cycle (and of the replay that finds the rewind weights).</param>
    /// <param name="validation">Data for the per-cycle validation loss and accuracy, or null.</param>
    /// <param name="rewindWeights">Weights to rewind to; null with a <see cref="PruningOptions.RewindStep"/> finds them with <see cref="WeightsAtStep"/>.</param>
    public PruningResult Run(IReadOnlyDictionary<string, Tensor> trained, Dataset train, Dataset? validation = null,
        IReadOnlyDictionary<string, Tensor>? rewindWeights = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(train);
        var model = Config.Build();
        model.LoadStateDict(trained);
        var masks = PruningMasks.FromZeros(model);
        var rewind = rewindWeights ?? (Options.RewindStep is { } k ? WeightsAtStep(Config, Training, train, k) : null);
        // The weights the first cycle's training started from: the run's initialisation, replayed from its seed.
        IReadOnlyDictionary<string, Tensor>? cycleStart = WeightsAtStep(Config, Training, train, 0);
        var results = new List<CycleResult>();
        for (int cycle = 1; cycle <= Options.Cycles; cycle++)
        {
            double target = PruneCycle(model, masks, Options, cycle, cycleStart);
            if (rewind != null)
            {
                model.LoadStateDict(rewind);
                masks.Apply(model);
            }
            Rewound?.Invoke(cycle, model, masks);
            cycleStart = Snapshot(model);

            var clock = Stopwatch.StartNew();
            (double Loss, double Accuracy)? val = null;
            if (Options.EpochsPerCycle > 0)
            {
                var trainer = new Trainer(Config, Training with { Epochs = Options.EpochsPerCycle });
                trainer.Model.LoadStateDict(model.StateDict());
                int c = cycle;
                trainer.BatchCompleted += (b, n, _) => BatchCompleted?.Invoke(c, b, n);
                using (masks.KeepDuring(trainer)) trainer.Fit(train, validation);
                model = trainer.Model;
                if (trainer.History[^1] is { ValidationLoss: { } vl, ValidationAccuracy: { } va }) val = (vl, va);
            }
            else if (validation is { Count: > 0 }) val = Trainer.Evaluate(model, validation);
            var result = new CycleResult(cycle, target, masks.Sparsity, masks.Total - masks.Pruned,
                masks.Names.ToDictionary(n => n, masks.SparsityOf), val?.Loss, val?.Accuracy, clock.Elapsed.TotalSeconds);
            results.Add(result);
            CycleCompleted?.Invoke(result);
        }
        model.Eval();
        return new PruningResult(model, masks, results);
    }

    /// <summary>
    /// Cycle <paramref name="cycle"/>'s pruning: each stage of <paramref name="options"/> in turn takes its share of the
    /// step from the previous cycle's sparsity to this one's, the last stage landing exactly on it. Returns the target.
    /// </summary>
    internal static double PruneCycle(Module model, PruningMasks masks, PruningOptions options, int cycle, IReadOnlyDictionary<string, Tensor>? cycleStart)
    {
        double before = PruningOptions.SparsityAfterCycle(options.TargetSparsity, options.Cycles, cycle - 1);
        double target = PruningOptions.SparsityAfterCycle(options.TargetSparsity, options.Cycles, cycle);
        var context = new PruningContext(model, masks, cycle, cycleStart);
        double share = 0;
        for (int s = 0; s < options.Stages.Count; s++)
        {
            share += options.Stages[s].Share;
            double stageTarget = s == options.Stages.Count - 1 ? target : before + (target - before) * share;
            Pruner.PruneTo(model, masks, options.Stages[s].Criterion, stageTarget, options.Scope, context);
        }
        return target;
    }

    /// <summary>A copy of every parameter and buffer of <paramref name="model"/>, by name.</summary>
    public static Dictionary<string, Tensor> Snapshot(Module model) =>
        model.StateDict().ToDictionary(kv => kv.Key, kv => Tensor.FromArray(kv.Value.ToArray(), kv.Value.Shape.ToArray()));
}
