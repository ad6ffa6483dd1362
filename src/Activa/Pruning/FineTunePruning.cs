using System.Diagnostics;
using Activa.Nn;

namespace Activa.Pruning;

/// <summary>One cycle of <see cref="FineTunePruning"/>: the sparsity reached, the weights left and the validation score
/// the caller's fine-tuning reported (AUC for a CTR model, MSE for a forecaster).</summary>
public sealed record FineTuneCycle(int Cycle, double TargetSparsity, double Sparsity, long RemainingWeights, double ValidationScore, double Seconds);

/// <summary>
/// Pruning of any model whose training loop is the caller's (the CTR and forecasting models): cycle by cycle, the
/// stages of <see cref="PruningOptions"/> prune the Linear weights to 1 − (1 − target)^(c/C), then the caller fine-tunes
/// with the masks re-applied after every optimiser step. There is no rewinding: it needs a replay of the original run,
/// which only <see cref="IterativePruning"/> (MLPs trained by <c>activa train</c>) can do.
/// </summary>
public static class FineTunePruning
{
    /// <summary>Prunes <paramref name="model"/> in place over the cycles of <paramref name="options"/>.</summary>
    /// <param name="model">A trained model; weights already exactly zero count as pruned.</param>
    /// <param name="options">Target, cycles, scope and stages (<see cref="PruningOptions.RewindStep"/> must be null).</param>
    /// <param name="fineTune">Trains the model for the cycle, calling its argument after every optimiser step, and
    /// returns the validation score; it runs only when <see cref="PruningOptions.EpochsPerCycle"/> is positive.</param>
    /// <param name="progress">Hears each finished cycle.</param>
    /// <returns>The masks (the model holds the pruned weights as zeros) and one record per cycle.</returns>
    /// <exception cref="ArgumentException">Invalid options, or a rewind step.</exception>
    public static (PruningMasks Masks, IReadOnlyList<FineTuneCycle> Cycles) Run(Module model, PruningOptions options, Func<Action, double> fineTune,
        IProgress<FineTuneCycle>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fineTune);
        options.Validate();
        if (options.RewindStep != null)
            throw new ArgumentException("Rewinding needs a replay of the original training, which only MLP runs of 'activa train' support.");
        var masks = PruningMasks.FromZeros(model);
        // The weights each cycle's fine-tuning started from; unknown for the first cycle (the run's initialisation is not
        // kept), so a criterion that needs them (AP) fails there with its own message.
        Dictionary<string, Tensor>? cycleStart = null;
        var results = new List<FineTuneCycle>();
        for (int cycle = 1; cycle <= options.Cycles; cycle++)
        {
            var clock = Stopwatch.StartNew();
            double target = IterativePruning.PruneCycle(model, masks, options, cycle, cycleStart);
            cycleStart = IterativePruning.Snapshot(model);
            double score = options.EpochsPerCycle > 0 ? fineTune(() => masks.Apply(model)) : double.NaN;
            masks.Apply(model);
            var result = new FineTuneCycle(cycle, target, masks.Sparsity, masks.Total - masks.Pruned, score, clock.Elapsed.TotalSeconds);
            results.Add(result);
            progress?.Report(result);
        }
        return (masks, results);
    }
}
