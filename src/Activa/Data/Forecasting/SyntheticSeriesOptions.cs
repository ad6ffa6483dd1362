namespace Activa.Data.Forecasting;

/// <summary>The shape of the series <see cref="SyntheticSeries.Generate"/> makes; the defaults are the embedded dataset "synthetic".</summary>
public sealed record SyntheticSeriesOptions
{
    /// <summary>Number of steps T (default 8,000: about 48 weeks of hourly steps, enough for H = 720 under 7:1:2).</summary>
    public int Length { get; init; } = 8000;

    /// <summary>Number of channels C (default 4).</summary>
    public int Channels { get; init; } = 4;

    /// <summary>The short ("daily") period in steps (default 24).</summary>
    public int DailyPeriod { get; init; } = 24;

    /// <summary>The long ("weekly") period in steps (default 168).</summary>
    public int WeeklyPeriod { get; init; } = 168;

    /// <summary>Typical daily amplitude; each channel draws its own in [0.5, 1.5] times this (default 1).</summary>
    public double DailyAmplitude { get; init; } = 1.0;

    /// <summary>Typical weekly amplitude; each channel draws its own in [0.5, 1.5] times this (default 0.6).</summary>
    public double WeeklyAmplitude { get; init; } = 0.6;

    /// <summary>Typical trend: total drift over the whole series, drawn per channel in [−1, 1] times this (default 1).</summary>
    public double Trend { get; init; } = 1.0;

    /// <summary>Standard deviation of the Gaussian noise added to every value (default 0.2).</summary>
    public double Noise { get; init; } = 0.2;

    /// <summary>Number of regime shifts (default 3): at each, every channel's level jumps and its cycles' amplitude is rescaled.</summary>
    public int RegimeShifts { get; init; } = 3;

    /// <summary>The seed; the same seed gives the same series bit for bit.</summary>
    public ulong Seed { get; init; }
}
