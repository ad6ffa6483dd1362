namespace Activa.Pruning;

/// <summary>Over which set of weights a target sparsity is reached.</summary>
public enum PruningScope
{
    /// <summary>One ranking over all prunable weights: layers end up with different sparsities (large layers with small weights lose most).</summary>
    Global,
    /// <summary>Each prunable tensor is pruned to the target sparsity on its own.</summary>
    Layer,
}
