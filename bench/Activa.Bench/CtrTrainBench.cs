using System.Diagnostics;
using Activa.Kernels;
using Activa.Losses;
using Activa.Nn;
using Activa.Optim;

namespace Activa.Bench;

/// <summary>
/// Issue 13's CTR training benchmark: 26 categorical fields, one embedding table of 100,000 × 16 per field, the 26
/// vectors concatenated (416) → Linear 400 → ReLU → Linear 400 → ReLU → Linear 1, binary cross-entropy on logits,
/// batch 4096, Adam (lr 1e-3). Random ids (uniform per field) and labels, 16 batches made up front and cycled, as in
/// <c>bench/torch/bench_ctr.py train</c>. Variants: <c>sparse</c> (row-sparse embedding gradients: Adam touches only
/// the rows a batch reads) and <c>dense</c> (dense gradients, every row updated every step). Samples/s =
/// 4096 / median step time over the repetitions.
/// </summary>
internal static class CtrTrainBench
{
    private const int Fields = 26, Vocabulary = 100_000, Dim = 16, Batch = 4096;

    public static int Run(string[] args)
    {
        int threads = Parallelism.Threads, reps = 5, stepsPerRep = 4;
        string variants = "sparse,dense";
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i]); break;
                case "--reps": reps = int.Parse(args[++i]); break;
                case "--steps": stepsPerRep = int.Parse(args[++i]); break;
                case "--variants": variants = args[++i]; break;
                case "--json": json = args[++i]; break;
                default:
                    Console.Error.WriteLine($"ctr-train: unknown option '{args[i]}'. Options: --threads T --reps R --steps S (per repetition) --variants sparse,dense --json out.json");
                    return 2;
            }
        }
        Parallelism.Threads = threads;
        var g = new Generator(0);
        var pool = Enumerable.Range(0, 16).Select(_ =>
        (
            Ids: Enumerable.Range(0, Fields).Select(_ => new IntTensor([.. Enumerable.Range(0, Batch).Select(_ => g.NextInt(Vocabulary))], Batch)).ToArray(),
            Labels: Tensor.FromArray([.. Enumerable.Range(0, Batch).Select(_ => (float)g.NextInt(2))], Batch)
        )).ToArray();

        var results = new Dictionary<string, object>();
        foreach (var variant in variants.Split(','))
        {
            bool sparse = variant switch
            {
                "sparse" => true,
                "dense" => false,
                _ => throw new ArgumentException($"ctr-train: unknown variant '{variant}' (sparse, dense)."),
            };
            var tables = Enumerable.Range(0, Fields).Select(_ => new Embedding(Vocabulary, Dim, sparse: sparse, generator: g)).ToArray();
            var mlp = new Sequential(new Linear(Fields * Dim, 400, generator: g), new Act("relu"), new Linear(400, 400, generator: g),
                new Act("relu"), new Linear(400, 1, generator: g));
            var adam = new Adam(tables.SelectMany(t => t.Parameters()).Concat(mlp.Parameters()), 1e-3f);
            int next = 0;
            void Step()
            {
                var (ids, labels) = pool[next++ % pool.Length];
                var x = Tensor.Concat([.. tables.Select((t, f) => t.Forward(ids[f]))], 1);
                var loss = Loss.BinaryCrossEntropyWithLogits(mlp.Forward(x).Reshape(Batch), labels);
                adam.ZeroGrad(recycle: true); // as the trainers do: last step's gradient buffers serve this one
                loss.Backward();
                adam.Step();
            }
            for (int i = 0; i < 3; i++) Step();
            var times = new List<double>();
            int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
            var paused = GC.GetTotalPauseDuration();
            for (int r = 0; r < reps; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int s = 0; s < stepsPerRep; s++) Step();
                times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / stepsPerRep);
            }
            double step = BenchStats.Median(times);
            int steps = reps * stepsPerRep;
            Console.WriteLine($"activa ctr-train {variant}, {threads} threads: step {step * 1e3:F1} ms, {Batch / step:N0} samples/s; " +
                              $"GCs gen0/1/2 over {steps} steps {GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2}, " +
                              $"GC pauses {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / steps:F2} ms per step");
            results[variant] = new Dictionary<string, double> { ["step_ms"] = step * 1e3, ["samples_per_s"] = Batch / step };
        }
        if (json != null) BenchStats.WriteJson(json, new Dictionary<string, object> { ["threads"] = threads, ["batch"] = Batch, ["variants"] = results });
        return 0;
    }
}
