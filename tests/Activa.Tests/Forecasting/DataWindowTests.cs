using Activa.Data.Forecasting;

namespace Activa.Tests.Forecasting;

public class DataWindowTests
{
    private const int T = 20, C = 3;

    /// <summary>Value at (t, c) = 100·t + c, so every copied value tells its row and channel.</summary>
    private static float[] Numbered()
    {
        var v = new float[T * C];
        for (int t = 0; t < T; t++)
            for (int c = 0; c < C; c++) v[t * C + c] = 100 * t + c;
        return v;
    }

    [Fact]
    public void MultivariateWindowsHoldRowsIToIPlusLAndTargetsTheNextH()
    {
        // Rows [2, 17): 15 rows, L = 4, H = 3 → 15 − 4 − 3 + 1 = 9 windows; batches of 4 → 4, 4, 1 (the last kept).
        var ds = new WindowDataset(Numbered(), C, new RowRange(2, 17), 4, 3, ChannelMode.Multivariate);
        Assert.Equal(9, ds.Windows);
        Assert.Equal(9, ds.Count);
        Assert.Equal(3, ds.BatchCount(4));
        var batches = ds.Batches(4, shuffle: false).ToList();
        Assert.Equal([4, 4, 1], batches.Select(b => b.Input.Shape[0]));
        int w = 0;
        foreach (var (input, target) in batches)
        {
            Assert.Equal([input.Shape[0], 4, C], input.Shape.ToArray());
            Assert.Equal([input.Shape[0], 3, C], target.Shape.ToArray());
            for (int b = 0; b < input.Shape[0]; b++, w++)
            {
                int row = 2 + w;
                Assert.Equal(row, ds.InputStart(w));
                Assert.Equal(row + 4, ds.TargetStart(w));
                Assert.Null(ds.ChannelOf(w));
                for (int j = 0; j < 4; j++)
                    for (int c = 0; c < C; c++) Assert.Equal(100 * (row + j) + c, input[b, j, c]);
                for (int j = 0; j < 3; j++)
                    for (int c = 0; c < C; c++) Assert.Equal(100 * (row + 4 + j) + c, target[b, j, c]);
            }
        }
        Assert.Equal(9, w);
        // The last window's target ends at the range's last row.
        Assert.Equal(16, ds.TargetStart(8) + 3 - 1);
    }

    [Fact]
    public void ChannelIndependentSamplesAreWindowsTimesChannelsWithOneChannelEach()
    {
        var ds = new WindowDataset(Numbered(), C, new RowRange(2, 17), 4, 3, ChannelMode.ChannelIndependent);
        Assert.Equal(9, ds.Windows);
        Assert.Equal(9 * C, ds.Count);
        Assert.Equal(1, ds.SampleChannels);
        // Sample 5 = window 1, channel 2.
        Assert.Equal(1, ds.WindowOf(5));
        Assert.Equal(2, ds.ChannelOf(5));
        var (input, target) = ds.Batch([5, 0]);
        Assert.Equal([2, 4, 1], input.Shape.ToArray());
        Assert.Equal([2, 3, 1], target.Shape.ToArray());
        for (int j = 0; j < 4; j++)
        {
            Assert.Equal(100 * (3 + j) + 2, input[0, j, 0]);
            Assert.Equal(100 * (2 + j), input[1, j, 0]);
        }
        for (int j = 0; j < 3; j++) Assert.Equal(100 * (7 + j) + 2, target[0, j, 0]);
        Assert.Equal(7, ds.BatchCount(4));
        Assert.Equal(27, ds.Batches(4, false).Sum(b => b.Input.Shape[0]));
    }

    [Fact]
    public void ShuffledPassesVisitEverySampleOnceAndRepeatWithTheSeed()
    {
        var ds = new WindowDataset(Numbered(), C, new RowRange(0, T), 5, 2, ChannelMode.ChannelIndependent);
        List<float> Firsts(ulong seed) =>
            [.. ds.Batches(5, shuffle: true, new Generator(seed)).SelectMany(b => Enumerable.Range(0, b.Input.Shape[0]).Select(i => b.Input[i, 0, 0]))];
        var a = Firsts(7);
        Assert.Equal(ds.Count, a.Count);
        var expected = Enumerable.Range(0, ds.Count).Select(i => (float)(100 * ds.InputStart(i) + ds.ChannelOf(i)!.Value)).Order();
        Assert.Equal(expected, a.Order());
        Assert.Equal(a, Firsts(7));
        Assert.NotEqual(a, Firsts(8));
        Assert.NotEqual(expected, a);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var v = Numbered();
        var e = Assert.Throws<ArgumentException>(() => new WindowDataset(v, C, new RowRange(10, 16), 4, 3, ChannelMode.Multivariate));
        Assert.Contains("rows [10, 16) are 6, fewer than L + H = 4 + 3 (series shorter than L + H)", e.Message);
        Assert.Contains("outside the 20 steps", Assert.Throws<ArgumentException>(() => new WindowDataset(v, C, new RowRange(0, 21), 4, 3, ChannelMode.Multivariate)).Message);
        Assert.Contains("not rows of 7", Assert.Throws<ArgumentException>(() => new WindowDataset(v, 7, new RowRange(0, 5), 1, 1, ChannelMode.Multivariate)).Message);
        var ds = new WindowDataset(v, C, new RowRange(0, T), 4, 3, ChannelMode.Multivariate);
        Assert.Throws<ArgumentException>(() => ds.Batches(0, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Batch([ds.Count]));
        Assert.Throws<ArgumentException>(() => ds.Batch([]));
    }

    [Fact]
    public void ALongWindowBatchIsCheap()
    {
        // 32 windows of L = 336, H = 96 over 7 channels: one batch is ~100k floats copied; 100 of them must take well
        // under a second even on a loaded 2-core machine (a model's step at this size takes milliseconds).
        var s = SyntheticSeries.Generate(new() { Length = 4000, Channels = 7 });
        var ds = new WindowDataset(s, new RowRange(0, s.Length), 336, 96, ChannelMode.Multivariate);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int n = ds.Batches(32, shuffle: true, new Generator(1)).Take(100).Count();
        Assert.Equal(100, n);
        Assert.True(sw.ElapsedMilliseconds < 2000, $"100 batches took {sw.ElapsedMilliseconds} ms");
    }
}
