namespace Activa.Pruning;

/// <summary>One pruning cycle's outcome.</summary>
/// <param name="Cycle">Cycle number, from 1.</param>
/// <param name="TargetSparsity">The sparsity this cycle aimed at.</param>
/// <param name="Sparsity">The sparsity reached (pruned / prunable weights).</param>
/// <param name="RemainingWeights">Prunable weights still alive.</param>
/// <param name="LayerSparsity">Sparsity of each prunable tensor, by parameter name.</param>
/// <param name="ValidationLoss">Validation cross-entropy after the cycle's training, when there is validation data.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the cycle's training, when there is validation data.</param>
/// <param name="TrainSeconds">Seconds spent training in this cycle.</param>
public sealed record CycleResult(int Cycle, double TargetSparsity, double Sparsity, long RemainingWeights,
    IReadOnlyDictionary<string, double> LayerSparsity, double? ValidationLoss, double? ValidationAccuracy, double TrainSeconds);
