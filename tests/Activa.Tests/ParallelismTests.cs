using Activa.Kernels;

namespace Activa.Tests;

public class ParallelismTests
{
    [Fact]
    public void EveryItemRunsExactlyOnce()
    {
        var hits = new int[1000];
        Parallelism.For(hits.Length, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void NestedCallsRunSerially()
    {
        var hits = new int[64];
        Parallelism.For(8, i => Parallelism.For(8, j => Interlocked.Increment(ref hits[i * 8 + j])));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void ExceptionsPropagate()
    {
        var e = Assert.Throws<AggregateException>(() =>
            Parallelism.For(10, i => { if (i == 7) throw new InvalidOperationException("item 7"); }));
        Assert.Contains("item 7", e.InnerException!.Message);
    }

    [Fact]
    public void ThreadsRejectsZero() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Threads = 0);
}
