using System.Diagnostics;

namespace Activa.Bench;

/// <summary>Repeated-call timing shared by the kernel benchmarks.</summary>
internal static class Timing
{
    /// <summary>Median milliseconds per call over 9 repetitions of ≥ 50 ms after a 1 s warm-up (long enough for tiered JIT to settle).</summary>
    public static double Median(Action f)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 20 || clock.Elapsed.TotalSeconds < 1.0) { f(); calls++; }
        int per = Math.Max(1, (int)Math.Ceiling(0.05 / (clock.Elapsed.TotalSeconds / calls)));
        var times = new List<double>();
        for (int r = 0; r < 9; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < per; i++) f();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / per);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
