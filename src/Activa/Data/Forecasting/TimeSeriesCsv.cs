using System.Globalization;

namespace Activa.Data.Forecasting;

/// <summary>
/// Reads a time series from a CSV file with a header: an optional date column plus numeric columns (the ETT layout:
/// "date", then one column per variable, the target 'OT' last; any CSV of that shape works).
/// </summary>
/// <remarks>
/// Every error is a <see cref="DataFormatException"/> naming the file, the line (1-based; the header is line 1) and the
/// column: a cell that is not a number, a missing value under <see cref="MissingValuePolicy.Fail"/>, a date that does
/// not parse, is out of order or repeats the previous one, a row with the wrong number of fields, a header column named
/// twice, a numeric column without a name, a column named in the options that the file lacks (the message lists the
/// columns that exist).
/// </remarks>
public static class TimeSeriesCsv
{
    private static readonly string[] DateNames = ["date", "timestamp", "time"];

    private static readonly string[] DateFormats = BuildDateFormats();

    private static string[] BuildDateFormats()
    {
        var formats = new List<string>();
        foreach (var day in new[] { "yyyy-M-d", "yyyy/M/d" })
        {
            formats.Add(day);
            foreach (var sep in new[] { " ", "'T'" })
                foreach (var time in new[] { "H:mm", "H:mm:ss", "H:mm:ss.FFFFFFF" })
                    formats.Add(day + sep + time);
        }
        return [.. formats];
    }

