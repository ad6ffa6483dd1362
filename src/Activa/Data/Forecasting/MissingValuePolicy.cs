namespace Activa.Data.Forecasting;

/// <summary>What <see cref="TimeSeriesCsv"/> does with a missing value: an empty cell, "NA" or "NaN".</summary>
public enum MissingValuePolicy
{
    /// <summary>An error naming the file, line and column (the default: nothing is invented silently).</summary>
    Fail,

    /// <summary>
    /// The channel's last observed value is carried forward. A missing value before the first observation of its
    /// column is still an error: there is nothing to carry.
    /// </summary>
    FillForward,
}
