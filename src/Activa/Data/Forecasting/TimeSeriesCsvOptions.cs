namespace Activa.Data.Forecasting;

/// <summary>How <see cref="TimeSeriesCsv.Read"/> reads a CSV file into a <see cref="TimeSeries"/>.</summary>
public sealed record TimeSeriesCsvOptions
{
    /// <summary>Set <see cref="DateColumn"/> to this to read no date column at all.</summary>
    public const string NoDate = "";

    /// <summary>
    /// The date column. Null (the default): the first column named date, timestamp or time (any case) whose first
    /// cell parses as a date, if any. <see cref="NoDate"/>: none. A name: that column, every cell of which must parse.
    /// Dates are ISO-like: yyyy-MM-dd, optionally followed by a time HH:mm[:ss[.fff]] after a space or 'T'; also with
    /// '/' separators.
    /// </summary>
    public string? DateColumn { get; init; }

    /// <summary>
    /// The value columns, in this order. Null (the default): every column other than the date column that holds at
    /// least one number (columns of text only, or empty only, are left out). A counter column such as taylor's "index"
    /// is numeric and kept by default; the dataset presets of <see cref="ForecastDatasets"/> name their columns.
    /// </summary>
    public string[]? Columns { get; init; }

    /// <summary>The target column (default: the last value column).</summary>
    public string? Target { get; init; }

    /// <summary>What to do with a missing value (empty, "NA", "NaN"): <see cref="MissingValuePolicy.Fail"/> by default.</summary>
    public MissingValuePolicy MissingValues { get; init; } = MissingValuePolicy.Fail;

    /// <summary>Known seasonal periods in steps (default none).</summary>
    public int[]? Periods { get; init; }

    /// <summary>The series' name (default: the file's name without extension, e.g. "ETTh1").</summary>
    public string? Name { get; init; }
}
