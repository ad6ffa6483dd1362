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

    private CsvRows(string path, CsvDataReader reader)
    {
        Path = path;
        _reader = reader;
    }

    /// <summary>Opens <paramref name="path"/> and checks that its header has every column of <paramref name="required"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file has no header or lacks a required column.</exception>
    public static CsvRows Open(string path, params string[] required)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        CsvDataReader reader;
        try
        {
            reader = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true });
        }
        catch (Exception e) when (e is CsvFormatException or InvalidDataException)
        {
            throw new DataFormatException(path, $"not a readable CSV file ({e.Message})", e);
        }
        var rows = new CsvRows(path, reader);
        var present = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        foreach (var name in required)
            if (!present.Contains(name, StringComparer.Ordinal))
            {
                reader.Dispose();
                throw new DataFormatException(path, $"no column '{name}' (columns: {string.Join(", ", present)})");
            }
        return rows;
    }

    /// <summary>Line of the current record in the file (the header is line 1), for messages.</summary>
    public int Line => _reader.RowNumber + 1;

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

    /// <summary>Index of column <paramref name="name"/> (known to exist after <see cref="Open"/>).</summary>
    public int Ordinal(string name) => _reader.GetOrdinal(name);

    /// <summary>The field's text; an error when the record has too few fields.</summary>
    public string Text(int column)
    {
        if (column >= _reader.RowFieldCount)
            throw new DataFormatException(Path, $"line {Line}: {_reader.RowFieldCount} fields, expected {_reader.FieldCount} (no '{_reader.GetName(column)}')");
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
        new(Path, $"line {Line}: column '{_reader.GetName(column)}' is '{text}', not {what}");

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
