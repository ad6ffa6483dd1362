using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Activa.Data;
using Activa.Kernels;
using Activa.Models;
using Activa.Nn;
using Activa.Pruning;
using Activa.Training;

namespace Activa.Bench;

/// <summary>
/// Compacted inference after pruning: a 784-512-512-10 ReLU MLP is trained, magnitude-pruned to the target sparsity
/// (global and layer-wise, then fine-tuned), compacted (<see cref="MlpCompaction"/>), and its inference latency at
/// batch 1 and 256 is timed against the dense model. Pruned weights are zeros in dense matrices, so a pruned but
/// uncompacted model costs exactly what the dense one does; only removed units save time, and unstructured pruning
/// removes few. The benchmark reports units removed, parameters, accuracy and latency, so that this is visible.
/// </summary>
internal static class PruneBench
{
    public static int Run(string[] args)
    {
        int epochs = 2, finetune = 1, threads = Parallelism.Threads;
        double target = 0.9;
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--epochs": epochs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--finetune": finetune = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--target": target = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--json": json = args[++i]; break;
                default:
                    Console.Error.WriteLine($"prune: unknown option '{args[i]}'. Options: --epochs N --finetune N --target 0.9 --threads T --json out.json");
                    return 2;
            }
        }
        Parallelism.Threads = threads;
        if (!IdxDataset.FashionMnist.IsAvailable())
        {
            Console.Error.WriteLine("prune: Fashion-MNIST is not installed (/usr/share/datasets/fashion-mnist); this benchmark needs trained weights on it.");
            return 2;
        }
        var (fullTrain, test) = IdxDataset.FashionMnist.Load();
        var (mean, std) = fullTrain.Statistics();
        var config = new ModelConfig { Inputs = 784, Hidden = [512, 512], Outputs = 10, Activation = "relu", InputMean = mean, InputStd = std, Dataset = "fashion-mnist" };
        var options = new TrainOptions { Epochs = epochs, Seed = 0, ValidationFraction = 0 };
        var trainer = new Trainer(config, options);
        var clock = Stopwatch.StartNew();
        trainer.Fit(fullTrain);
        Console.Error.WriteLine($"  dense: {epochs} epoch(s) in {clock.Elapsed.TotalSeconds:F1} s");
        var trained = IterativePruning.Snapshot(trainer.Model);
        var dense = trainer.Model;
        dense.Eval();

        var rows = new List<Row> { Describe("dense", dense, config, test, 0, 0) };
        foreach (var scope in new[] { PruningScope.Global, PruningScope.Layer })
        {
            var pruned = new IterativePruning(config, options, new PruningOptions { TargetSparsity = target, Cycles = 1, Scope = scope, EpochsPerCycle = finetune })
                .Run(trained, fullTrain);
            var compact = MlpCompaction.Compact(pruned.Model, config);
            string name = scope.ToString().ToLowerInvariant();
            rows.Add(Describe($"{name} {target:P0}, not compacted", pruned.Model, config, test, pruned.Masks.Sparsity, 0));
            var row = Describe($"{name} {target:P0}, compacted", compact.Model, compact.Config, test, pruned.Masks.Sparsity, compact.UnitsRemoved);
            row.MaxAbsDifference = MaxAbsDifference(pruned.Model, compact.Model, test);
            rows.Add(row);
        }
        // timed round-robin, model after model in each repetition, so that load changes on a shared machine hit all alike
        foreach (int batch in new[] { 1, 256 })
        {
            var x = test.Subset([.. Enumerable.Range(0, batch)]).Features;
            var times = rows.Select(_ => new List<double>()).ToArray();
            using var _ = Tensor.NoGrad();
            foreach (var r in rows) for (int i = 0; i < 50; i++) r.Model.Forward(x);
            int iters = batch == 1 ? 500 : 20;
            for (int rep = 0; rep < 15; rep++)
                for (int m = 0; m < rows.Count; m++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    for (int i = 0; i < iters; i++) rows[m].Model.Forward(x);
                    times[m].Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / iters);
                }
            for (int m = 0; m < rows.Count; m++)
            {
                double median = times[m].Order().ElementAt(times[m].Count / 2);
                if (batch == 1) rows[m].Batch1Us = median * 1e6;
                else rows[m].Batch256Ms = median * 1e3;
            }
        }

        Console.WriteLine($"activa prune bench: 784-512-512-10 relu on fashion-mnist, {epochs} epoch(s) dense, magnitude pruning to {target:P0} + {finetune} epoch(s) fine-tuning, {threads} threads");
        Console.WriteLine($"{"model",-30} {"sparsity",9} {"hidden",9} {"removed",8} {"params",9} {"test acc",9} {"batch 1 µs",11} {"batch 256 ms",13} {"max |Δ|",9}");
        foreach (var r in rows)
            Console.WriteLine($"{r.Name,-30} {r.Sparsity,9:P1} {r.Hidden,9} {r.UnitsRemoved,8} {r.Parameters,9:N0} {r.Accuracy,9:P2} {r.Batch1Us,11:F1} {r.Batch256Ms,13:F3} {(r.MaxAbsDifference is { } d ? d.ToString("E1", CultureInfo.InvariantCulture) : "-"),9}");
        Console.WriteLine("pruned weights are stored as zeros in dense matrices: only removed units make inference cheaper.");
        if (json != null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            File.WriteAllText(json, JsonSerializer.Serialize(new { threads, epochs, finetune, target, rows }));
        }
        return 0;
    }

    private sealed class Row
    {
        public string Name { get; init; } = "";
        public double Sparsity { get; init; }
        public string Hidden { get; init; } = "";
        public int UnitsRemoved { get; init; }
        public long Parameters { get; init; }
        public double Accuracy { get; init; }
        public double Batch1Us { get; set; }
        public double Batch256Ms { get; set; }
        [System.Text.Json.Serialization.JsonIgnore] public Module Model { get; init; } = null!;
        public double? MaxAbsDifference { get; set; }
    }

    private static Row Describe(string name, Module model, ModelConfig config, Dataset test, double sparsity, int removed) => new()
    {
        Name = name, Sparsity = sparsity, Hidden = string.Join("-", config.Hidden), UnitsRemoved = removed, Parameters = model.ParameterCount,
        Accuracy = Trainer.Evaluate(model, test).Accuracy, Model = model,
    };

    private static double MaxAbsDifference(Module a, Module b, Dataset test)
    {
        var x = test.Subset([.. Enumerable.Range(0, 1000)]).Features;
        using var _ = Tensor.NoGrad();
        var ya = a.Forward(x).ToArray();
        var yb = b.Forward(x).ToArray();
        return ya.Zip(yb, (p, q) => (double)Math.Abs(p - q)).Max();
    }
}
