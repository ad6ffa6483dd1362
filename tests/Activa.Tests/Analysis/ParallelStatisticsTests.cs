using Activa.Analysis;
using Activa.Kernels;

namespace Activa.Tests.Analysis;

/// <summary>Large batches split over the thread pool give the same statistics as one thread and as direct computation.</summary>
[Collection("GlobalSettings")]
public class ParallelStatisticsTests
{
    [Fact]
    public void SplitBatchesMatchOneThreadBitForBitAndTheDirectValues()
    {
        const int rows = 300, units = 517; // 155k values: several work items; 517 leaves a ragged last column block
        var x = Tensor.Randn([rows, units], new Generator(7));
        var data = x.ToArray();
        for (int i = 0; i < data.Length; i += 3) data[i] = 0;
        x = Tensor.FromArray(data, rows, units);
        int saved = Parallelism.Threads;
        UnitStatistics Run(int threads)
        {
            Parallelism.Threads = threads;
            var s = new UnitStatistics(units, new ProbeOptions { Bins = 16, HistogramMin = -3, HistogramMax = 3 });
            s.Add(x);
            s.Add(x.Narrow(0, 0, 10));
            return s;
        }
        UnitStatistics one, four;
        try
        {
            one = Run(1);
            four = Run(4);
        }
        finally
        {
            Parallelism.Threads = saved;
        }
        Assert.Equal(one.Histogram.Counts, four.Histogram.Counts);
        Assert.Equal(one.Histogram.Underflow + one.Histogram.Overflow, four.Histogram.Underflow + four.Histogram.Overflow);
        for (int j = 0; j < units; j++)
        {
            Assert.Equal(one.UnitMean(j), four.UnitMean(j));
            Assert.Equal(one.UnitVariance(j), four.UnitVariance(j));
            Assert.Equal(one.UnitZeros(j), four.UnitZeros(j));
        }
        // unit 5 directly: the 300 rows then the first 10 again
        var column = Enumerable.Range(0, rows).Concat(Enumerable.Range(0, 10)).Select(r => (double)data[r * units + 5]).ToArray();
        double mean = column.Average();
        Assert.Equal(mean, four.UnitMean(5), 12);
        Assert.Equal(column.Sum(v => (v - mean) * (v - mean)) / column.Length, four.UnitVariance(5), 12);
        var expected = new Histogram(16, -3, 3);
        expected.Add(data);
        expected.Add(data.AsSpan(0, 10 * units));
        Assert.Equal(expected.Counts, four.Histogram.Counts);
        Assert.Equal(310L * units, four.Histogram.Total);
    }
}
