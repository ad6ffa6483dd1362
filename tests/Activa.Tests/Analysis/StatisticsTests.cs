using Activa.Analysis;

namespace Activa.Tests.Analysis;

/// <summary>Running moments, histograms and per-unit statistics against values computed directly from the data.</summary>
public class StatisticsTests
{
    private static float[] RandomValues(int n, int seed, float scale = 3, float shift = 0)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(shift + scale * (rng.NextDouble() * 2 - 1)))];
    }

    private static (double Mean, double Variance) Direct(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return (mean, v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }

    [Fact]
    public void RunningMomentsMergedFromGroupsEqualOnePassOverTheConcatenation()
    {
        var a = RandomValues(37, 1, shift: 1000).Select(v => (double)v).ToArray();
        var b = RandomValues(5, 2, scale: 0.1f, shift: 1000).Select(v => (double)v).ToArray();
        var one = new RunningMoments();
        foreach (var v in a) one.Add(v);
        var two = new RunningMoments();
        foreach (var v in b) two.Add(v);
        one.Merge(two);
        var (mean, variance) = Direct(a.Concat(b));
        Assert.Equal(42, one.Count);
        Assert.Equal(mean, one.Mean, 9);
        Assert.Equal(variance, one.Variance, 9);
        Assert.Equal(variance * 42 / 41, one.SampleVariance, 9);
        Assert.Equal(a.Concat(b).Min(), one.Min);
        Assert.Equal(a.Concat(b).Max(), one.Max);
        Assert.True(double.IsNaN(new RunningMoments().Mean));
        Assert.Throws<ArgumentOutOfRangeException>(() => one.Merge(-1, 0, 0, 0, 0));
    }

    [Fact]
    public void HistogramEdgesAndCountsMatchTheDefinition()
    {
        var h = new Histogram(4, -1, 1);
        Assert.Equal([-1, -0.5, 0, 0.5, 1], h.Edges());
        // bins [−1,−0.5) [−0.5,0) [0,0.5) [0.5,1]; the right edge belongs to the last bin
        float[] values = [-1f, -0.75f, -0.5f, -0.1f, 0f, 0f, 0.25f, 0.5f, 0.99f, 1f, -1.01f, 1.5f, 7f, float.NaN];
        h.Add(values);
        Assert.Equal([2L, 2, 3, 3], h.Counts);
        Assert.Equal(1, h.Underflow);
        Assert.Equal(2, h.Overflow);
        Assert.Equal(1, h.NaNs);
        Assert.Equal(values.Length, h.Total);

        var scalar = new Histogram(4, -1, 1);
        foreach (var v in values) scalar.Add(v);
        Assert.Equal(h.Counts, scalar.Counts);
        Assert.Equal(-1, h.BinOf(-2));
        Assert.Equal(3, h.BinOf(1));
        Assert.Equal(4, h.BinOf(1.01));

        h.Merge(scalar);
        Assert.Equal([4L, 4, 6, 6], h.Counts);
        Assert.Throws<ArgumentException>(() => h.Merge(new Histogram(5, -1, 1)));
        Assert.Throws<ArgumentException>(() => new Histogram(0, -1, 1));
        Assert.Throws<ArgumentException>(() => new Histogram(3, 1, 1));
    }

    [Fact]
    public void HistogramOfManyValuesCountsEachOnce()
    {
        var values = RandomValues(10_001, 3, scale: 8);
        values[3] = float.NaN; // inside the vectorised part, as are the infinities and the edges
        values[100] = float.PositiveInfinity;
        values[200] = float.NegativeInfinity;
        values[300] = 6f;
        values[301] = -6f;
        var h = new Histogram(60, -6, 6);
        h.Add(values);
        var expected = new long[60];
        foreach (var v in values.Where(v => v >= -6 && v <= 6)) expected[Math.Min(59, (int)((v + 6.0) * 60 / 12))]++;
        Assert.Equal(expected, h.Counts);
        Assert.Equal(values.Count(v => v < -6), h.Underflow);
        Assert.Equal(values.Count(v => v > 6), h.Overflow);
        Assert.Equal(1, h.NaNs);
        var scalar = new Histogram(60, -6, 6);
        foreach (var v in values) scalar.Add(v);
        Assert.Equal(scalar.Counts, h.Counts);
    }

    [Fact]
    public void PerUnitStatisticsOverSeveralBatchesEqualThoseOfTheConcatenation()
    {
        const int units = 13; // not a multiple of the vector width: exercises the scalar tail
        var options = new ProbeOptions { Epsilon = 0.05f, Bins = 10, HistogramMin = -2, HistogramMax = 2 };
        var stats = new UnitStatistics(units, options);
        int[] batchRows = [7, 1, 20];
        var all = new List<float[]>();
        for (int b = 0; b < batchRows.Length; b++)
        {
            var data = RandomValues(batchRows[b] * units, 10 + b, scale: 2, shift: b * 0.5f);
            for (int i = 0; i < data.Length; i += 5) data[i] = 0; // exact zeros
            for (int r = 0; r < batchRows[b]; r++) all.Add(data[(r * units)..((r + 1) * units)]);
            long nonPositive = stats.Add(Tensor.FromArray(data, batchRows[b], units));
            Assert.Equal(data.Count(v => v <= 0), nonPositive);
        }
        Assert.Equal(28, stats.Rows);
        for (int j = 0; j < units; j++)
        {
            var column = all.Select(row => (double)row[j]).ToArray();
            var (mean, variance) = Direct(column);
            Assert.Equal(mean, stats.UnitMean(j), 12);
            Assert.Equal(variance, stats.UnitVariance(j), 12);
            Assert.Equal(column.Min(), stats.UnitMin(j));
            Assert.Equal(column.Max(), stats.UnitMax(j));
            Assert.Equal(column.Count(v => v == 0), stats.UnitZeros(j));
        }
        var flat = all.SelectMany(r => r).ToArray();
        var layer = stats.Layer();
        var (lm, lv) = Direct(flat.Select(v => (double)v));
        Assert.Equal(lm, layer.Mean, 12);
        Assert.Equal(lv, layer.Variance, 12);
        Assert.Equal(flat.Min(), layer.Min);
        Assert.Equal(flat.Max(), layer.Max);
        Assert.Equal((double)flat.Count(v => v == 0) / flat.Length, stats.ZeroFraction, 12);
        Assert.Equal((double)flat.Count(v => Math.Abs(v) < 0.05f) / flat.Length, stats.SmallFraction, 12);
        Assert.Equal((double)flat.Count(v => v <= 0) / flat.Length, stats.NonPositiveFraction, 12);
        Assert.True(double.IsNaN(stats.SaturatedFraction)); // no bounds given
        var expected = new Histogram(10, -2, 2);
        expected.Add(flat);
        Assert.Equal(expected.Counts, stats.Histogram.Counts);
        Assert.Equal(flat.Length, stats.Histogram.Total);

        stats.Reset();
        Assert.Equal(0, stats.Rows);
        Assert.True(double.IsNaN(stats.UnitMean(0)));
        Assert.Throws<ShapeMismatchException>(() => stats.Add(Tensor.Zeros([2, units + 1])));
    }

    [Fact]
    public void WithoutHistogramsTheMomentsAreTheSameAndTheHistogramStaysEmpty()
    {
        var x = Tensor.Randn([40, 9], new Generator(4));
        var with = new UnitStatistics(9, new ProbeOptions());
        var without = new UnitStatistics(9, new ProbeOptions { Histograms = false });
        with.Add(x);
        without.Add(x);
        Assert.Equal(0, without.Histogram.Total);
        Assert.Equal(360, with.Histogram.Total);
        Assert.Equal(with.Layer().Variance, without.Layer().Variance);
        Assert.Equal(with.ZeroFraction, without.ZeroFraction);
    }

    [Fact]
    public void RankThreeBatchesCountDimensionOneAsTheUnit()
    {
        // [N=2, C=3, L=2]: unit c holds x[n, c, l] for every n and l
        float[] data = [1, 2, 0, 0, 5, 6, 7, 8, 0, 0, 11, 12];
        var stats = new UnitStatistics(3, new ProbeOptions());
        stats.Add(Tensor.FromArray(data, 2, 3, 2));
        Assert.Equal(4, stats.Rows);
        Assert.Equal((1 + 2 + 7 + 8) / 4.0, stats.UnitMean(0), 12);
        Assert.Equal(0, stats.UnitMean(1), 12);
        Assert.Equal((5 + 6 + 11 + 12) / 4.0, stats.UnitMean(2), 12);
        Assert.Equal([1], stats.StaticDeadUnits());
        Assert.Equal(1.0 / 3, stats.StaticDeadFraction, 12);
    }

    [Fact]
    public void InvalidOptionsAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new ProbeOptions { Epsilon = 0 }.Validate());
        Assert.Contains("Epsilon", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ProbeOptions { HistogramMin = 1, HistogramMax = -1 }.Validate());
        Assert.Contains("HistogramMin", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ProbeOptions { SaturationTolerance = 0.7 }.Validate());
        Assert.Contains("SaturationTolerance", e.Message);
        Assert.Throws<ArgumentException>(() => new UnitStatistics(0, new ProbeOptions()));
    }
}
