using System.Diagnostics;
using Activa.Autograd;
using Activa.Losses;
using Activa.Nn;

namespace Activa.Tests.Tensors;

/// <summary>BackwardProfiler: off unless started, per-op times of a real step that fit inside its wall time, thread scope, nesting.</summary>
public class BackwardProfilerTests
{
    /// <summary>A tiny Linear → ReLU → Linear → cross-entropy step, up to the loss; also returns the ReLU output's op name.</summary>
    private static (Tensor Loss, string ActOp) TinyStep(int seed)
    {
        var g = new Generator((ulong)seed);
        var model = new Sequential(new Linear(6, 16, generator: g), new Act("relu"), new Linear(16, 3, generator: g));
        var x = Tensor.Rand([8, 6], g);
        var hidden = model.Layers[1].Forward(model.Layers[0].Forward(x));
        var logits = model.Layers[2].Forward(hidden);
        return (Loss.CrossEntropy(logits, [0, 1, 2, 0, 1, 2, 0, 1]), hidden.GradFn!.Op);
    }

    [Fact]
    public void OffByDefaultAndAfterDispose()
    {
        Assert.False(BackwardProfiler.IsActive);
        TinyStep(1).Loss.Backward(); // nobody records this one
        var profiler = BackwardProfiler.Start();
        Assert.True(BackwardProfiler.IsActive);
        Assert.Empty(profiler.Ops);
        profiler.Dispose();
        Assert.False(BackwardProfiler.IsActive);
        TinyStep(2).Loss.Backward();
        Assert.Empty(profiler.Ops);
        Assert.Equal(TimeSpan.Zero, profiler.Elapsed);
    }

    [Fact]
    public void RecordsEachOpOfATinyStepWithinItsWallTime()
    {
        var (loss, actOp) = TinyStep(3);
        Assert.StartsWith("relu", actOp);
        Dictionary<string, (long Calls, TimeSpan Elapsed)> ops;
        TimeSpan wall, total;
        using (var profiler = BackwardProfiler.Start())
        {
            long t0 = Stopwatch.GetTimestamp();
            loss.Backward();
            wall = Stopwatch.GetElapsedTime(t0);
            ops = profiler.Ops.ToDictionary();
            total = profiler.Elapsed;
        }
        Assert.Equal(["cross_entropy", "linear", actOp], ops.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, ops["linear"].Calls);
        Assert.Equal(1, ops[actOp].Calls);
        Assert.Equal(1, ops["cross_entropy"].Calls);
        Assert.All(ops.Values, o => Assert.True(o.Elapsed >= TimeSpan.Zero, $"negative time {o.Elapsed}"));
        Assert.True(total > TimeSpan.Zero);
        Assert.Equal(ops.Values.Sum(o => o.Elapsed.Ticks), total.Ticks, tolerance: ops.Count); // TimeSpan rounding
        Assert.True(total <= wall, $"nodes took {total.TotalMicroseconds} µs, more than the whole pass, {wall.TotalMicroseconds} µs");
    }

    [Fact]
    public void AccumulatesOverStepsAndResets()
    {
        using var profiler = BackwardProfiler.Start();
        TinyStep(4).Loss.Backward();
        TinyStep(5).Loss.Backward();
        Assert.Equal(4, profiler.Ops["linear"].Calls);
        profiler.Reset();
        Assert.Empty(profiler.Ops);
        TinyStep(6).Loss.Backward();
        Assert.Equal(2, profiler.Ops["linear"].Calls);
    }

    [Fact]
    public void RecordsOnlyTheStartingThread()
    {
        using var profiler = BackwardProfiler.Start();
        var other = new Thread(() =>
        {
            Assert.False(BackwardProfiler.IsActive);
            TinyStep(7).Loss.Backward();
        });
        other.Start();
        other.Join();
        Assert.Empty(profiler.Ops);
    }

    [Fact]
    public void NestedProfilerRecordsAloneThenOuterResumes()
    {
        using var outer = BackwardProfiler.Start();
        var inner = BackwardProfiler.Start();
        Assert.Throws<InvalidOperationException>(outer.Dispose); // innermost first
        TinyStep(8).Loss.Backward();
        inner.Dispose();
        TinyStep(9).Loss.Backward();
        Assert.Equal(2, inner.Ops["linear"].Calls);
        Assert.Equal(2, outer.Ops["linear"].Calls);
    }
}
