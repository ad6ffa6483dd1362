namespace Activa.Data.Ctr.Features;

/// <summary>
/// A forward-only stream of rows with named columns, as text: what <see cref="FeaturePipeline"/> fits on and encodes.
/// Implementations hold at most a bounded part of the file in memory (one record for CSV, one row group for Parquet).
/// </summary>
public interface IRowSource : IDisposable
{
    /// <summary>The file (or a name for an in-memory source), for messages.</summary>
    string Path { get; }
    /// <summary>The column names.</summary>
    IReadOnlyList<string> Columns { get; }
    /// <summary>Moves to the next row; false at the end.</summary>
    /// <exception cref="DataFormatException">The file cannot be read further (e.g. an unterminated quote).</exception>
    bool Read();
    /// <summary>Where the current row is, for messages: "line 17" (text files) or "row 17" (1-based).</summary>
    string Location { get; }
    /// <summary>Number of fields of the current row; a well-formed row has one per column.</summary>
    int RowFieldCount { get; }
    /// <summary>The text of field <paramref name="column"/> of the current row; null when the value is null (Parquet).</summary>
    string? Field(int column);
}
