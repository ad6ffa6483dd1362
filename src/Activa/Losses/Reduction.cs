namespace Activa.Losses;

/// <summary>How per-element losses are combined.</summary>
public enum Reduction
{
    /// <summary>Average over elements (the default, as PyTorch).</summary>
    Mean,
    /// <summary>Sum over elements.</summary>
    Sum,
    /// <summary>No reduction: one loss per element (or per row for cross-entropy).</summary>
    None,
}
