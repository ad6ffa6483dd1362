namespace Activa.Analysis;

/// <summary>
/// Counts of values in <see cref="Bins"/> equal-width bins over [<see cref="Lower"/>, <see cref="Upper"/>): bin k holds
/// Lower + k·w ≤ v &lt; Lower + (k+1)·w with w = (Upper − Lower) / Bins, except that the last bin also holds v = Upper.
/// Values below Lower or above Upper are counted in <see cref="Underflow"/> and <see cref="Overflow"/>; NaN in
/// <see cref="NaNs"/>. The bins are fixed up front so that histograms of different batches add exactly.
/// </summary>
public sealed class Histogram
{
    /// <summary>Creates an empty histogram.</summary>
    /// <exception cref="ArgumentException">Fewer than one bin, or a range that is not finite and increasing.</exception>
    public Histogram(int bins, double lower, double upper)
    {
        if (bins < 1) throw new ArgumentException($"Histogram: bins must be at least 1, got {bins}.", nameof(bins));
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || !(lower < upper))
            throw new ArgumentException($"Histogram: the range must be finite with lower < upper, got [{lower}, {upper}].", nameof(lower));
        Bins = bins;
        Lower = lower;
        Upper = upper;
        Counts = new long[bins];
        _scale = bins / (upper - lower);
    }

    private readonly double _scale;

    /// <summary>Number of bins.</summary>
    public int Bins { get; }
    /// <summary>Left edge of the first bin.</summary>
    public double Lower { get; }
    /// <summary>Right edge of the last bin.</summary>
    public double Upper { get; }
    /// <summary>Count per bin.</summary>
    public long[] Counts { get; }
    /// <summary>Values below <see cref="Lower"/>.</summary>
    public long Underflow { get; private set; }
    /// <summary>Values above <see cref="Upper"/>.</summary>
    public long Overflow { get; private set; }
    /// <summary>NaN values.</summary>
    public long NaNs { get; private set; }
    /// <summary>All values added, in or out of range.</summary>
    public long Total => Counts.Sum() + Underflow + Overflow + NaNs;

    /// <summary>The <see cref="Bins"/> + 1 bin edges, from <see cref="Lower"/> to <see cref="Upper"/>.</summary>
    public double[] Edges() => [.. Enumerable.Range(0, Bins + 1).Select(k => k == Bins ? Upper : Lower + k * (Upper - Lower) / Bins)];

    /// <summary>The bin of <paramref name="value"/>: −1 below the range, <see cref="Bins"/> above it or NaN.</summary>
    public int BinOf(double value)
    {
        if (double.IsNaN(value) || value > Upper) return Bins;
        if (value < Lower) return -1;
        int k = (int)((value - Lower) * _scale);
        return Math.Min(k, Bins - 1);
    }

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value)) NaNs++;
        else if (value < Lower) Underflow++;
        else if (value > Upper) Overflow++;
        else Counts[BinOf(value)]++;
    }

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        // Four sub-histograms so that runs of equal values (the zeros of a ReLU) do not serialise on one counter.
        Span<int> counts = Bins * 4 <= 4096 ? stackalloc int[Bins * 4] : new int[Bins * 4];
        counts.Clear();
        long under = 0, over = 0, nans = 0;
        int last = Bins - 1;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v >= Lower && v <= Upper)
            {
                int k = (int)((v - Lower) * _scale);
                counts[(i & 3) * Bins + (k > last ? last : k)]++; // a span holds < 2^31 values: each int counter < 2^29
            }
            else if (v < Lower) under++;
            else if (v > Upper) over++;
            else nans++;
        }
        Flush(counts);
        Underflow += under;
        Overflow += over;
        NaNs += nans;
    }

    private void Flush(Span<int> counts)
    {
        for (int s = 0; s < 4; s++)
            for (int k = 0; k < Bins; k++) Counts[k] += counts[s * Bins + k];
        counts.Clear();
    }

    /// <summary>Adds the counts of <paramref name="other"/>, which must have the same bins.</summary>
    /// <exception cref="ArgumentException">Different bins or range.</exception>
    public void Merge(Histogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Bins != Bins || other.Lower != Lower || other.Upper != Upper)
            throw new ArgumentException($"Histogram.Merge: bins differ ({other.Bins} over [{other.Lower}, {other.Upper}] vs {Bins} over [{Lower}, {Upper}]).");
        for (int k = 0; k < Bins; k++) Counts[k] += other.Counts[k];
        Underflow += other.Underflow;
        Overflow += other.Overflow;
        NaNs += other.NaNs;
    }

    /// <summary>Sets every count to 0.</summary>
    public void Reset()
    {
        Array.Clear(Counts);
        Underflow = Overflow = NaNs = 0;
    }
}
