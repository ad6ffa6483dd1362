namespace Activa.Data;

/// <summary>A mini-batch: inputs of shape [n, ...sample shape] and their labels.</summary>
public sealed record Batch(Tensor X, int[] Labels);
