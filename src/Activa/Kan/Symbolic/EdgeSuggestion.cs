namespace Activa.Kan.Symbolic;

/// <summary>One edge of a KAN: input <paramref name="Input"/> → output <paramref name="Output"/> of KAN layer
/// <paramref name="Layer"/> (0 = the first KAN layer).</summary>
public readonly record struct KanEdge(int Layer, int Input, int Output)
{
    /// <inheritdoc/>
    public override string ToString() => $"layer {Layer} edge {Input}→{Output}";
}

/// <summary>The symbolic fits suggested for one edge of a KAN, best first.</summary>
/// <param name="Edge">Which edge.</param>
/// <param name="Low">Smallest input the edge saw on the samples (fits are made over [Low, High]).</param>
/// <param name="High">Largest input the edge saw on the samples.</param>
/// <param name="Pruned">The edge's coefficients are all zero (pruned): it is the zero function and needs no fit.</param>
/// <param name="Fits">The best fits, best first (empty for a pruned edge).</param>
public sealed record EdgeSuggestion(KanEdge Edge, double Low, double High, bool Pruned, IReadOnlyList<SymbolicFit> Fits)
{
    /// <summary>The best fit, or null for a pruned edge.</summary>
    public SymbolicFit? Best => Fits.Count > 0 ? Fits[0] : null;
}
