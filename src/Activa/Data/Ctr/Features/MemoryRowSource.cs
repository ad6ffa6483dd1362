namespace Activa.Data.Ctr.Features;

/// <summary>Rows held in memory as dictionaries from column name to text (a missing key or null is a null value).</summary>
public sealed class MemoryRowSource : IRowSource
{
    private readonly IReadOnlyList<IReadOnlyDictionary<string, string?>> _rows;
    private int _at = -1;

    /// <summary>Wraps <paramref name="rows"/> whose columns are <paramref name="columns"/>; <paramref name="name"/> appears in messages.</summary>
    public MemoryRowSource(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows, string name = "(memory)")
    {
        Columns = columns;
        _rows = rows;
        Path = name;
    }

    /// <inheritdoc/>
    public string Path { get; }
    /// <inheritdoc/>
    public IReadOnlyList<string> Columns { get; }
    /// <inheritdoc/>
    public string Location => $"row {_at + 1}";
    /// <inheritdoc/>
    public int RowFieldCount => Columns.Count;

    /// <inheritdoc/>
    public bool Read() => ++_at < _rows.Count;

    /// <inheritdoc/>
    public string? Field(int column) => _rows[_at].GetValueOrDefault(Columns[column]);

    /// <inheritdoc/>
    public void Dispose() { }
}
