using System.Globalization;
using Sylvan.Data.Csv;

namespace Activa.Data;

/// <summary>
/// A streaming reader of a CSV file with a header, for the loaders: looks columns up by name (a missing one is an
/// error naming it and the columns present) and parses fields with errors that name the file, line and column.
/// </summary>
internal sealed class CsvRows : IDisposable
{
    private readonly CsvDataReader _reader;

    /// <summary>The file read.</summary>
    public string Path { get; }

    private readonly int _headerLines;

    /// <summary>The column names: the header's, or those given for a file without one.</summary>
    public IReadOnlyList<string> Columns { get; }

    private CsvRows(string path, CsvDataReader reader, string[] columns, int headerLines)
    {
        Path = path;
        _reader = reader;
        Columns = columns;
        _headerLines = headerLines;
    }

    /// <summary>Opens <paramref name="path"/> and checks that its header has every column of <paramref name="required"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file has no header or lacks a required column.</exception>
    public static CsvRows Open(string path, params string[] required) => Open(path, ',', null, required);

    /// <summary>
    /// Opens <paramref name="path"/> with field separator <paramref name="delimiter"/> (',' or '\t', say). With
    /// <paramref name="names"/> null the first line is the header; otherwise the file has no header and
    /// <paramref name="names"/> are its columns (the first record is then line 1). Checks that every column of
    /// <paramref name="required"/> exists.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file has no header or lacks a required column.</exception>
    public static CsvRows Open(string path, char delimiter, string[]? names, params string[] required)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        CsvDataReader reader;
        try
        {
            reader = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = names is null, Delimiter = delimiter });
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException)
        {
            throw new DataFormatException(path, $"not a readable CSV file ({e.Message})", e);
        }
        var present = names ?? Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new CsvRows(path, reader, present, names is null ? 1 : 0);
        foreach (var name in required)
            if (!present.Contains(name, StringComparer.Ordinal))
            {
                reader.Dispose();
                throw new DataFormatException(path, $"no column '{name}' (columns: {string.Join(", ", present)})");
            }
        return rows;
    }

    /// <summary>Line of the current record in the file (the header, if any, is line 1), for messages.</summary>
    public int Line => _reader.RowNumber + _headerLines;

    /// <summary>Number of fields in the current record (may differ from <see cref="Columns"/>' count in a malformed file).</summary>
    public int RowFieldCount => _reader.RowFieldCount;

    /// <summary>Moves to the next record; false at the end.</summary>
    /// <exception cref="DataFormatException">The record is malformed (e.g. an unterminated quote).</exception>
    public bool Read()
    {
        try
        {
            return _reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new DataFormatException(Path, $"line {Line}: {e.Message}", e);
        }
    }

    /// <summary>Index of column <paramref name="name"/>; an error naming the file when there is no such column.</summary>
    public int Ordinal(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i], name, StringComparison.Ordinal)) return i;
        throw new DataFormatException(Path, $"no column '{name}'");
    }

    /// <summary>The field's text; an error when the record has too few fields.</summary>
    public string Text(int column)
    {
        if (column >= _reader.RowFieldCount)
            throw new DataFormatException(Path, $"line {Line}: {_reader.RowFieldCount} fields, expected {Columns.Count} (no '{Columns[column]}')");
        return _reader.GetString(column);
    }

    /// <summary>The field as an integer.</summary>
    public long Integer(int column)
    {
        var s = Text(column);
        if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
            throw Bad(column, s, "an integer");
        return v;
    }

    /// <summary>The field as a finite real number.</summary>
    public double Real(int column)
    {
        var s = Text(column);
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw Bad(column, s, "a finite number");
        return v;
    }

    private DataFormatException Bad(int column, string text, string what) =>
        new(Path, $"line {Line}: column '{Columns[column]}' is '{text}', not {what}");

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
