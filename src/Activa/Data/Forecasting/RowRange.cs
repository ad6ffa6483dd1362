namespace Activa.Data.Forecasting;

/// <summary>The rows [<paramref name="Start"/>, <paramref name="End"/>) of a series (End exclusive).</summary>
public readonly record struct RowRange(int Start, int End)
{
    /// <summary>Number of rows, End − Start.</summary>
    public int Length => End - Start;

    /// <inheritdoc/>
    public override string ToString() => $"[{Start}, {End})";
}