    /// <summary>Reads <paramref name="path"/> as described by <paramref name="options"/> (defaults when null).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed; the message names file, line and column.</exception>
    public static TimeSeries Read(string path, TimeSeriesCsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new TimeSeriesCsvOptions();
        using var rows = CsvRows.Open(path);
        var header = rows.Columns.ToArray();
        for (int i = 0; i < header.Length; i++)
            if (Array.IndexOf(header, header[i]) != i) throw new DataFormatException(path, $"line 1: column '{header[i]}' appears twice in the header");

        int dateColumn = options.DateColumn switch
        {
            null => -1, // decided from the first record below
            TimeSeriesCsvOptions.NoDate => -1,
            var name => Require(path, header, name, "date column"),
        };
        int[]? valueColumns = options.Columns?.Select(name => Require(path, header, name, "column")).ToArray();
        if (valueColumns != null)
        {
            if (valueColumns.Length == 0) throw new ArgumentException("TimeSeriesCsvOptions.Columns is empty: name at least one column, or leave it null for all.", nameof(options));
            for (int i = 0; i < valueColumns.Length; i++)
                if (Array.IndexOf(valueColumns, valueColumns[i]) != i)
                    throw new ArgumentException($"TimeSeriesCsvOptions.Columns names '{header[valueColumns[i]]}' twice.", nameof(options));
        }

        // The whole file as text first: which columns are numeric is decided over all of it, so that a column whose
        // first cell is bad is reported, not silently dropped.
        var cells = new List<string[]>();
        var lines = new List<int>();
        while (rows.Read())
        {
            if (rows.RowFieldCount != header.Length)
                throw new DataFormatException(path, $"line {rows.Line}: {rows.RowFieldCount} fields, expected {header.Length} ({string.Join(", ", header)})");
            var record = new string[header.Length];
            for (int j = 0; j < record.Length; j++) record[j] = rows.Text(j);
            cells.Add(record);
            lines.Add(rows.Line);
        }
        if (cells.Count == 0) throw new DataFormatException(path, "no data rows after the header");

        if (options.DateColumn is null)
            for (int j = 0; j < header.Length && dateColumn < 0; j++)
                if (DateNames.Contains(header[j], StringComparer.OrdinalIgnoreCase) && TryParseDate(cells[0][j], out _))
                    dateColumn = j;

        if (valueColumns == null)
        {
            var chosen = new List<int>();
            for (int j = 0; j < header.Length; j++)
                if (j != dateColumn && cells.Any(r => !IsMissing(r[j]) && float.TryParse(r[j], NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                    chosen.Add(j);
            if (chosen.Count == 0) throw new DataFormatException(path, $"no numeric column (columns: {string.Join(", ", header)})");
            valueColumns = [.. chosen];
        }
        else if (Array.IndexOf(valueColumns, dateColumn) >= 0)
            throw new ArgumentException($"TimeSeriesCsvOptions.Columns names the date column '{header[dateColumn]}' as a value column.", nameof(options));
        foreach (int j in valueColumns)
            if (string.IsNullOrEmpty(header[j])) throw new DataFormatException(path, $"line 1: column {j + 1} holds numbers but has no name in the header");

        int t = cells.Count, c = valueColumns.Length;
        var values = new float[t * c];
        for (int k = 0; k < c; k++)
        {
            int j = valueColumns[k];
            bool seen = false;
            for (int i = 0; i < t; i++)
            {
                string text = cells[i][j];
                if (IsMissing(text))
                {
                    if (options.MissingValues == MissingValuePolicy.Fail)
                        throw Bad(path, lines[i], header[j], $"missing value ('{text}'); MissingValues = FillForward would carry the last value forward");
                    if (!seen)
                        throw Bad(path, lines[i], header[j], $"missing value ('{text}') before the column's first value: nothing to fill forward");
                    values[i * c + k] = values[(i - 1) * c + k];
                    continue;
                }
                if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw Bad(path, lines[i], header[j], $"'{text}' is not a number");
                if (!float.IsFinite(v))
                    throw Bad(path, lines[i], header[j], $"'{text}' is not a finite float32 number");
                values[i * c + k] = v;
                seen = true;
            }
        }

        DateTime[]? dates = null;
        if (dateColumn >= 0)
        {
            dates = new DateTime[t];
            string name = header[dateColumn];
            for (int i = 0; i < t; i++)
            {
                string text = cells[i][dateColumn];
                if (!TryParseDate(text, out dates[i]))
                    throw Bad(path, lines[i], name, IsMissing(text) ? $"missing date ('{text}')" : $"'{text}' is not a date (expected yyyy-MM-dd[ HH:mm[:ss]])");
                if (i > 0 && dates[i] == dates[i - 1])
                    throw Bad(path, lines[i], name, $"date '{text}' repeats line {lines[i - 1]}'s (duplicated date)");
                if (i > 0 && dates[i] < dates[i - 1])
                    throw Bad(path, lines[i], name, $"date '{text}' is earlier than line {lines[i - 1]}'s '{cells[i - 1][dateColumn]}' (dates must be sorted)");
            }
        }

        var columns = valueColumns.Select(j => header[j]).ToArray();
        if (options.Target != null && Array.IndexOf(columns, options.Target) < 0)
            throw new DataFormatException(path, $"target '{options.Target}' is not among the value columns ({string.Join(", ", columns)})");
        return new TimeSeries(options.Name ?? System.IO.Path.GetFileNameWithoutExtension(path), columns, values, dates, options.Periods, options.Target);
    }

    /// <summary>True for an empty cell, "NA" or "NaN" (any case).</summary>
    internal static bool IsMissing(string text)
    {
        var s = text.AsSpan().Trim();
        return s.Length == 0 || s.Equals("NA", StringComparison.OrdinalIgnoreCase) || s.Equals("NaN", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses an ISO-like date (see <see cref="TimeSeriesCsvOptions.DateColumn"/>).</summary>
    internal static bool TryParseDate(string text, out DateTime date) =>
        DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static int Require(string path, string[] header, string name, string what)
    {
        int j = Array.IndexOf(header, name);
        if (j < 0) throw new DataFormatException(path, $"no {what} '{name}' (columns: {string.Join(", ", header)})");
        return j;
    }

    private static DataFormatException Bad(string path, int line, string column, string what) =>
        new(path, $"line {line}, column {column}: {what}");
}
