using System.Numerics;
using Activa.Kernels;

namespace Activa.Analysis;

/// <summary>
/// Running statistics of one tensor stream (an activation's inputs or its outputs) per unit and per layer: mean and
/// variance (in double: per batch, sums of x − K and (x − K)² with K the unit's running mean, then the parallel merge of
/// <see cref="RunningMoments"/>), minimum and maximum, counts of exact zeros, of |a| &lt; ε, of a ≤ 0, of "inactive" values |a| ≤ the dead threshold, of values
/// within the saturation tolerance of a finite bound, and a fixed-bin histogram of all values.
/// A batch is a [rows, units] block; rank-3+ tensors [N, C, ...] count dimension 1 as the unit (see <see cref="Add(Tensor)"/>).
/// </summary>
public sealed class UnitStatistics
{
    private readonly double[] _mean, _m2;
    private readonly float[] _min, _max;
    private readonly long[] _zeros, _small, _inactive, _nonPositive, _saturated;
    // per-batch scratch
    private readonly double[] _sum, _dev, _shift;
    private readonly float[] _bMin, _bMax, _bZeros, _bSmall, _bInactive, _bNonPositive, _bSaturated;
    private readonly float _epsilon, _deadThreshold, _satLow, _satHigh;
    private readonly bool _histograms;

    /// <summary>Creates statistics for <paramref name="units"/> units.</summary>
    /// <param name="units">Units (size of dimension 1).</param>
    /// <param name="options">ε, dead threshold, histogram bins and range, saturation tolerance.</param>
    /// <param name="lower">Lower bound of the values (−∞ when none); with <paramref name="upper"/> finite too, saturation is counted.</param>
    /// <param name="upper">Upper bound of the values (+∞ when none).</param>
    /// <exception cref="ArgumentException">Fewer than one unit, or invalid options.</exception>
    public UnitStatistics(int units, ProbeOptions options, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (units < 1) throw new ArgumentException($"UnitStatistics: units must be at least 1, got {units}.", nameof(units));
        options.Validate();
        Units = units;
        _epsilon = options.Epsilon;
        _histograms = options.Histograms;
        _deadThreshold = options.DeadThreshold;
        HasBounds = double.IsFinite(lower) && double.IsFinite(upper) && lower < upper;
        Lower = lower;
        Upper = upper;
        double tolerance = options.SaturationTolerance * (upper - lower);
        _satLow = HasBounds ? (float)(lower + tolerance) : float.NegativeInfinity;
        _satHigh = HasBounds ? (float)(upper - tolerance) : float.PositiveInfinity;
        Histogram = new Histogram(options.Bins, options.HistogramMin, options.HistogramMax);
        _mean = new double[units]; _m2 = new double[units]; _sum = new double[units]; _dev = new double[units]; _shift = new double[units];
        _min = new float[units]; _max = new float[units]; _bMin = new float[units]; _bMax = new float[units];
        _zeros = new long[units]; _small = new long[units]; _inactive = new long[units]; _nonPositive = new long[units]; _saturated = new long[units];
        _bZeros = new float[units]; _bSmall = new float[units]; _bInactive = new float[units]; _bNonPositive = new float[units]; _bSaturated = new float[units];
        Reset();
    }

    /// <summary>Number of units.</summary>
    public int Units { get; }
    /// <summary>Values seen per unit (rows of all batches).</summary>
    public long Rows { get; private set; }
    /// <summary>True when both bounds are finite, so that saturation is counted.</summary>
    public bool HasBounds { get; }
    /// <summary>Lower bound used for saturation.</summary>
    public double Lower { get; }
    /// <summary>Upper bound used for saturation.</summary>
    public double Upper { get; }
    /// <summary>Histogram of every value of every unit (empty when <see cref="ProbeOptions.Histograms"/> is off).</summary>
    public Histogram Histogram { get; }

