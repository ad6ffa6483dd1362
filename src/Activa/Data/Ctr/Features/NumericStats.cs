namespace Activa.Data.Ctr.Features;

/// <summary>
/// The fitted statistics of a numeric field: mean and standard deviation of the (log1p-)transformed training values,
/// computed in double in one pass (Welford), and for <see cref="NumericTransform.Buckets"/> the bucket boundaries, the
/// quantiles of a uniform reservoir sample of at most <c>sampleSize</c> training values (so fitting holds at most that
/// many doubles per bucketised field, whatever the file size).
/// </summary>
public sealed class NumericStats
{
    /// <summary>The transform.</summary>
    public NumericTransform Transform { get; }
    /// <summary>Mean of the transformed training values.</summary>
    public double Mean { get; }
    /// <summary>Standard deviation (population) of the transformed training values; 1 when they are constant or absent.</summary>
    public double StdDev { get; }
    /// <summary>Number of training values (missing ones excluded unless the missing policy is zero).</summary>
    public long Count { get; }
    /// <summary>Bucket boundaries, strictly increasing (empty unless bucketised): a value x gets id 2 + #{boundaries ≤ x}.</summary>
    public IReadOnlyList<double> Boundaries { get; }

    /// <summary>Number of ids of a bucketised field (padding, missing, buckets).</summary>
    public int Size => Vocabulary.FirstKnown + Boundaries.Count + 1;

    internal NumericStats(NumericTransform transform, double mean, double stdDev, long count, double[] boundaries)
    {
        Transform = transform;
        Mean = mean;
        StdDev = stdDev;
        Count = count;
        Boundaries = boundaries;
    }

    /// <summary>sign(x)·log(1 + |x|): log1p that also takes negative values (Criteo's I2 has some).</summary>
    public static double SignedLog1p(double x) => Math.CopySign(Math.Log(1 + Math.Abs(x)), x);

    /// <summary>The standardised value of raw <paramref name="x"/> (not for bucketised fields).</summary>
    public float Standardize(double x)
    {
        double t = Transform == NumericTransform.Log1pStandardize ? SignedLog1p(x) : x;
        return (float)((t - Mean) / StdDev);
    }

    /// <summary>The bucket id of raw <paramref name="x"/>: 2 + the number of boundaries ≤ x.</summary>
    public int Bucket(double x)
    {
        int lo = 0, hi = Boundaries.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Boundaries[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return Vocabulary.FirstKnown + lo;
    }
}

/// <summary>Accumulates a numeric field's statistics in one pass with bounded memory.</summary>
internal sealed class NumericAccumulator
{
    private readonly FieldSpec _spec;
    private readonly double[] _sample;
    private readonly Generator _rng;
    private long _n, _sampled;
    private double _mean, _m2;

    public NumericAccumulator(FieldSpec spec, int sampleSize, ulong seed)
    {
        _spec = spec;
        _sample = spec.Transform == NumericTransform.Buckets ? new double[sampleSize] : [];
        _rng = new Generator(seed);
    }

    public void Add(double x)
    {
        double t = _spec.Transform == NumericTransform.Log1pStandardize ? NumericStats.SignedLog1p(x) : x;
        _n++;
        double d = t - _mean;
        _mean += d / _n;
        _m2 += d * (t - _mean);
        if (_sample.Length == 0) return;
        // Reservoir sampling (algorithm R): every value seen so far is in the sample with equal probability.
        if (_sampled < _sample.Length) _sample[_sampled++] = x;
        else
        {
            long j = (long)(_rng.NextDouble() * _n);
            if (j < _sample.Length) _sample[j] = x;
        }
    }

    public NumericStats Build()
    {
        double sd = _n > 0 ? Math.Sqrt(_m2 / _n) : 0;
        if (!(sd > 1e-12)) sd = 1;
        double[] boundaries = [];
        if (_spec.Transform == NumericTransform.Buckets && _sampled > 0)
        {
            var s = _sample.AsSpan(0, (int)_sampled).ToArray();
            Array.Sort(s);
            int buckets = _spec.Buckets!.Value;
            var cuts = new List<double>();
            for (int k = 1; k < buckets; k++)
            {
                double q = s[(int)((long)k * s.Length / buckets)];
                if (cuts.Count == 0 || q > cuts[^1]) cuts.Add(q);
            }
            // A boundary equal to the smallest value would leave bucket 2 empty.
            if (cuts.Count > 0 && cuts[0] <= s[0]) cuts.RemoveAt(0);
            boundaries = [.. cuts];
        }
        return new NumericStats(_spec.Transform, _n > 0 ? _mean : 0, sd, _n, boundaries);
    }
}
