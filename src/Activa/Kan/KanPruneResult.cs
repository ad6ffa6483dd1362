using Activa.Nn;

namespace Activa.Kan;

/// <summary>What pruning did to one KAN layer.</summary>
/// <param name="Layer">Index among the network's KAN layers (0 = the first).</param>
/// <param name="InputsBefore">Input nodes before pruning.</param>
/// <param name="InputsAfter">Input nodes kept.</param>
/// <param name="OutputsBefore">Output nodes before pruning.</param>
/// <param name="OutputsAfter">Output nodes kept.</param>
/// <param name="EdgesBefore">Edges with a non-zero coefficient before pruning.</param>
/// <param name="EdgesAfter">Edges with a non-zero coefficient after pruning (removed nodes and zeroed edges gone).</param>
public sealed record KanLayerPruneReport(int Layer, int InputsBefore, int InputsAfter, int OutputsBefore, int OutputsAfter, int EdgesBefore, int EdgesAfter);

/// <summary>The outcome of <see cref="KanPruner.Prune"/>: a new, smaller network and what was removed.</summary>
/// <param name="Model">The pruned network (a new model; the original is untouched).</param>
/// <param name="Layers">One report per KAN layer.</param>
/// <param name="ParametersBefore">Parameters of the original network.</param>
/// <param name="ParametersAfter">Parameters of the pruned network (zeroed edges still count: they are stored).</param>
/// <param name="Attribution">The scores pruning was decided on (of the original network).</param>
/// <param name="Notes">Decisions worth telling the user, such as a layer kept at one node rather than pruned to nothing.</param>
public sealed record KanPruneResult(
    Sequential Model, IReadOnlyList<KanLayerPruneReport> Layers, long ParametersBefore, long ParametersAfter,
    IReadOnlyList<KanLayerAttribution> Attribution, IReadOnlyList<string> Notes)
{
    /// <summary>Hidden widths before pruning.</summary>
    public int[] HiddenBefore => [.. Layers.Skip(1).Select(l => l.InputsBefore)];

    /// <summary>Hidden widths after pruning.</summary>
    public int[] HiddenAfter => [.. Layers.Skip(1).Select(l => l.InputsAfter)];
}