    /// <summary>Mean of unit <paramref name="unit"/>.</summary>
    public double UnitMean(int unit) => Rows == 0 ? double.NaN : _mean[unit];
    /// <summary>Population variance of unit <paramref name="unit"/>.</summary>
    public double UnitVariance(int unit) => Rows == 0 ? double.NaN : _m2[unit] / Rows;
    /// <summary>Minimum of unit <paramref name="unit"/>.</summary>
    public double UnitMin(int unit) => Rows == 0 ? double.NaN : _min[unit];
    /// <summary>Maximum of unit <paramref name="unit"/>.</summary>
    public double UnitMax(int unit) => Rows == 0 ? double.NaN : _max[unit];
    /// <summary>Exact zeros of unit <paramref name="unit"/>.</summary>
    public long UnitZeros(int unit) => _zeros[unit];
    /// <summary>Values of unit <paramref name="unit"/> with |a| ≤ the dead threshold.</summary>
    public long UnitInactive(int unit) => _inactive[unit];

    /// <summary>Moments of all values of all units (the per-unit moments merged).</summary>
    public RunningMoments Layer()
    {
        var m = new RunningMoments();
        if (Rows == 0) return m;
        for (int j = 0; j < Units; j++) m.Merge(Rows, _mean[j], _m2[j], _min[j], _max[j]);
        return m;
    }

    private double Fraction(long[] counts) => Rows == 0 ? double.NaN : counts.Sum() / ((double)Rows * Units);

    /// <summary>Share of values exactly 0.</summary>
    public double ZeroFraction => Fraction(_zeros);
    /// <summary>Share of values with |a| &lt; ε.</summary>
    public double SmallFraction => Fraction(_small);
    /// <summary>Share of values ≤ 0.</summary>
    public double NonPositiveFraction => Fraction(_nonPositive);
    /// <summary>Share of values within the saturation tolerance of a bound (NaN without finite bounds).</summary>
    public double SaturatedFraction => HasBounds ? Fraction(_saturated) : double.NaN;
    /// <summary>Share of units whose every value so far had |a| ≤ the dead threshold (static dead units).</summary>
    public double StaticDeadFraction => Rows == 0 ? double.NaN : (double)_inactive.Count(c => c == Rows) / Units;
    /// <summary>Units whose every value so far had |a| ≤ the dead threshold.</summary>
    public int[] StaticDeadUnits() => Rows == 0 ? [] : [.. Enumerable.Range(0, Units).Where(j => _inactive[j] == Rows)];

    /// <summary>
    /// Adds a batch: [rows, units], or [N, units, ...] whose trailing positions count as rows, or [rows] for one unit.
    /// Returns the number of values ≤ 0 in the batch (the numerator of the dynamic dead-neuron rate).
    /// </summary>
    /// <exception cref="ShapeMismatchException">Dimension 1 is not <see cref="Units"/>.</exception>
    public long Add(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var _ = Tensor.NoGrad();
        var rows = DeadNeurons.AsRows(batch, "UnitStatistics.Add");
        if (rows.Shape[1] != Units)
            throw new ShapeMismatchException("UnitStatistics.Add", $"expects {Units} units in dimension 1, got {Shape.Format(batch.Shape)}");
        return Add(rows.AsSpan(), rows.Shape[0]);
    }

