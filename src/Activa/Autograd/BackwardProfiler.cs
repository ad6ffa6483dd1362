using System.Diagnostics;

namespace Activa.Autograd;

/// <summary>
/// Times the backward function of every autograd node run on the thread that started it, summed by op name
/// ("linear", "relu", "cross_entropy", ...), until disposed. Forward ops, losses and optimiser steps can be timed
/// from outside with a stopwatch; the backward pass is one call, and this is how to see inside it. What
/// <see cref="Tensor.Backward"/> spends outside the nodes (ordering the graph, routing and accumulating
/// gradients, returning buffers to the pool) is its wall time minus <see cref="Elapsed"/>.
/// </summary>
/// <remarks>
/// Off unless started, and then only on the starting thread: a backward pass on another thread (a parallel
/// test, a server request) is neither slowed nor counted. When off, each node pays one thread-static read.
/// A node's time is wall time on the calling thread, so it includes the worker threads its kernels used.
/// </remarks>
/// <example><code>
/// using var profile = BackwardProfiler.Start();
/// loss.Backward();
/// foreach (var (op, t) in profile.Ops) Console.WriteLine($"{op}: {t.Elapsed.TotalMicroseconds} µs in {t.Calls} calls");
/// </code></example>
public sealed class BackwardProfiler : IDisposable
{
    [ThreadStatic] private static BackwardProfiler? _current;

    private readonly Dictionary<string, OpTicks> _ops = [];
    private readonly BackwardProfiler? _outer;
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private bool _disposed;

    private sealed class OpTicks
    {
        public long Calls;
        public long Ticks;
    }

    private BackwardProfiler(BackwardProfiler? outer) => _outer = outer;

    /// <summary>True while a profiler started on this thread is recording.</summary>
    public static bool IsActive => _current != null;

    /// <summary>
    /// Starts recording the backward passes of this thread. Profilers nest: an inner one records alone until it
    /// is disposed, then the outer one resumes.
    /// </summary>
    public static BackwardProfiler Start() => _current = new BackwardProfiler(_current);

    /// <summary>Calls and time per op name, so far.</summary>
    public IReadOnlyDictionary<string, (long Calls, TimeSpan Elapsed)> Ops =>
        _ops.ToDictionary(p => p.Key, p => (p.Value.Calls, Stopwatch.GetElapsedTime(0, p.Value.Ticks)));

    /// <summary>Time spent in node backward functions, all ops together.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, _ops.Values.Sum(o => o.Ticks));

    /// <summary>Forgets what was recorded; recording goes on.</summary>
    public void Reset() => _ops.Clear();

    /// <summary>Stops recording (what was recorded stays readable).</summary>
    /// <exception cref="InvalidOperationException">Disposed on another thread, or while a profiler started inside it is still recording.</exception>
    public void Dispose()
    {
        if (_disposed) return;
        if (Environment.CurrentManagedThreadId != _threadId || !ReferenceEquals(_current, this))
            throw new InvalidOperationException("A BackwardProfiler must be disposed on the thread that started it, innermost first.");
        _current = _outer;
        _disposed = true;
    }

    /// <summary>Runs <paramref name="backward"/> for node <paramref name="op"/>, timed when a profiler records on this thread.</summary>
    internal static Tensor?[] Run(string op, Func<Tensor, Tensor?[]> backward, Tensor g)
    {
        var profiler = _current;
        if (profiler == null) return backward(g);
        long start = Stopwatch.GetTimestamp();
        var result = backward(g);
        long ticks = Stopwatch.GetTimestamp() - start;
        if (!profiler._ops.TryGetValue(op, out var entry)) profiler._ops[op] = entry = new OpTicks();
        entry.Calls++;
        entry.Ticks += ticks;
        return result;
    }
}
