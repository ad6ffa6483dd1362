namespace Activa.Data.Ctr.Features;

/// <summary>
/// Rows of a delimited text file with a header line (comma by default; '\t' for TSV), read by streaming with
/// Sylvan.Data.Csv: one record is in memory at a time. An empty field is the empty string (a missing value for numeric
/// fields).
/// </summary>
public sealed class CsvRowSource : IRowSource
{
    private readonly CsvRows _csv;

    /// <summary>Opens <paramref name="path"/>, whose first line is the header.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="DataFormatException">Not readable as CSV.</exception>
    public CsvRowSource(string path, char delimiter = ',') : this(CsvRows.Open(path, delimiter, null)) { }

    private CsvRowSource(CsvRows csv) => _csv = csv;

    /// <summary>Opens a file without a header whose columns are <paramref name="columns"/> (its first record is line 1).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static CsvRowSource WithoutHeader(string path, char delimiter, IReadOnlyList<string> columns) =>
        new(CsvRows.Open(path, delimiter, columns.ToArray()));

    /// <inheritdoc/>
    public string Path => _csv.Path;
    /// <inheritdoc/>
    public IReadOnlyList<string> Columns => _csv.Columns;
    /// <inheritdoc/>
    public string Location => $"line {_csv.Line}";
    /// <inheritdoc/>
    public int RowFieldCount => _csv.RowFieldCount;

    /// <inheritdoc/>
    public bool Read() => _csv.Read();

    /// <inheritdoc/>
    public string? Field(int column) => _csv.Text(column);

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();
}