    /// <summary>Adds a row-major [<paramref name="rows"/>, <see cref="Units"/>] batch; returns its count of values ≤ 0.</summary>
    /// <exception cref="ArgumentException">The span's length is not rows × units.</exception>
    public long Add(ReadOnlySpan<float> values, int rows)
    {
        int u = Units;
        if (rows < 0 || values.Length != (long)rows * u)
            throw new ArgumentException($"UnitStatistics.Add: {values.Length} values are not {rows} rows of {u} units.");
        if (rows == 0) return 0;
        if (rows > MaxBatchRows) // the per-batch counts are floats, exact below 2^24
        {
            long count = 0;
            for (int r = 0; r < rows; r += MaxBatchRows)
            {
                int chunk = Math.Min(MaxBatchRows, rows - r);
                count += Add(values.Slice(r * u, chunk * u), chunk);
            }
            return count;
        }
        // shifted sums (shift K = the unit's running mean, or its first value): one pass, no cancellation while K is near the mean
        for (int j = 0; j < u; j++) _shift[j] = Rows > 0 ? _mean[j] : values[j];
        Array.Clear(_sum); Array.Clear(_dev);
        Array.Clear(_bZeros); Array.Clear(_bSmall); Array.Clear(_bInactive); Array.Clear(_bNonPositive); Array.Clear(_bSaturated);
        Array.Fill(_bMin, float.PositiveInfinity); Array.Fill(_bMax, float.NegativeInfinity);
        Scan(values, rows);
        double n = rows;
        for (int j = 0; j < u; j++)
        {
            double s = _sum[j];
            _sum[j] = _shift[j] + s / n;                 // batch mean
            _dev[j] = Math.Max(0, _dev[j] - s * s / n);  // batch M2
        }
        long nonPositive = 0;
        long before = Rows;
        long total = before + rows;
        for (int j = 0; j < u; j++)
        {
            // parallel merge of (before, mean, M2) with the batch (rows, mean_b, M2_b)
            double delta = _sum[j] - _mean[j];
            _mean[j] += delta * rows / total;
            _m2[j] += _dev[j] + delta * delta * ((double)before * rows / total);
            _min[j] = Math.Min(_min[j], _bMin[j]);
            _max[j] = Math.Max(_max[j], _bMax[j]);
            _zeros[j] += (long)_bZeros[j];
            _small[j] += (long)_bSmall[j];
            _inactive[j] += (long)(_deadThreshold > 0 ? _bInactive[j] : _bZeros[j]); // threshold 0: inactive = exactly zero
            _nonPositive[j] += (long)_bNonPositive[j];
            _saturated[j] += (long)_bSaturated[j];
            nonPositive += (long)_bNonPositive[j];
        }
        Rows = total;
        return nonPositive;
    }

    private const int MaxBatchRows = 1 << 24;

    // Minimum values per work item: below this, splitting costs more than it saves.
    private const int MinWorkPerItem = 32 * 1024;
    private Histogram[] _partHistograms = [];

    // The batch's accumulators and the histogram. On the thread pool: items [0, p) take a block of unit columns each
    // over all rows, items [p, 2p) a block of rows each into their own histogram, merged in order afterwards; every
    // sum has one fixed owner and order, so results do not depend on the thread count's timing.
    private unsafe void Scan(ReadOnlySpan<float> values, int rows)
    {
        int u = Units, w = Vector<float>.Count;
        int parts = Math.Min(Parallelism.ItemsFor(values.Length, MinWorkPerItem, Parallelism.Threads), Math.Max(1, u / w));
        if (parts == 1)
        {
            Accumulate(values, rows, 0, u);
            if (_histograms) Histogram.Add(values);
            return;
        }
        if (_partHistograms.Length < parts)
            _partHistograms = [.. Enumerable.Range(0, parts).Select(_ => new Histogram(Histogram.Bins, Histogram.Lower, Histogram.Upper))];
        int columnBlock = (u / w + parts - 1) / parts * w, rowBlock = (rows + parts - 1) / parts;
        fixed (float* data = values)
        {
            float* pointer = data;
            int length = values.Length;
            Parallelism.For(_histograms ? 2 * parts : parts, item =>
            {
                var all = new ReadOnlySpan<float>(pointer, length);
                if (item < parts)
                {
                    int j0 = item * columnBlock, j1 = item == parts - 1 ? u : Math.Min(u, j0 + columnBlock);
                    if (j0 < j1) Accumulate(all, rows, j0, j1);
                }
                else
                {
                    int p = item - parts, r0 = p * rowBlock, r1 = Math.Min(rows, r0 + rowBlock);
                    _partHistograms[p].Reset();
                    if (r0 < r1) _partHistograms[p].Add(all.Slice(r0 * u, (r1 - r0) * u));
                }
            });
        }
        if (_histograms)
            for (int p = 0; p < parts; p++) Histogram.Merge(_partHistograms[p]);
    }

