namespace Activa.Analysis;

/// <summary>
/// Count, mean, sum of squared deviations (M2), minimum and maximum of a stream of values, in double, updated one
/// value at a time (Welford) or a whole group at a time with the parallel form of Chan, Golub and LeVeque (1979):
/// for groups a and b with δ = mean_b − mean_a and n = n_a + n_b, mean = mean_a + δ·n_b/n and
/// M2 = M2_a + M2_b + δ²·n_a·n_b/n. Merging groups gives the same moments as one pass over their concatenation.
/// </summary>
public sealed class RunningMoments
{
    /// <summary>Values seen.</summary>
    public long Count { get; private set; }
    /// <summary>Mean of the values (NaN before any).</summary>
    public double Mean => Count == 0 ? double.NaN : _mean;
    /// <summary>Sum of squared deviations from the mean.</summary>
    public double M2 { get; private set; }
    /// <summary>Smallest value (NaN before any).</summary>
    public double Min { get; private set; } = double.NaN;
    /// <summary>Largest value (NaN before any).</summary>
    public double Max { get; private set; } = double.NaN;

    private double _mean;

    /// <summary>Population variance M2 / n (NaN before any value).</summary>
    public double Variance => Count == 0 ? double.NaN : M2 / Count;
    /// <summary>Population standard deviation.</summary>
    public double Std => Math.Sqrt(Variance);
    /// <summary>Sample variance M2 / (n − 1) (NaN with fewer than two values).</summary>
    public double SampleVariance => Count < 2 ? double.NaN : M2 / (Count - 1);

    /// <summary>Adds one value (Welford's update).</summary>
    public void Add(double value) => Merge(1, value, 0, value, value);

    /// <summary>Adds a group summarised by its count, mean, M2, minimum and maximum (the parallel form).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public void Merge(long count, double mean, double m2, double min, double max)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"RunningMoments.Merge: count must be ≥ 0, got {count}.");
        if (count == 0) return;
        if (Count == 0)
        {
            Count = count;
            _mean = mean;
            M2 = m2;
            Min = min;
            Max = max;
            return;
        }
        long n = Count + count;
        double delta = mean - _mean;
        _mean += delta * count / n;
        M2 += m2 + delta * delta * ((double)Count * count / n);
        Count = n;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
    }

    /// <summary>Adds everything <paramref name="other"/> has seen.</summary>
    public void Merge(RunningMoments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Merge(other.Count, other._mean, other.M2, other.Min, other.Max);
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Count = 0;
        _mean = 0;
        M2 = 0;
        Min = Max = double.NaN;
    }
}
