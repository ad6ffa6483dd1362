namespace Activa.Kernels;

/// <summary>A unit of parallel work: <see cref="Run"/> is called once for every index in [0, count).</summary>
/// <remarks>Implement it on a struct to keep the hot loop free of delegates; it is boxed once per call.</remarks>
public interface IParallelBody
{
    /// <summary>Runs work item <paramref name="index"/>. Items may run on any thread and in any order.</summary>
    void Run(int index);
}

/// <summary>
/// One fixed pool of worker threads, sized to the cores, shared by GEMM and by large elementwise and
/// reduction kernels.
/// </summary>
/// <remarks>
/// <para>The thread count comes from the <c>ACTIVA_THREADS</c> environment variable, else
/// <see cref="Environment.ProcessorCount"/>; <see cref="Threads"/> overrides it at run time.</para>
/// <para>Work is split into numbered items by the caller, never by timing, so any kernel that gives each
/// item its own output (or combines per-item partial results in item order) is deterministic.</para>
/// <para>Workers spin for <see cref="SpinMicroseconds"/> after each job before they sleep, so back-to-back
/// kernels (a training step, batch-1 inference) do not pay a thread wake-up each; a call made from inside a
/// work item runs serially on that thread. The caller always takes part, and waits only for items that
/// were started, never for a worker that is still waking up.</para>
/// </remarks>
public static class Parallelism
{
    private static readonly object Gate = new();
    private static Worker[] _workers = [];
    private static int _threads = DefaultThreads();
    private static Job? _current;

    [ThreadStatic] private static bool _insideWork;

    /// <summary>How long an idle worker keeps polling for the next job before it sleeps.</summary>
    public static int SpinMicroseconds { get; set; } = 200;

    /// <summary>Number of threads used by parallel kernels (the calling thread included). At least 1.</summary>
    public static int Threads
    {
        get => _threads;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "Threads must be at least 1.");
            lock (Gate) _threads = value;
        }
    }

    /// <summary>True while the current thread is running a work item (nested calls then run serially).</summary>
    public static bool InsideWork => _insideWork;

    private static int DefaultThreads()
    {
        var env = Environment.GetEnvironmentVariable("ACTIVA_THREADS");
        if (!string.IsNullOrWhiteSpace(env))
        {
            if (int.TryParse(env, out int n) && n >= 1) return n;
            throw new InvalidOperationException($"ACTIVA_THREADS must be a positive integer, got '{env}'.");
        }
        return Math.Max(1, Environment.ProcessorCount);
    }

    /// <summary>
    /// How many items to split <paramref name="work"/> units into so that each item has at least
    /// <paramref name="minWorkPerItem"/> units; at most <paramref name="maxItems"/>.
    /// </summary>
    public static int ItemsFor(long work, long minWorkPerItem, int maxItems)
    {
        if (work <= minWorkPerItem) return 1;
        long items = work / minWorkPerItem;
        return (int)Math.Clamp(items, 1, maxItems);
    }

    /// <summary>Runs <paramref name="body"/>.Run(i) for i in [0, <paramref name="count"/>) on the pool.</summary>
    public static void For<TBody>(int count, TBody body) where TBody : IParallelBody
    {
        if (count <= 0) return;
        if (count == 1 || _threads == 1 || _insideWork)
        {
            RunSerial(count, body);
            return;
        }
        lock (Gate)
        {
            EnsureWorkers(_threads - 1);
            var job = new Job(body, count);
            Volatile.Write(ref _current, job);
            int helpers = Math.Min(_threads - 1, count - 1);
            for (int w = 0; w < helpers; w++) _workers[w].Wake();
            job.Drain();
            var spin = new SpinWait();
            while (Volatile.Read(ref job.Completed) < count) spin.SpinOnce(-1);
            Volatile.Write(ref _current, null);
            if (job.Error is { } e) throw new AggregateException("A parallel work item failed.", e);
        }
    }

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>) on the pool.</summary>
    public static void For(int count, Action<int> body) => For(count, new ActionBody(body));

    /// <summary>
    /// Runs <paramref name="body"/>(r0, r1) over consecutive row ranges of [0, <paramref name="rows"/>), each (but the
    /// last) of the fewest rows that hold <paramref name="minElements"/> elements of <paramref name="width"/> per row;
    /// a single range runs on the calling thread, an empty input runs nothing.
    /// </summary>
    public static void ForRows(int rows, int width, int minElements, Action<int, int> body)
    {
        if (rows == 0 || width == 0) return;
        int per = Math.Max(1, minElements / width);
        int items = (rows + per - 1) / per;
        if (items == 1) body(0, rows);
        else For(items, i => body(i * per, Math.Min(rows, (i + 1) * per)));
    }

    private readonly struct ActionBody(Action<int> action) : IParallelBody
    {
        public void Run(int index) => action(index);
    }

    private static void RunSerial<TBody>(int count, TBody body) where TBody : IParallelBody
    {
        bool outer = !_insideWork;
        _insideWork = true;
        try
        {
            for (int i = 0; i < count; i++) body.Run(i);
        }
        finally
        {
            if (outer) _insideWork = false;
        }
    }

    private static void EnsureWorkers(int n)
    {
        if (_workers.Length >= n) return;
        var grown = new Worker[n];
        Array.Copy(_workers, grown, _workers.Length);
        for (int i = _workers.Length; i < n; i++) grown[i] = new Worker(i);
        _workers = grown;
    }

    /// <summary>One call of <see cref="For{TBody}"/>: items are claimed by Interlocked.Increment.</summary>
    private sealed class Job(IParallelBody body, int count)
    {
        private int _next = -1;
        public int Completed;
        public Exception? Error;

        public void Drain()
        {
            _insideWork = true;
            try
            {
                while (true)
                {
                    int i = Interlocked.Increment(ref _next);
                    if (i >= count) break;
                    try { body.Run(i); }
                    catch (Exception e) { Interlocked.CompareExchange(ref Error, e, null); }
                    Interlocked.Increment(ref Completed);
                }
            }
            finally { _insideWork = false; }
        }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"activa-worker-{index}" };
            thread.Start();
        }

        /// <summary>Called after a job is published: wakes the worker if it went to sleep.</summary>
        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1) _signal.Release();
        }

        private void Loop()
        {
            Job? last = null;
            while (true)
            {
                var job = Volatile.Read(ref _current);
                if (job != null && job != last)
                {
                    last = job;
                    job.Drain();
                    continue;
                }
                long deadline = System.Diagnostics.Stopwatch.GetTimestamp()
                    + SpinMicroseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000;
                while (Volatile.Read(ref _current) is var j && (j == null || j == last)
                       && System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
                    Thread.SpinWait(20);
                job = Volatile.Read(ref _current);
                if (job != null && job != last) continue;

                // Announce sleep with a full fence, then re-check: a job published in between is either
                // seen here or its publisher saw _sleeping == 1 and released the semaphore.
                Interlocked.Exchange(ref _sleeping, 1);
                job = Volatile.Read(ref _current);
                if (job != null && job != last)
                {
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0) _signal.Wait();
                    continue;
                }
                _signal.Wait();
            }
        }
    }
}
