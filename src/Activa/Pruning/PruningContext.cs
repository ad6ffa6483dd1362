using Activa.Nn;

namespace Activa.Pruning;

/// <summary>What an <see cref="IPruningCriterion"/> may look at when it scores weights.</summary>
/// <param name="Model">The model being pruned, with its current (trained) weights.</param>
/// <param name="Masks">The masks before this pruning step.</param>
/// <param name="Cycle">The pruning cycle, from 1 (one-shot pruning is cycle 1).</param>
/// <param name="CycleStart">
/// Parameters by name at the start of the training that produced the current weights (after rewinding), or null when
/// unknown — criteria that score a weight's change over a cycle (AP) need it.
/// </param>
public sealed record PruningContext(Module Model, PruningMasks Masks, int Cycle = 1, IReadOnlyDictionary<string, Tensor>? CycleStart = null);
