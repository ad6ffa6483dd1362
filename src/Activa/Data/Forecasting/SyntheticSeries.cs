namespace Activa.Data.Forecasting;

/// <summary>
/// A deterministic multi-seasonal series generator, the embedded default dataset ("synthetic"): hourly-like steps
/// dated hourly from 2020-01-01, channels named s1..sC (target: the last).
/// </summary>
/// <remarks>
/// Channel c at step t:
/// <c>x = level_c(t) + trend_c·t/T + s_c(t)·(a_c·sin(2πt/P_d + φ_c) + b_c·sin(2πt/P_w + ψ_c)) + σ·ε</c>,
/// with per-channel amplitudes a_c, b_c (0.5–1.5 times the option), phases φ_c, ψ_c (uniform), trend_c (±Trend), and
/// Gaussian noise ε. The regime shifts happen at steps drawn uniformly in [0.1T, 0.7T), inside the training split of
/// every protocol, so that validation and test share one regime and their errors are comparable; at each, every
/// channel's level jumps by a normal draw (standard deviation 1) and its seasonal scale s_c is multiplied by a factor
/// in [0.5, 1.5].
/// Everything is drawn from one <see cref="Generator"/> seeded by <see cref="SyntheticSeriesOptions.Seed"/>.
/// </remarks>
public static class SyntheticSeries
{
    /// <summary>The first date of a generated series.</summary>
    public static readonly DateTime Start = new(2020, 1, 1);

    /// <summary>Generates a series as <paramref name="options"/> describe (defaults when null).</summary>
    /// <exception cref="ArgumentException">An option out of range; the message names it and its value.</exception>
    public static TimeSeries Generate(SyntheticSeriesOptions? options = null)
    {
        var o = options ?? new SyntheticSeriesOptions();
        if (o.Length < 2) throw new ArgumentException($"SyntheticSeriesOptions.Length must be at least 2, got {o.Length}.", nameof(options));
        if (o.Channels < 1) throw new ArgumentException($"SyntheticSeriesOptions.Channels must be at least 1, got {o.Channels}.", nameof(options));
        if (o.DailyPeriod < 2) throw new ArgumentException($"SyntheticSeriesOptions.DailyPeriod must be at least 2, got {o.DailyPeriod}.", nameof(options));
        if (o.WeeklyPeriod < 2) throw new ArgumentException($"SyntheticSeriesOptions.WeeklyPeriod must be at least 2, got {o.WeeklyPeriod}.", nameof(options));
        if (o.RegimeShifts < 0) throw new ArgumentException($"SyntheticSeriesOptions.RegimeShifts must be non-negative, got {o.RegimeShifts}.", nameof(options));
        if (!(o.Noise >= 0) || !double.IsFinite(o.Noise)) throw new ArgumentException($"SyntheticSeriesOptions.Noise must be finite and non-negative, got {o.Noise}.", nameof(options));
        foreach (var (name, v) in new[] { ("DailyAmplitude", o.DailyAmplitude), ("WeeklyAmplitude", o.WeeklyAmplitude), ("Trend", o.Trend) })
            if (!double.IsFinite(v)) throw new ArgumentException($"SyntheticSeriesOptions.{name} must be finite, got {v}.", nameof(options));

        var g = new Generator(o.Seed);
        int T = o.Length, C = o.Channels;
        var daily = new double[C];
        var weekly = new double[C];
        var dailyPhase = new double[C];
        var weeklyPhase = new double[C];
        var trend = new double[C];
        var level = new double[C];
        for (int c = 0; c < C; c++)
        {
            daily[c] = o.DailyAmplitude * (0.5 + g.NextDouble());
            weekly[c] = o.WeeklyAmplitude * (0.5 + g.NextDouble());
            dailyPhase[c] = 2 * Math.PI * g.NextDouble();
            weeklyPhase[c] = 2 * Math.PI * g.NextDouble();
            trend[c] = o.Trend * (2 * g.NextDouble() - 1);
            level[c] = g.NextNormal();
        }
        var shifts = new int[o.RegimeShifts];
        for (int k = 0; k < shifts.Length; k++) shifts[k] = (int)(T * (0.1 + 0.6 * g.NextDouble()));
        Array.Sort(shifts);
        var jump = new double[shifts.Length * C];
        var rescale = new double[shifts.Length * C];
        for (int k = 0; k < jump.Length; k++)
        {
            jump[k] = g.NextNormal();
            rescale[k] = 0.5 + g.NextDouble();
        }

        var values = new float[T * C];
        var scale = new double[C];
        Array.Fill(scale, 1.0);
        int next = 0;
        for (int t = 0; t < T; t++)
        {
            while (next < shifts.Length && shifts[next] == t)
            {
                for (int c = 0; c < C; c++)
                {
                    level[c] += jump[next * C + c];
                    scale[c] *= rescale[next * C + c];
                }
                next++;
            }
            for (int c = 0; c < C; c++)
            {
                double seasonal = daily[c] * Math.Sin(2 * Math.PI * t / o.DailyPeriod + dailyPhase[c])
                                + weekly[c] * Math.Sin(2 * Math.PI * t / o.WeeklyPeriod + weeklyPhase[c]);
                values[t * C + c] = (float)(level[c] + trend[c] * t / T + scale[c] * seasonal + o.Noise * g.NextNormal());
            }
        }

        var dates = new DateTime[T];
        for (int t = 0; t < T; t++) dates[t] = Start.AddHours(t);
        var columns = Enumerable.Range(1, C).Select(i => "s" + i).ToArray();
        return new TimeSeries("synthetic", columns, values, dates, [o.DailyPeriod, o.WeeklyPeriod]);
    }
}
