namespace Activa.Data.Forecasting;

/// <summary>
/// Per-channel z-scoring, z = (x − mean_c) / std_c, with mean and (population) standard deviation fitted on the
/// training rows only, as TSL's StandardScaler; a constant channel gets std 1. Saved and restored as two float arrays
/// (<see cref="Mean"/>, <see cref="Std"/>). No autograd: this is data preparation and reporting, not a layer.
/// </summary>
public sealed class Standardizer
{
    /// <summary>Restores a fitted standardizer (e.g. from a checkpoint).</summary>
    /// <exception cref="ArgumentException">Arrays empty or of different lengths, or a std that is not finite and positive, or a mean that is not finite.</exception>
    public Standardizer(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"Standardizer needs one mean and one std per channel, got {mean.Length} means and {std.Length} stds.");
        for (int c = 0; c < mean.Length; c++)
        {
            if (!float.IsFinite(mean[c])) throw new ArgumentException($"Standardizer: mean of channel {c} is {mean[c]}.", nameof(mean));
            if (!(std[c] > 0) || !float.IsFinite(std[c])) throw new ArgumentException($"Standardizer: std of channel {c} is {std[c]}; it must be finite and positive.", nameof(std));
        }
        Mean = (float[])mean.Clone();
        Std = (float[])std.Clone();
    }

    /// <summary>Per-channel means.</summary>
    public float[] Mean { get; }

    /// <summary>Per-channel standard deviations (positive).</summary>
    public float[] Std { get; }

    /// <summary>Number of channels C.</summary>
    public int Channels => Mean.Length;

    /// <summary>Fits on the rows <paramref name="rows"/> of <paramref name="series"/> (the training split).</summary>
    public static Standardizer Fit(TimeSeries series, RowRange rows)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Fit(series.Values, series.Channels, rows);
    }

    /// <summary>Fits on rows <paramref name="rows"/> of row-major [T, <paramref name="channels"/>] values.</summary>
    /// <exception cref="ArgumentException">The rows are empty or outside the values.</exception>
    public static Standardizer Fit(ReadOnlySpan<float> values, int channels, RowRange rows)
    {
        if (channels < 1 || values.Length % channels != 0)
            throw new ArgumentException($"Standardizer.Fit: {values.Length} values are not rows of {channels} channels.", nameof(channels));
        int t = values.Length / channels;
        if (rows.Start < 0 || rows.End > t || rows.Length < 1)
            throw new ArgumentException($"Standardizer.Fit: rows {rows} are empty or outside the {t} steps.", nameof(rows));
        var sum = new double[channels];
        for (int i = rows.Start; i < rows.End; i++)
            for (int c = 0; c < channels; c++) sum[c] += values[i * channels + c];
        var mean = new double[channels];
        for (int c = 0; c < channels; c++) mean[c] = sum[c] / rows.Length;
        var squares = new double[channels];
        for (int i = rows.Start; i < rows.End; i++)
            for (int c = 0; c < channels; c++)
            {
                double d = values[i * channels + c] - mean[c];
                squares[c] += d * d;
            }
        var m = new float[channels];
        var s = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            m[c] = (float)mean[c];
            double std = Math.Sqrt(squares[c] / rows.Length);
            s[c] = std > 0 && (float)std > 0 ? (float)std : 1f;
        }
        return new Standardizer(m, s);
    }

    /// <summary>Standardises row-major [.., C] values in place.</summary>
    public void Transform(Span<float> values) => Map(values, forward: true);

    /// <summary>Undoes <see cref="Transform(Span{float})"/> in place on row-major [.., C] values.</summary>
    public void Inverse(Span<float> values) => Map(values, forward: false);

    /// <summary>Standardises values of the single channel <paramref name="channel"/> in place (channel-independent samples).</summary>
    public void Transform(Span<float> values, int channel) => MapChannel(values, channel, forward: true);

    /// <summary>Undoes the standardisation of values of the single channel <paramref name="channel"/> in place.</summary>
    public void Inverse(Span<float> values, int channel) => MapChannel(values, channel, forward: false);

    /// <summary>A new series with standardised values (same columns, dates, periods).</summary>
    /// <exception cref="ArgumentException">The series has another number of channels.</exception>
    public TimeSeries Transform(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Channels != Channels)
            throw new ArgumentException($"Standardizer of {Channels} channels cannot transform series '{series.Name}' of {series.Channels}.", nameof(series));
        var values = (float[])series.Values.Clone();
        Transform(values);
        return series.WithValues(values);
    }

    /// <summary>A new tensor of standardised values; <paramref name="x"/>'s last dimension must be C.</summary>
    public Tensor Transform(Tensor x) => MapTensor(x, forward: true);

    /// <summary>A new tensor on the original scale; <paramref name="x"/>'s last dimension must be C.</summary>
    public Tensor Inverse(Tensor x) => MapTensor(x, forward: false);

    private Tensor MapTensor(Tensor x, bool forward)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || x.Shape[^1] != Channels)
            throw new ArgumentException($"Standardizer of {Channels} channels needs a tensor [.., {Channels}], got {Shape.Format(x.Shape)}.", nameof(x));
        var values = x.ToArray();
        Map(values, forward);
        return Tensor.FromArray(values, x.Shape.ToArray());
    }

    private void Map(Span<float> values, bool forward)
    {
        int channels = Channels;
        if (values.Length % channels != 0)
            throw new ArgumentException($"Standardizer of {channels} channels: {values.Length} values are not rows of {channels}.", nameof(values));
        for (int i = 0; i < values.Length; i += channels)
            for (int c = 0; c < channels; c++)
                values[i + c] = forward ? (values[i + c] - Mean[c]) / Std[c] : values[i + c] * Std[c] + Mean[c];
    }

    private void MapChannel(Span<float> values, int channel, bool forward)
    {
        if ((uint)channel >= (uint)Channels)
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"Standardizer has {Channels} channels.");
        float mean = Mean[channel], std = Std[channel];
        for (int i = 0; i < values.Length; i++)
            values[i] = forward ? (values[i] - mean) / std : values[i] * std + mean;
    }
}
