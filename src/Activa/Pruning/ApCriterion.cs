namespace Activa.Pruning;

/// <summary>
/// AP, Activating-while-Pruning (Liu, Ghosh, Tan &amp; Motani, "AP: Selective Activation for De-sparsifying Pruned
/// Neural Networks", TMLR 2023): among the surviving <b>negative</b> weights, those that moved least over the cycle,
/// score = |w_end − w_start|, are pruned first; positive and zero weights score +∞ (never pruned by AP). Removing
/// stagnant negative weights raises pre-activations, so fewer ReLU units die. AP is not a pruner of its own: it runs
/// as the second <see cref="PruningStage"/> of each cycle after magnitude pruning (the paper's default: 2 % of a 20 %
/// cycle, a share of 0.1), with w_start the weights the cycle's training started from (after rewinding).
/// </summary>
/// <remarks>The official code compares the weights at the end of the cycle's training with those at its start; this
/// criterion reads them from <see cref="PruningContext.CycleStart"/>, which <see cref="IterativePruning"/> fills.</remarks>
public sealed class ApCriterion : IPruningCriterion
{
    /// <summary>The criterion (it has no settings).</summary>
    public static ApCriterion Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "ap";

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The context does not hold the cycle-start weights.</exception>
    public void Score(PruningContext context, string name, Tensor weight, Span<float> scores)
    {
        if (context.CycleStart is not { } start || !start.TryGetValue(name, out var before))
            throw new InvalidOperationException($"AP pruning needs the weights of '{name}' at the start of the cycle (PruningContext.CycleStart).");
        if (before.Numel != weight.Numel)
            throw new ArgumentException($"AP pruning: '{name}' has {weight.Numel} weights but {before.Numel} at the start of the cycle.");
        var w = weight.AsSpan();
        var w0 = before.Contiguous().AsSpan();
        for (int i = 0; i < w.Length; i++) scores[i] = w[i] < 0 ? MathF.Abs(w[i] - w0[i]) : float.PositiveInfinity;
    }
}
