using System.Numerics;

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
        // four sub-histograms of Bins + 3 slots (underflow, the bins, overflow, NaN) so that runs of equal values (the zeros
        // of a ReLU) do not serialise on one counter; a span holds < 2^31 values, so no int counter overflows
        int stride = Bins + 3;
        Span<int> counts = stride * 4 <= 4096 ? stackalloc int[stride * 4] : new int[stride * 4];
        counts.Clear();
        long under = 0, over = 0, nans = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            // slot − 1 eight (or sixteen) at a time in double, as BinOf computes the bin: −1 below, Bins above, Bins + 1 for
            // NaN, else min(⌊(v − Lower)·scale⌋, Bins − 1)
            int w = Vector<float>.Count;
            Span<int> index = stackalloc int[w];
            var lowerD = new Vector<double>(Lower);
            var upperD = new Vector<double>(Upper);
            var scale = new Vector<double>(_scale);
            var minusOne = new Vector<double>(-1);
            var lastBin = new Vector<double>(Bins - 1);
            var above = new Vector<double>(Bins);
            var nan = new Vector<double>(Bins + 1);
            for (; i <= values.Length - w; i += w)
            {
                Vector.Widen(new Vector<float>(values.Slice(i, w)), out Vector<double> lo, out Vector<double> hi);
                var bins = Vector.Narrow(Index(lo), Index(hi));
                Vector.ConvertToInt32(bins).CopyTo(index);
                int sub = (i / w & 3) * stride + 1;
                for (int k = 0; k < w; k++) counts[sub + index[k]]++;
            }

            Vector<double> Index(Vector<double> v)
            {
                var k = Vector.Min(Vector.Floor((v - lowerD) * scale), lastBin);
                k = Vector.ConditionalSelect(Vector.LessThan(v, lowerD), minusOne, k);
                k = Vector.ConditionalSelect(Vector.GreaterThan(v, upperD), above, k);
                return Vector.ConditionalSelect(Vector.Equals(v, v), k, nan);
            }
        }
        for (; i < values.Length; i++)
        {
            float v = values[i];
            int slot = float.IsNaN(v) ? Bins + 2 : BinOf(v) + 1;
            counts[slot]++;
        }
        for (int sub = 0; sub < 4; sub++)
        {
            under += counts[sub * stride];
            over += counts[sub * stride + Bins + 1];
            nans += counts[sub * stride + Bins + 2];
        }
        Flush(counts);
        Underflow += under;
        Overflow += over;
        NaNs += nans;
    }

    private void Flush(Span<int> counts)
    {
        for (int s = 0; s < 4; s++)
            for (int k = 0; k < Bins; k++) Counts[k] += counts[s * (Bins + 3) + 1 + k];
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
