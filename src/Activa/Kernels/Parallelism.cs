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
/// <para>Workers spin briefly before sleeping, so back-to-back small kernels (batch-1 inference) do not
/// pay a wake-up each; a call made from inside a work item runs serially on that thread.</para>
/// </remarks>
public static class Parallelism
{
    private static readonly object Gate = new();
    private static Worker[] _workers = [];
    private static int _threads = DefaultThreads();

    [ThreadStatic] private static bool _insideWork;

    // The job being run. Items are claimed with Interlocked.Increment on _next.
    private static IParallelBody? _body;
    private static int _count;
    private static int _next;
    private static int _pending;
    private static Exception? _error;

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
            _body = body;
            _count = count;
            _next = -1;
            _error = null;
            int helpers = Math.Min(_workers.Length, count - 1);
            _pending = helpers + 1;
            for (int w = 0; w < helpers; w++) _workers[w].Wake();
            Drain();
            Interlocked.Decrement(ref _pending);
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(-1);
            _body = null;
            if (_error is { } e) throw new AggregateException("A parallel work item failed.", e);
        }
    }

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>) on the pool.</summary>
    public static void For(int count, Action<int> body) => For(count, new ActionBody(body));

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

    private static void Drain()
    {
        var body = _body!;
        int count = _count;
        _insideWork = true;
        try
        {
            while (true)
            {
                int i = Interlocked.Increment(ref _next);
                if (i >= count) break;
                try { body.Run(i); }
                catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
            }
        }
        finally { _insideWork = false; }
    }

    private static void EnsureWorkers(int n)
    {
        if (_workers.Length >= n) return;
        var grown = new Worker[n];
        Array.Copy(_workers, grown, _workers.Length);
        for (int i = _workers.Length; i < n; i++) grown[i] = new Worker(i);
        _workers = grown;
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _signal = new(0);

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"activa-worker-{index}" };
            thread.Start();
        }

        public void Wake() => _signal.Release();

        private void Loop()
        {
            while (true)
            {
                _signal.Wait();
                Drain();
                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
