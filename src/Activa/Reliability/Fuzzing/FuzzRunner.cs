using System.Text;

namespace Activa.Reliability.Fuzzing;

/// <summary>
/// Runs a <see cref="FuzzTarget"/> on its seeds, then on mutated copies of them (<see cref="Mutator"/>), each input
/// written to a file and parsed on a worker thread under a time bound and an allocation bound. Counts inputs accepted,
/// rejected cleanly (an allowed exception) and failed (any other exception, a hang, an excessive allocation, or a seed
/// that does not parse), and saves the first input of each kind of failure for replay.
/// </summary>
public static class FuzzRunner
{
    /// <summary>Fuzzes <paramref name="target"/>; <paramref name="progress"/> receives the number of inputs done now and then.</summary>
    /// <exception cref="ArgumentException">Invalid <paramref name="options"/>.</exception>
    public static FuzzReport Run(FuzzTarget target, FuzzOptions? options = null, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new FuzzOptions();
        options.Validate();
        bool ownWork = options.WorkDirectory is null;
        string work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("activa-fuzz-").FullName;
        Directory.CreateDirectory(work);
        string scratch = Path.Combine(work, $"seeds-{target.Name}");
        Directory.CreateDirectory(scratch);
        var seeds = target.Seeds(scratch);
        var run = new Session(target, options, seeds, Path.Combine(work, $"input-{target.Name}{target.Extension}"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The inputs run on a thread of their own, one after the other (no hand-over per input); this thread watches the
        // clock of the current input and gives up on the run when one hangs (the busy thread is left behind).
        var thread = new Thread(run.Loop, 16 << 20) { IsBackground = true, Name = $"activa-fuzz-{target.Name}" };
        thread.Start();
        string? stopped = null;
        while (!thread.Join(TimeSpan.FromMilliseconds(50)))
        {
            progress?.Invoke(Volatile.Read(ref run.Done));
            long started = Volatile.Read(ref run.StartedAt);
            if (started != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(started) > options.Timeout + options.Timeout)
            {
                int input = Volatile.Read(ref run.Current);
                run.Hung(input);
                stopped = $"stopped at input {input}, which hung (no result after {2 * options.Timeout.TotalSeconds:0.#} s; its thread is still busy)";
                break;
            }
        }
        progress?.Invoke(Volatile.Read(ref run.Done));
        if (run.Crash is { } crash) throw new InvalidOperationException($"The fuzz runner failed on {target.Name}: {crash.Message}", crash);
        if (ownWork && stopped is null)
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        lock (run)
            return new FuzzReport(target.Name, run.Done, run.Rejected, run.Accepted, run.Failed, clock.Elapsed,
                [.. run.Failures.Values.OrderByDescending(f => f.Count)], stopped);
    }

    /// <summary>Parses one file with <paramref name="target"/> under the bounds of <paramref name="options"/>: a saved failing input, replayed.</summary>
    /// <returns>The verdict, and for a rejection or failure what happened.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static (FuzzVerdict Verdict, string? Detail) Replay(FuzzTarget target, string path, FuzzOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new FuzzOptions();
        options.Validate();
        if (!File.Exists(path)) throw new FileNotFoundException($"Fuzz input not found: {path}", path);
        (FuzzVerdict, string?, string?) result = (FuzzVerdict.Failed, "hang", $"no result after {options.Timeout.TotalSeconds:0.###} s");
        var thread = new Thread(() => result = RunOne(target, path, options), 16 << 20) { IsBackground = true };
        thread.Start();
        thread.Join(options.Timeout + options.Timeout);
        var (verdict, signature, message) = result;
        return (verdict, message is null ? signature : $"{signature}: {message}");
    }

    /// <summary>
    /// Parses one file on the current thread and judges the outcome (time, allocation, exception type). A parse over
    /// the time bound is repeated once: on a loaded machine a pause can stretch one parse, while a slow parser is slow
    /// every time.
    /// </summary>
    private static (FuzzVerdict Verdict, string? Signature, string? Message) RunOne(FuzzTarget target, string path, FuzzOptions options)
    {
        var first = Attempt(target, path, options);
        return first.Signature == "slow" ? Attempt(target, path, options) : first;
    }

    private static (FuzzVerdict Verdict, string? Signature, string? Message) Attempt(FuzzTarget target, string path, FuzzOptions options)
    {
        Exception? error = null;
        long before = GC.GetAllocatedBytesForCurrentThread(), started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            target.Parse(path);
        }
        catch (Exception e)
        {
            error = e;
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (elapsed > options.Timeout)
            return (FuzzVerdict.Failed, "slow", $"took {elapsed.TotalSeconds:0.###} s (bound {options.Timeout.TotalSeconds:0.###} s)");
        if (allocated > options.MaxAllocatedBytes)
            return (FuzzVerdict.Failed, $"allocation ({(error is null ? "accepted" : error.GetType().Name)})",
                $"allocated {allocated >> 20} MiB (bound {options.MaxAllocatedBytes >> 20} MiB) for a {new FileInfo(path).Length}-byte input" + (error is null ? "" : $": {error.Message}"));
        if (error is null) return (FuzzVerdict.Accepted, null, null);
        if (target.IsAllowed(error)) return (FuzzVerdict.Rejected, error.GetType().Name, error.Message);
        var site = error.TargetSite is { } m ? $"{m.DeclaringType?.Name}.{m.Name}" : "?";
        string top = error.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
        return (FuzzVerdict.Failed, $"{error.GetType().Name} in {site}", $"{error.Message} ({top})");
    }

    /// <summary>The state of one target's run, shared by the thread that runs the inputs and the one that watches it.</summary>
    private sealed class Session(FuzzTarget target, FuzzOptions options, IReadOnlyList<byte[]> seeds, string input)
    {
        public readonly Dictionary<string, FuzzFailure> Failures = new(StringComparer.Ordinal);
        public int Done, Accepted, Rejected, Failed, Current;
        public volatile bool Stop;
        public long StartedAt;
        public Exception? Crash;
        private byte[] _bytes = [];
        private string _mutations = "";

        public void Loop()
        {
            try
            {
                var lengthFields = seeds.Select(target.LengthFields).ToArray();
                var mutator = new Mutator(options.Seed ^ Fnv(target.Name));
                for (int i = 0; i < options.Inputs && !Stop; i++)
                {
                    bool isSeed = i < seeds.Count;
                    var bytes = isSeed ? seeds[i] : mutator.Mutate(seeds[i % seeds.Count], target.IsText, lengthFields[i % seeds.Count]);
                    string mutations = isSeed ? "none (a seed)" : string.Join(" + ", mutator.LastMutations);
                    File.WriteAllBytes(input, bytes);
                    lock (this)
                    {
                        (_bytes, _mutations, Current) = (bytes, mutations, i);
                        Volatile.Write(ref StartedAt, System.Diagnostics.Stopwatch.GetTimestamp());
                    }
                    var (verdict, signature, message) = RunOne(target, input, options);
                    lock (this)
                    {
                        if (Stop) return; // given up on as hung: the watcher has counted it
                        Volatile.Write(ref StartedAt, 0);
                        if (isSeed && verdict == FuzzVerdict.Rejected) (verdict, signature) = (FuzzVerdict.Failed, "seed rejected: " + signature);
                        Record(i, verdict, signature, message);
                    }
                }
            }
            catch (Exception e)
            {
                Crash = e;
            }
        }

        public void Hung(int index)
        {
            lock (this)
            {
                Stop = true;
                Record(index, FuzzVerdict.Failed, "hang", $"no result after {2 * options.Timeout.TotalSeconds:0.#} s");
            }
        }

        private void Record(int index, FuzzVerdict verdict, string? signature, string? message)
        {
            Done++;
            switch (verdict)
            {
                case FuzzVerdict.Accepted: Accepted++; break;
                case FuzzVerdict.Rejected: Rejected++; break;
                default:
                    Failed++;
                    if (Failures.TryGetValue(signature!, out var seen)) Failures[signature!] = seen with { Count = seen.Count + 1 };
                    else Failures[signature!] = new FuzzFailure(signature!, message!, 1, index, _mutations, Save(options.SaveFailures, target, Failures.Count, _bytes, signature!, message!, _mutations));
                    break;
            }
        }
    }

    private static string? Save(string? folder, FuzzTarget target, int index, byte[] bytes, string signature, string message, string mutations)
    {
        if (folder is null) return null;
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{target.Name}-{index}{target.Extension}");
        File.WriteAllBytes(path, bytes);
        File.WriteAllText(path + ".txt", new StringBuilder()
            .AppendLine($"parser: {target.Name}").AppendLine($"failure: {signature}").AppendLine($"message: {message}")
            .AppendLine($"mutations: {mutations}").AppendLine($"replay: activa fuzz --parser {target.Name} --replay {path}").ToString());
        return path;
    }

    /// <summary>FNV-1a of the name: a per-target stream of inputs that does not depend on the order targets run in.</summary>
    private static ulong Fnv(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name) h = (h ^ c) * 1099511628211UL;
        return h;
    }
}
