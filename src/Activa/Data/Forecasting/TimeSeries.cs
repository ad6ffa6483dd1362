namespace Activa.Data.Forecasting;

/// <summary>
/// A multichannel time series: <see cref="Length"/> steps of <see cref="Channels"/> values, stored row-major
/// ([T, C]: step t's values are <c>Values[t·C .. t·C + C)</c>), with optional dates and the known seasonal periods.
/// </summary>
/// <remarks>
/// The series does not copy or freeze <see cref="Values"/>: treat it as read-only. Standardisation and windowing make
/// their own arrays (<see cref="Standardizer"/>, <see cref="WindowDataset"/>).
/// </remarks>
public sealed class TimeSeries
{
    /// <summary>
    /// Creates a series. <paramref name="target"/> defaults to the last column (the Time-Series-Library convention,
    /// where the target 'OT' comes last).
    /// </summary>
    /// <exception cref="ArgumentException">Empty or duplicated column names, values that do not fill [T, C], dates of
    /// another length, a non-positive period, or a target that is not a column.</exception>
    public TimeSeries(string name, string[] columns, float[] values, DateTime[]? dates = null, int[]? periods = null, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        if (columns.Length == 0) throw new ArgumentException($"Time series '{name}' needs at least one column.", nameof(columns));
        for (int i = 0; i < columns.Length; i++)
        {
            if (string.IsNullOrEmpty(columns[i])) throw new ArgumentException($"Time series '{name}': column {i} has no name.", nameof(columns));
            for (int j = 0; j < i; j++)
                if (columns[j] == columns[i]) throw new ArgumentException($"Time series '{name}': column '{columns[i]}' appears twice.", nameof(columns));
        }
        if (values.Length % columns.Length != 0)
            throw new ArgumentException($"Time series '{name}': {values.Length} values do not fill rows of {columns.Length} columns.", nameof(values));
        int length = values.Length / columns.Length;
        if (dates != null && dates.Length != length)
            throw new ArgumentException($"Time series '{name}': {dates.Length} dates for {length} steps.", nameof(dates));
        periods ??= [];
        foreach (int p in periods)
            if (p < 2) throw new ArgumentException($"Time series '{name}': period {p} is not a seasonal period (must be at least 2).", nameof(periods));
        target ??= columns[^1];
        if (Array.IndexOf(columns, target) < 0)
            throw new ArgumentException($"Time series '{name}': target '{target}' is not a column (columns: {string.Join(", ", columns)}).", nameof(target));
        Name = name;
        Columns = columns;
        Values = values;
        Dates = dates;
        Periods = periods;
        Target = target;
        Length = length;
    }

    /// <summary>The series' name: a dataset name ("taylor") or a file's name without extension ("ETTh1").</summary>
    public string Name { get; }

    /// <summary>The channel names, in storage order.</summary>
    public string[] Columns { get; }

    /// <summary>The number of steps T.</summary>
    public int Length { get; }

    /// <summary>The number of channels C.</summary>
    public int Channels => Columns.Length;

    /// <summary>The values, row-major [T, C].</summary>
    public float[] Values { get; }

    /// <summary>The date of each step, or null when the source has none (EuStockMarkets is in business time).</summary>
    public DateTime[]? Dates { get; }

    /// <summary>Known seasonal periods in steps (taylor: 48 and 336 half-hours); empty when none is known.</summary>
    public int[] Periods { get; }

    /// <summary>The target column: what a univariate forecast predicts (<c>Select(Target)</c>).</summary>
    public string Target { get; }

    /// <summary>The value of channel <paramref name="c"/> at step <paramref name="t"/>.</summary>
    public float this[int t, int c]
    {
        get
        {
            if ((uint)t >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(t), t, $"Step {t} is outside series '{Name}' of {Length} steps.");
            if ((uint)c >= (uint)Channels) throw new ArgumentOutOfRangeException(nameof(c), c, $"Channel {c} is outside series '{Name}' of {Channels} channels.");
            return Values[t * Channels + c];
        }
    }

    /// <summary>Index of column <paramref name="column"/>.</summary>
    /// <exception cref="ArgumentException">No such column; the message lists those that exist.</exception>
    public int IndexOf(string column)
    {
        int i = Array.IndexOf(Columns, column);
        if (i < 0) throw new ArgumentException($"Time series '{Name}' has no column '{column}' (columns: {string.Join(", ", Columns)}).", nameof(column));
        return i;
    }

    /// <summary>
    /// A new series of the named columns, in the order given (values copied; dates and periods shared). The target
    /// stays if selected, else becomes the last selected column. <c>Select(s.Target)</c> is the univariate series.
    /// </summary>
    /// <exception cref="ArgumentException">No column given, a name given twice, or a name that is not a column.</exception>
    public TimeSeries Select(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException($"Select on series '{Name}' needs at least one column.", nameof(columns));
        var index = columns.Select(IndexOf).ToArray();
        int c = Channels, k = index.Length;
        var values = new float[Length * k];
        for (int t = 0; t < Length; t++)
            for (int j = 0; j < k; j++)
                values[t * k + j] = Values[t * c + index[j]];
        string target = Array.IndexOf(columns, Target) >= 0 ? Target : columns[^1];
        return new TimeSeries(Name, (string[])columns.Clone(), values, Dates, Periods, target);
    }

    /// <summary>A series with the same columns, dates and periods over <paramref name="values"/> (e.g. standardised values).</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not [T, C].</exception>
    public TimeSeries WithValues(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Values.Length)
            throw new ArgumentException($"Series '{Name}' is [{Length}, {Channels}]: {values.Length} values do not fit.", nameof(values));
        return new TimeSeries(Name, Columns, values, Dates, Periods, Target);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Length} steps x {Channels} channels";
}
