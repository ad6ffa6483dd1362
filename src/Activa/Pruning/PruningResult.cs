using Activa.Nn;

namespace Activa.Pruning;

/// <summary>The pruned model, its masks, and the per-cycle results.</summary>
/// <param name="Model">The pruned, trained model (evaluation mode); pruned weights are 0.</param>
/// <param name="Masks">The final masks.</param>
/// <param name="Cycles">One entry per cycle.</param>
public sealed record PruningResult(Module Model, PruningMasks Masks, IReadOnlyList<CycleResult> Cycles);