    // Unit columns [from, to) of all rows into the batch accumulators: shifted sums and squares (double), min, max and
    // the counts. A block of columns at a time, down all rows, so that the accumulators stay in registers.
    private void Accumulate(ReadOnlySpan<float> values, int rows, int from, int to)
    {
        int u = Units, j = from;
        if (Vector.IsHardwareAccelerated && to - from >= Vector<float>.Count)
        {
            var eps = new Vector<float>(_epsilon);
            var dead = new Vector<float>(_deadThreshold);
            var satLow = new Vector<float>(_satLow);
            var satHigh = new Vector<float>(_satHigh);
            bool countDead = _deadThreshold > 0, countSaturated = HasBounds;
            int w = Vector<float>.Count, half = Vector<double>.Count;
            for (; j <= to - w; j += w)
            {
                var shiftLo = new Vector<double>(_shift.AsSpan(j, half));
                var shiftHi = new Vector<double>(_shift.AsSpan(j + half, half));
                Vector<double> sumLo = default, sumHi = default, devLo = default, devHi = default;
                var min = new Vector<float>(float.PositiveInfinity);
                var max = new Vector<float>(float.NegativeInfinity);
                Vector<int> zeros = default, small = default, inactive = default, nonPositive = default, saturated = default;
                for (int r = 0; r < rows; r++)
                {
                    var x = new Vector<float>(values.Slice(r * u + j, w));
                    var a = Vector.Abs(x);
                    Vector.Widen(x, out Vector<double> lo, out Vector<double> hi);
                    lo -= shiftLo;
                    hi -= shiftHi;
                    sumLo += lo;
                    sumHi += hi;
                    devLo += lo * lo;
                    devHi += hi * hi;
                    min = Vector.Min(min, x);
                    max = Vector.Max(max, x);
                    zeros -= Vector.Equals(x, Vector<float>.Zero);           // a true lane is −1
                    small -= Vector.LessThan(a, eps);
                    nonPositive -= Vector.LessThanOrEqual(x, Vector<float>.Zero);
                    if (countDead) inactive -= Vector.LessThanOrEqual(a, dead);
                    if (countSaturated) saturated -= Vector.LessThanOrEqual(x, satLow) | Vector.GreaterThanOrEqual(x, satHigh);
                }
                sumLo.CopyTo(_sum.AsSpan(j, half));
                sumHi.CopyTo(_sum.AsSpan(j + half, half));
                devLo.CopyTo(_dev.AsSpan(j, half));
                devHi.CopyTo(_dev.AsSpan(j + half, half));
                min.CopyTo(_bMin.AsSpan(j, w));
                max.CopyTo(_bMax.AsSpan(j, w));
                Vector.ConvertToSingle(zeros).CopyTo(_bZeros.AsSpan(j, w));
                Vector.ConvertToSingle(small).CopyTo(_bSmall.AsSpan(j, w));
                Vector.ConvertToSingle(nonPositive).CopyTo(_bNonPositive.AsSpan(j, w));
                Vector.ConvertToSingle(inactive).CopyTo(_bInactive.AsSpan(j, w));
                Vector.ConvertToSingle(saturated).CopyTo(_bSaturated.AsSpan(j, w));
            }
        }
        for (; j < to; j++)
            for (int r = 0; r < rows; r++)
            {
                float x = values[r * u + j], a = Math.Abs(x);
                double d = x - _shift[j];
                _sum[j] += d;
                _dev[j] += d * d;
                _bMin[j] = Math.Min(_bMin[j], x);
                _bMax[j] = Math.Max(_bMax[j], x);
                if (x == 0) _bZeros[j]++;
                if (a < _epsilon) _bSmall[j]++;
                if (_deadThreshold > 0 && a <= _deadThreshold) _bInactive[j]++;
                if (x <= 0) _bNonPositive[j]++;
                if (HasBounds && (x <= _satLow || x >= _satHigh)) _bSaturated[j]++;
            }
    }

    /// <summary>Forgets every batch.</summary>
    public void Reset()
    {
        Rows = 0;
        Array.Clear(_mean); Array.Clear(_m2);
        Array.Fill(_min, float.PositiveInfinity); Array.Fill(_max, float.NegativeInfinity);
        Array.Clear(_zeros); Array.Clear(_small); Array.Clear(_inactive); Array.Clear(_nonPositive); Array.Clear(_saturated);
        Histogram.Reset();
    }
}
