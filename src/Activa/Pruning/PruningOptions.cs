namespace Activa.Pruning;

/// <summary>
/// Settings of iterative pruning (<see cref="IterativePruning"/>): reach <see cref="TargetSparsity"/> over
/// <see cref="Cycles"/> prune–(rewind)–train cycles. One cycle is one-shot pruning followed by fine-tuning.
/// </summary>
public sealed record PruningOptions
{
    /// <summary>Fraction of prunable weights pruned at the end, in [0, 1).</summary>
    public double TargetSparsity { get; init; } = 0.9;
    /// <summary>Number of prune–train cycles.</summary>
    public int Cycles { get; init; } = 5;
    /// <summary>Global or per-layer ranking.</summary>
    public PruningScope Scope { get; init; } = PruningScope.Global;
    /// <summary>
    /// Weight rewinding (Frankle et al. 2019/2020): after each pruning, the surviving weights (and all other
    /// parameters) go back to their values after this many optimiser steps of the original training (0: the
    /// initialisation, the original lottery ticket). Null: no rewinding — the pruned weights are fine-tuned from
    /// where they are.
    /// </summary>
    public long? RewindStep { get; init; }
    /// <summary>Training epochs after each pruning step (0: prune only).</summary>
    public int EpochsPerCycle { get; init; } = 1;
    /// <summary>Criteria that share each cycle's pruning, in order (default: magnitude alone).</summary>
    public IReadOnlyList<PruningStage> Stages { get; init; } = [new PruningStage(MagnitudeCriterion.Instance, 1.0)];

    /// <summary>
    /// Sparsity after cycle <paramref name="cycle"/> (1-based) of <paramref name="cycles"/>: 1 − (1 − target)^(cycle/cycles),
    /// i.e. each cycle prunes the same fraction 1 − (1 − target)^(1/cycles) of the weights still alive
    /// (0.9 over 5 cycles: 36.9 % per cycle → 0.369, 0.602, 0.749, 0.842, 0.9).
    /// </summary>
    public static double SparsityAfterCycle(double target, int cycles, int cycle)
    {
        if (!(target >= 0 && target < 1)) throw new ArgumentException($"Target sparsity must be in [0, 1), got {target}.", nameof(target));
        if (cycles < 1) throw new ArgumentException($"Cycles must be at least 1, got {cycles}.", nameof(cycles));
        if (cycle < 0 || cycle > cycles) throw new ArgumentException($"Cycle {cycle} is outside 0..{cycles}.", nameof(cycle));
        return cycle == cycles ? target : 1 - Math.Pow(1 - target, (double)cycle / cycles);
    }

    /// <summary>The fraction of surviving weights each cycle prunes: 1 − (1 − target)^(1/cycles).</summary>
    public double PerCycleRate => 1 - Math.Pow(1 - TargetSparsity, 1.0 / Cycles);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(TargetSparsity >= 0 && TargetSparsity < 1)) throw new ArgumentException($"target sparsity must be in [0, 1), got {TargetSparsity}.");
        if (Cycles < 1) throw new ArgumentException($"cycles must be at least 1, got {Cycles}.");
        if (RewindStep is < 0) throw new ArgumentException($"rewind step must be non-negative, got {RewindStep}.");
        if (EpochsPerCycle < 0) throw new ArgumentException($"epochs per cycle must be non-negative, got {EpochsPerCycle}.");
        if (Stages.Count == 0) throw new ArgumentException("pruning needs at least one stage (criterion).");
        if (Stages.Any(s => !(s.Share > 0 && s.Share <= 1)) || Math.Abs(Stages.Sum(s => s.Share) - 1) > 1e-9)
            throw new ArgumentException($"stage shares must be in (0, 1] and sum to 1, got {string.Join(", ", Stages.Select(s => $"{s.Criterion.Name}={s.Share}"))}.");
    }
}
