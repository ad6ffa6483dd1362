namespace Activa.Pruning;

/// <summary>
/// How a pruning method ranks the surviving weights of one tensor: <see cref="Pruner"/> removes the weights with the
/// <b>lowest</b> scores first (across all tensors with <see cref="PruningScope.Global"/>, per tensor with
/// <see cref="PruningScope.Layer"/>). A score of +∞ means "never prune this weight in this step"; NaN is an error.
/// </summary>
/// <remarks>
/// This is the extension point for pruning methods. Magnitude pruning is <see cref="MagnitudeCriterion"/>. AP
/// (Activating-while-Pruning, Liu et al., TMLR) fits as one more criterion run as a second stage of each cycle
/// (<see cref="PruningStage"/>): it scores surviving <i>negative</i> weights by |w_end − w_start| over the cycle
/// (<see cref="PruningContext.CycleStart"/> holds w_start) and positive ones +∞.
/// </remarks>
public interface IPruningCriterion
{
    /// <summary>Short name used in logs and result files ("magnitude").</summary>
    string Name { get; }

    /// <summary>
    /// Writes one score per element of <paramref name="weight"/> (row-major) into <paramref name="scores"/>. Scores of
    /// already-pruned weights are ignored.
    /// </summary>
    /// <param name="context">The model, its masks and the cycle being pruned.</param>
    /// <param name="name">Parameter name of <paramref name="weight"/> (e.g. "1.weight").</param>
    /// <param name="weight">The current weight tensor (contiguous).</param>
    /// <param name="scores">Output, as long as the weight.</param>
    void Score(PruningContext context, string name, Tensor weight, Span<float> scores);
}
