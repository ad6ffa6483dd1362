namespace Activa.Data.Forecasting;

/// <summary>
/// Sliding windows (stride 1) over rows of a [T, C] series: window w's input is rows [s + w, s + w + L) and its target
/// rows [s + w + L, s + w + L + H), where s is the range's first row. A range of n rows holds n − L − H + 1 windows;
/// in <see cref="ChannelMode.ChannelIndependent"/> mode each window gives C samples, numbered window-major
/// (sample i = window i / C, channel i mod C).
/// </summary>
/// <remarks>
/// <see cref="Batches"/> keeps every sample: the last batch holds the remainder (no drop_last, which silently skips
/// test windows in some codebases). A batch is copied row by row from the series into fresh tensors, so batching costs
/// one pass over B·(L + H)·C' floats. The values are referenced, not copied: do not change them while the dataset is
/// in use.
/// </remarks>
public sealed class WindowDataset
{
    private readonly float[] _values;

    /// <summary>Windows over <paramref name="range"/> of row-major [T, <paramref name="channels"/>] values (usually standardised).</summary>
    /// <exception cref="ArgumentException">L or H below 1, values that are not rows of C, a range outside them, or a
    /// range with fewer than L + H rows.</exception>
    public WindowDataset(float[] values, int channels, RowRange range, int inputLength, int horizon, ChannelMode mode)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (channels < 1 || values.Length % channels != 0)
            throw new ArgumentException($"WindowDataset: {values.Length} values are not rows of {channels} channels.", nameof(channels));
        if (inputLength < 1) throw new ArgumentException($"Input length must be at least 1, got {inputLength}.", nameof(inputLength));
        if (horizon < 1) throw new ArgumentException($"Horizon must be at least 1, got {horizon}.", nameof(horizon));
        int t = values.Length / channels;
        if (range.Start < 0 || range.End > t || range.Length < 0)
            throw new ArgumentException($"WindowDataset: rows {range} are outside the {t} steps.", nameof(range));
        if (range.Length < inputLength + horizon)
            throw new ArgumentException($"WindowDataset: rows {range} are {range.Length}, fewer than L + H = {inputLength} + {horizon} (series shorter than L + H).", nameof(range));
        if (mode is not (ChannelMode.Multivariate or ChannelMode.ChannelIndependent))
            throw new ArgumentException($"Unknown channel mode {mode}.", nameof(mode));
        _values = values;
        Channels = channels;
        Range = range;
        InputLength = inputLength;
        Horizon = horizon;
        Mode = mode;
        Windows = range.Length - inputLength - horizon + 1;
        Count = mode == ChannelMode.ChannelIndependent ? checked(Windows * channels) : Windows;
    }

    /// <summary>Windows over <paramref name="range"/> of <paramref name="series"/> (standardise it first: <see cref="Standardizer.Transform(TimeSeries)"/>).</summary>
    public WindowDataset(TimeSeries series, RowRange range, int inputLength, int horizon, ChannelMode mode)
        : this((series ?? throw new ArgumentNullException(nameof(series))).Values, series.Channels, range, inputLength, horizon, mode) { }

    /// <summary>Channels of the series C.</summary>
    public int Channels { get; }

    /// <summary>Channels per sample C': C in multivariate mode, 1 in channel-independent mode.</summary>
    public int SampleChannels => Mode == ChannelMode.Multivariate ? Channels : 1;

    /// <summary>The rows the windows cover.</summary>
    public RowRange Range { get; }

    /// <summary>Input length L.</summary>
    public int InputLength { get; }

    /// <summary>Horizon H.</summary>
    public int Horizon { get; }

    /// <summary>The channel mode.</summary>
    public ChannelMode Mode { get; }

    /// <summary>Number of windows, rows − L − H + 1.</summary>
    public int Windows { get; }

    /// <summary>Number of samples: <see cref="Windows"/>, times C in channel-independent mode.</summary>
    public int Count { get; }

    /// <summary>The window of sample <paramref name="sample"/>.</summary>
    public int WindowOf(int sample)
    {
        CheckSample(sample);
        return Mode == ChannelMode.Multivariate ? sample : sample / Channels;
    }

    /// <summary>The channel of sample <paramref name="sample"/>, or null in multivariate mode (all channels).</summary>
    public int? ChannelOf(int sample)
    {
        CheckSample(sample);
        return Mode == ChannelMode.Multivariate ? null : sample % Channels;
    }

    /// <summary>The series row where sample <paramref name="sample"/>'s input begins.</summary>
    public int InputStart(int sample) => Range.Start + WindowOf(sample);

    /// <summary>The series row where sample <paramref name="sample"/>'s target begins (its input start + L): where a forecast is plotted.</summary>
    public int TargetStart(int sample) => InputStart(sample) + InputLength;

    /// <summary>Batches per pass at <paramref name="batchSize"/>: ⌈Count / batchSize⌉ (the last may be partial).</summary>
    public int BatchCount(int batchSize)
    {
        CheckBatchSize(batchSize);
        return (Count + batchSize - 1) / batchSize;
    }

    /// <summary>
    /// One pass over all samples in batches of <paramref name="batchSize"/>: inputs [B, L, C'] and targets [B, H, C'].
    /// With <paramref name="shuffle"/> the order is a permutation drawn from <paramref name="generator"/> (the library's
    /// default generator when null); otherwise samples come in order. The last batch holds the remainder.
    /// </summary>
    public IEnumerable<(Tensor Input, Tensor Target)> Batches(int batchSize, bool shuffle, Generator? generator = null)
    {
        CheckBatchSize(batchSize);
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (shuffle) (generator ?? Generator.Default).Shuffle(order.AsSpan());
        return Iterate(order, batchSize);
    }

    private IEnumerable<(Tensor Input, Tensor Target)> Iterate(int[] order, int batchSize)
    {
        for (int start = 0; start < order.Length; start += batchSize)
            yield return Batch(order.AsSpan(start, Math.Min(batchSize, order.Length - start)));
    }

    /// <summary>The samples <paramref name="samples"/> as one batch: inputs [B, L, C'], targets [B, H, C'].</summary>
    /// <exception cref="ArgumentException">No sample given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A sample index outside [0, Count).</exception>
    public (Tensor Input, Tensor Target) Batch(ReadOnlySpan<int> samples)
    {
        if (samples.Length == 0) throw new ArgumentException("A batch needs at least one sample.", nameof(samples));
        int cs = SampleChannels, l = InputLength, h = Horizon;
        var input = Tensor.Empty([samples.Length, l, cs]);
        var target = Tensor.Empty([samples.Length, h, cs]);
        var x = input.AsSpan();
        var y = target.AsSpan();
        for (int b = 0; b < samples.Length; b++)
        {
            int sample = samples[b];
            int row = InputStart(sample);
            if (Mode == ChannelMode.Multivariate)
            {
                // Rows are contiguous in [T, C]: a window is one block copy.
                _values.AsSpan(row * cs, l * cs).CopyTo(x.Slice(b * l * cs, l * cs));
                _values.AsSpan((row + l) * cs, h * cs).CopyTo(y.Slice(b * h * cs, h * cs));
            }
            else
            {
                int c = sample % Channels, stride = Channels;
                Gather(_values.AsSpan(row * stride + c), stride, x.Slice(b * l, l));
                Gather(_values.AsSpan((row + l) * stride + c), stride, y.Slice(b * h, h));
            }
        }
        return (input, target);
    }

    private static void Gather(ReadOnlySpan<float> from, int stride, Span<float> to)
    {
        for (int j = 0; j < to.Length; j++) to[j] = from[j * stride];
    }

    private void CheckSample(int sample)
    {
        if ((uint)sample >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(sample), sample, $"Sample {sample} is outside the {Count} samples of this window dataset.");
    }

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize < 1) throw new ArgumentException($"Batch size must be at least 1, got {batchSize}.", nameof(batchSize));
    }
}
