using System.Diagnostics;
using Activa.Data;
using Activa.Data.Ctr;
using Activa.Kernels;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Scoring;

namespace Activa.Bench;

/// <summary>
/// Scoring latency (issue 13): one user with 50 behaviours against 100 candidates, DIN with the library defaults on the
/// MovieLens id spaces (the weights do not change the cost). Each call is timed on its own; p50 and p99 over
/// <c>--calls</c> calls after a warm-up. Three ways: <see cref="CtrScorer"/> on the calling thread (the service path:
/// no allocation), <see cref="CtrScorer"/> with the worker pool, and the model's own tensor forward
/// (<see cref="CtrModel.Predict"/> on a 100-sample batch, building the batch included) for reference. The process CPU
/// time per call is printed too: on a busy machine it moves less than the wall-clock percentiles.
/// </summary>
internal static class CtrScoreBench
{
    public static int Run(string[] args)
    {
        int threads = Parallelism.Threads, calls = 2000, history = 50, candidates = 100;
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i]); break;
                case "--calls": calls = int.Parse(args[++i]); break;
                case "--json": json = args[++i]; break;
                default:
                    Console.Error.WriteLine($"ctr-score: unknown option '{args[i]}'. Options: --threads T --calls N --json out.json");
                    return 2;
            }
        }
        Parallelism.Threads = threads;
        var vocabulary = DataFiles.Find("movielens.csv") != null ? MovieLens.Load().Train.Vocabulary : new CtrVocabulary(671, 9066, 20, 50);
        var model = CtrModel.Create("din", vocabulary, new CtrModelOptions(), seed: 0);
        model.Eval();
        var g = new Generator(1);
        int user = 1 + g.NextInt(vocabulary.Users);
        var hItems = Enumerable.Range(0, history).Select(_ => 1 + g.NextInt(vocabulary.Items)).ToArray();
        var hCats = Enumerable.Range(0, history).Select(_ => 1 + g.NextInt(vocabulary.Categories)).ToArray();
        var cItems = Enumerable.Range(0, candidates).Select(_ => 1 + g.NextInt(vocabulary.Items)).ToArray();
        var cCats = Enumerable.Range(0, candidates).Select(_ => 1 + g.NextInt(vocabulary.Categories)).ToArray();
        var probabilities = new float[candidates];

        var results = new Dictionary<string, object>();
        void Time(string name, Action call)
        {
            for (int i = 0; i < Math.Max(200, calls / 10); i++) call();
            var us = new double[calls];
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < calls; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                call();
                us[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            }
            double perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)calls;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds / calls;
            double p50 = BenchStats.Percentile(us, 50), p99 = BenchStats.Percentile(us, 99);
            Console.WriteLine($"activa ctr-score {name}: p50 {p50:F1} µs, p99 {p99:F1} µs, process CPU {cpu:F1} µs per call, {perCall:F0} bytes allocated per call");
            results[name] = new Dictionary<string, double> { ["p50_us"] = p50, ["p99_us"] = p99, ["bytes_per_call"] = perCall, ["cpu_us"] = cpu };
        }

        var serial = new CtrScorer(model, candidates);
        Time("scorer", () => serial.Score(user, hItems, hCats, cItems, cCats, probabilities));
        var pooled = new CtrScorer(model, candidates, parallel: true);
        Time("scorer_pool", () => pooled.Score(user, hItems, hCats, cItems, cCats, probabilities));
        var samples = Replicated(vocabulary, user, hItems, hCats, cItems, cCats);
        var indices = Enumerable.Range(0, candidates).ToArray();
        Time("model_forward", () => model.Predict(new CtrBatch(samples, indices)));
        if (json != null)
            BenchStats.WriteJson(json, new Dictionary<string, object>
            {
                ["threads"] = threads, ["history"] = history, ["candidates"] = candidates, ["calls"] = calls, ["ways"] = results,
            });
        return 0;
    }

    // One row per candidate with the user's history, as a batch for the model's own forward.
    private static BehaviorSamples Replicated(CtrVocabulary v, int user, int[] hItems, int[] hCats, int[] cItems, int[] cCats)
    {
        int n = cItems.Length, l = v.MaxHistory;
        var items = new int[n * l];
        var cats = new int[n * l];
        for (int i = 0; i < n; i++)
        {
            hItems.CopyTo(items, i * l);
            hCats.CopyTo(cats, i * l);
        }
        return new BehaviorSamples("scoring", l, v.Users, v.Items, v.Categories, Enumerable.Repeat(user, n).ToArray(), cItems, cCats,
            new float[n], items, cats, Enumerable.Repeat(hItems.Length, n).ToArray());
    }
}
