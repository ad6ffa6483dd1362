using System.Diagnostics;
using Activa.Activations.Learnable;
using Activa.Autograd;
using Activa.Data;
using Activa.Kernels;
using Activa.Losses;
using Activa.Models;
using Activa.Nn;
using Activa.Training;

namespace Activa.Bench;

/// <summary>
/// Where one training step of the MLP benchmark goes. The Trainer's step (next shuffled batch, zero_grad,
/// forward, cross-entropy, backward, finite-gradient check, Adam, accuracy count) is written out here call for
/// call, with a stopwatch around each part and a <see cref="BackwardProfiler"/> inside the backward pass, which
/// is one call from outside. Whatever no phase covers (autograd bookkeeping between nodes, zero_grad, the finite
/// check, allocation and GC outside the timed calls) is "other": the step's wall time minus the phases, so the
/// phases add up to the step by construction. The step is compared with the GEMM ceiling: the same GEMMs the
/// step performs, timed alone with <see cref="Gemm.Sgemm(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int)"/>
/// at the same thread count, i.e. the speed if everything but the GEMMs were free.
/// </summary>
internal static class MlpPhases
{
    /// <summary>The phases, in print order; also the keys of phases_us in the JSON.</summary>
    public static readonly string[] Names = ["data", "forward_gemm", "forward_act", "loss", "backward_gemm", "backward_act", "optimizer", "other"];

    private const int Data = 0, ForwardGemm = 1, ForwardAct = 2, LossPhase = 3, BackwardGemm = 4, BackwardAct = 5, Optim = 6, Other = 7;

    /// <summary>Parts of "other" that are timed on their own (the rest of it is the untimed remainder).</summary>
    private static readonly string[] OtherParts = ["zero_grad", "forward_other", "backward_engine", "backward_other_ops", "finite_check", "accuracy"];

    private const int BlockSteps = 50;

    private const int ZeroGrad = 0, ForwardOther = 1, BackwardEngine = 2, BackwardOtherOps = 3, FiniteCheck = 4, Accuracy = 5;

    /// <summary>One GEMM of the step, as <see cref="Functional.Linear"/> calls it.</summary>
    internal sealed record GemmCall(string Name, bool TransA, bool TransB, int M, int N, int K, int Lda, int Ldb, float Beta, int Ldc)
    {
        public double Flops => 2.0 * M * N * K;
    }

    /// <summary>What <see cref="Run"/> measured; times in µs per step, of the fastest block (<see cref="MeanStepUs"/>: all blocks).</summary>
    internal sealed record Result(
        int Blocks, int BlockSteps, int BatchSize, double StepUs, double MeanStepUs, double[] PhaseUs, double[] OtherPartUs, IReadOnlyDictionary<string, string> OpPhase,
        GemmCall[] Gemms, double[] GemmUs, int Gc0, int Gc1, int Gc2, double AllocBytesPerStep)
    {
        /// <summary>The step's GEMMs timed alone, µs.</summary>
        public double GemmAloneUs => GemmUs.Sum();
        /// <summary>FLOPs of the GEMMs the step performs.</summary>
        public double GemmFlops => Gemms.Sum(g => g.Flops);
        /// <summary>Samples/s if everything but the GEMMs took no time.</summary>
        public double CeilingSamplesPerSecond => BatchSize / (GemmAloneUs * 1e-6);
    }

    /// <summary>
    /// Trains a fresh model of <paramref name="config"/> (the Trainer's optimiser and seed) for a warm-up and then
    /// <paramref name="steps"/> timed full batches of <paramref name="train"/> in blocks of 50, and times the step's
    /// GEMMs alone. The phases are the fastest block's; GC counts and allocation cover all blocks.
    /// </summary>
    public static Result Run(ModelConfig config, Dataset train, int steps)
    {
        var trainer = new Trainer(config, new TrainOptions { Epochs = 1, Seed = 0, ValidationFraction = 0 });
        var model = trainer.Model as Sequential ?? throw new InvalidOperationException("the phase breakdown expects the MLP's Sequential");
        var optimizer = trainer.Optimizer;
        var parameters = model.NamedParameters().ToList();
        int batchSize = trainer.Options.BatchSize;
        model.Train();

        var loader = new DataLoader(train, batchSize, shuffle: true, seed: trainer.Options.Seed);
        int epoch = 0;
        var batches = loader.Epoch(epoch).GetEnumerator();
        // Full batches only, so every timed step has the same shape; the short last batch of an epoch is skipped
        // (its gather lands in the next step's data phase: one extra gather in ~234 steps).
        Batch NextBatch()
        {
            while (true)
            {
                if (!batches.MoveNext()) { batches = loader.Epoch(++epoch).GetEnumerator(); continue; }
                if (batches.Current.Labels.Length == batchSize) return batches.Current;
            }
        }

        // Which phase each layer's forward belongs to, and (filled in by the forward pass) each backward op's.
        var layerPhase = model.Layers.Select(l => l switch
        {
            Linear => ForwardGemm,
            Act or LearnableActivation => ForwardAct,
            _ => -1,
        }).ToArray();
        var opPhase = new Dictionary<string, int>();

        var phaseTicks = new long[Names.Length];
        var otherTicks = new long[OtherParts.Length];
        long stepTicks = 0, backwardTicks = 0;
        double lossSum = 0;
        long correct = 0;

        void Step()
        {
            long t0 = Stopwatch.GetTimestamp();
            var batch = NextBatch();
            long t1 = Stopwatch.GetTimestamp();
            phaseTicks[Data] += t1 - t0;

            optimizer.ZeroGrad(recycle: true);
            long t2 = Stopwatch.GetTimestamp();
            otherTicks[ZeroGrad] += t2 - t1;

            long a = Stopwatch.GetTimestamp();
            var logits = model.Run(batch.X, (i, y) =>
            {
                long now = Stopwatch.GetTimestamp(), d = now - a;
                a = now;
                if (layerPhase[i] >= 0) phaseTicks[layerPhase[i]] += d;
                else otherTicks[ForwardOther] += d;
                // the op that made this layer's output is timed in the backward pass under the layer's phase
                if (y.GradFn is { } node && layerPhase[i] >= 0) opPhase.TryAdd(node.Op, layerPhase[i] == ForwardGemm ? BackwardGemm : BackwardAct);
            });

            long t3 = Stopwatch.GetTimestamp();
            var loss = Loss.CrossEntropy(logits, batch.Labels);
            float lossValue = loss.Item();
            long t4 = Stopwatch.GetTimestamp();
            phaseTicks[LossPhase] += t4 - t3;
            if (loss.GradFn is { } lossNode) opPhase.TryAdd(lossNode.Op, LossPhase);

            loss.Backward();
            long t5 = Stopwatch.GetTimestamp();
            backwardTicks += t5 - t4;

            string? bad = float.IsFinite(lossValue) ? NonFiniteGuard.FirstNonFiniteGradient(parameters) : "loss";
            if (bad != null) throw new InvalidOperationException($"mlp phases: non-finite {bad} during the timed steps.");
            long t6 = Stopwatch.GetTimestamp();
            otherTicks[FiniteCheck] += t6 - t5;

            optimizer.Step();
            long t7 = Stopwatch.GetTimestamp();
            phaseTicks[Optim] += t7 - t6;

            // the Trainer's running loss and accuracy
            lossSum += lossValue * batch.Labels.Length;
            var predicted = logits.ArgMax(1);
            for (int i = 0; i < batch.Labels.Length; i++) if (predicted[i] == batch.Labels[i]) correct++;
            batch.X.RecycleIfOwner();
            long t8 = Stopwatch.GetTimestamp();
            otherTicks[Accuracy] += t8 - t7;
            stepTicks += t8 - t0;
        }

        for (int i = 0; i < 20; i++) Step();

        // Blocks of steps, and the fastest block is reported: the machine may be shared, and a burst of someone
        // else's work should not be booked to a phase. A block is long enough to hold its share of collections.
        int blocks = Math.Max(1, steps / BlockSteps), blockSteps = Math.Min(steps, BlockSteps);
        double[]? bestPhases = null, bestOther = null;
        double bestStep = double.PositiveInfinity, stepSum = 0;
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        using (var profiler = BackwardProfiler.Start())
            for (int block = 0; block < blocks; block++)
            {
                Array.Clear(phaseTicks);
                Array.Clear(otherTicks);
                stepTicks = backwardTicks = 0;
                profiler.Reset();
                for (int i = 0; i < blockSteps; i++) Step();

                // Backward: node time by the phase of the layer that recorded the op; the engine's own work is the rest.
                long nodeTicks = 0;
                foreach (var (op, (_, elapsed)) in profiler.Ops)
                {
                    long ticks = (long)Math.Round(elapsed.TotalSeconds * Stopwatch.Frequency);
                    nodeTicks += ticks;
                    if (opPhase.TryGetValue(op, out int phase)) phaseTicks[phase] += ticks;
                    else otherTicks[BackwardOtherOps] += ticks;
                }
                otherTicks[BackwardEngine] = backwardTicks - nodeTicks;
                phaseTicks[Other] = stepTicks - phaseTicks[..Other].Sum();

                double Us(long ticks) => ticks * 1e6 / Stopwatch.Frequency / blockSteps;
                stepSum += Us(stepTicks);
                if (Us(stepTicks) < bestStep)
                    (bestStep, bestPhases, bestOther) = (Us(stepTicks), [.. phaseTicks.Select(Us)], [.. otherTicks.Select(Us)]);
            }
        int timed = blocks * blockSteps;
        double allocPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)timed;
        gc0 = GC.CollectionCount(0) - gc0;
        gc1 = GC.CollectionCount(1) - gc1;
        gc2 = GC.CollectionCount(2) - gc2;

        var gemms = StepGemms(model, batchSize);
        return new Result(blocks, blockSteps, batchSize, bestStep, stepSum / blocks, bestPhases!, bestOther!,
            opPhase.ToDictionary(p => p.Key, p => Names[p.Value]), gemms, TimeGemms(gemms, reps: 60),
            gc0, gc1, gc2, allocPerStep);
    }

    /// <summary>
    /// The GEMMs one step performs, in order: each Linear's forward (beta 0: the bias is added by the epilogue), then backward from
    /// the last layer: its input gradient g·W (not for a layer whose input needs no gradient, such as the first,
    /// which reads the data) and its weight gradient gᵀ·x.
    /// </summary>
    internal static GemmCall[] StepGemms(Sequential model, int batch)
    {
        var forward = new List<GemmCall>();
        var backward = new List<GemmCall[]>();
        bool inputNeedsGrad = false;
        foreach (var layer in model.Layers)
        {
            if (layer is Linear l)
            {
                int i = l.InFeatures, o = l.OutFeatures;
                forward.Add(new($"fwd x*W^T {batch}x{i}*{i}x{o}", false, true, batch, o, i, i, i, 0f, o));
                var gx = new GemmCall($"bwd g*W   {batch}x{o}*{o}x{i}", false, false, batch, i, o, o, i, 0f, i);
                var gw = new GemmCall($"bwd g^T*x {o}x{batch}*{batch}x{i}", true, false, o, i, batch, o, i, 0f, i);
                backward.Add(inputNeedsGrad ? [gx, gw] : [gw]);
            }
            if (layer.Parameters().Any()) inputNeedsGrad = true;
        }
        backward.Reverse();
        return [.. forward, .. backward.SelectMany(b => b)];
    }

    /// <summary>
    /// Median time (µs) of each GEMM, run in step order <paramref name="reps"/> times on operands of the step's
    /// shapes and strides, each GEMM with its own buffers as in the step.
    /// </summary>
    private static unsafe double[] TimeGemms(GemmCall[] gemms, int reps)
    {
        var rng = new Random(1);
        float[] Make(long n)
        {
            var a = GC.AllocateUninitializedArray<float>((int)n, pinned: true);
            for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
            return a;
        }
        var buffers = gemms.Select(g => (
            A: Make((long)(g.TransA ? g.K : g.M) * g.Lda),
            B: Make((long)(g.TransB ? g.N : g.K) * g.Ldb),
            C: Make((long)g.M * g.Ldc))).ToArray();
        var times = new double[gemms.Length][];
        for (int j = 0; j < gemms.Length; j++) times[j] = new double[reps];
        for (int r = -3; r < reps; r++)
            for (int j = 0; j < gemms.Length; j++)
            {
                var g = gemms[j];
                var (a, b, c) = buffers[j];
                fixed (float* pa = a, pb = b, pc = c)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    Gemm.Sgemm(g.TransA, g.TransB, g.M, g.N, g.K, 1f, pa, g.Lda, pb, g.Ldb, g.Beta, pc, g.Ldc);
                    if (r >= 0) times[j][r] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                }
            }
        return [.. times.Select(t => t.Order().ElementAt(t.Length / 2))];
    }

    /// <summary>Prints the breakdown beside the GEMM ceiling and <paramref name="trainerSamplesPerSecond"/>, the Trainer's throughput.</summary>
    public static void Print(Result r, double trainerSamplesPerSecond, int threads)
    {
        Console.WriteLine($"phases of one training step, batch {r.BatchSize}, {threads} threads (µs/step, mean over the fastest of {r.Blocks} blocks of {r.BlockSteps} steps):");
        for (int p = 0; p < Names.Length; p++)
        {
            string note = p switch
            {
                Other => "  = " + string.Join(", ", OtherParts.Select((n, i) => $"{n} {r.OtherPartUs[i]:F0}")) + $", untimed {r.PhaseUs[Other] - r.OtherPartUs.Sum():F0}",
                BackwardGemm or BackwardAct or LossPhase => "  ops: " + string.Join(",", r.OpPhase.Where(o => o.Value == Names[p]).Select(o => o.Key)),
                _ => "",
            };
            Console.WriteLine($"  {Names[p],-14}{r.PhaseUs[p],9:F1}  {r.PhaseUs[p] / r.StepUs,6:P1}{note}");
        }
        double trainerStepUs = r.BatchSize / trainerSamplesPerSecond * 1e6;
        Console.WriteLine($"  {"step",-14}{r.StepUs,9:F1}  = {r.BatchSize / (r.StepUs * 1e-6):N0} samples/s (all blocks: {r.MeanStepUs:F0} µs/step; Trainer epochs: {trainerStepUs:F0} µs/step, {trainerSamplesPerSecond:N0} samples/s)");
        double gemmInStep = r.PhaseUs[ForwardGemm] + r.PhaseUs[BackwardGemm];
        bool fused = r.OpPhase.Keys.Any(op => op.StartsWith("linear+", StringComparison.Ordinal));
        Console.WriteLine($"GEMM ceiling: the step's {r.Gemms.Length} GEMMs ({r.GemmFlops / 1e6:F1} MFLOP) alone take {r.GemmAloneUs:F0} µs " +
                          $"({r.GemmFlops / (r.GemmAloneUs * 1e3):F1} GFLOP/s) = {r.CeilingSamplesPerSecond:N0} samples/s; " +
                          $"achieved {trainerSamplesPerSecond / r.CeilingSamplesPerSecond:P1} (Trainer), {r.GemmAloneUs / r.StepUs:P1} (timed step); " +
                          $"GEMM phases in the step {gemmInStep:F0} µs (with bias, bias gradient, output allocation{(fused ? ", and the fused activations" : "")})");
        foreach (var (g, us) in r.Gemms.Zip(r.GemmUs))
            Console.WriteLine($"  {g.Name,-30}{us,8:F1} µs  {g.Flops / (us * 1e3),6:F1} GFLOP/s");
        Console.WriteLine($"  (6·B·Σ in·out would be {6.0 * r.BatchSize * r.Gemms.Where(g => g.Name.StartsWith("fwd")).Sum(g => (double)g.N * g.K) / 1e6:F1} MFLOP; " +
                          "the first layer's input gradient is not computed, its input is the data)");
        Console.WriteLine($"GC during the timed steps: gen0/1/2 {r.Gc0}/{r.Gc1}/{r.Gc2}, {r.AllocBytesPerStep / 1024:F1} KiB allocated per step");
    }

    /// <summary>The JSON keys this breakdown adds.</summary>
    public static Dictionary<string, object?> Json(Result r, double trainerSamplesPerSecond) => new()
    {
        ["phases_us"] = Names.Select((n, i) => (n, r.PhaseUs[i])).ToDictionary(p => p.n, p => p.Item2),
        ["phases_other_us"] = OtherParts.Select((n, i) => (n, r.OtherPartUs[i])).ToDictionary(p => p.n, p => p.Item2),
        ["phases_step_us"] = r.StepUs,
        ["phases_mean_step_us"] = r.MeanStepUs,
        ["phases_steps"] = r.Blocks * r.BlockSteps,
        ["phases_gc_gen0"] = r.Gc0,
        ["phases_gc_gen1"] = r.Gc1,
        ["phases_gc_gen2"] = r.Gc2,
        ["phases_alloc_bytes_per_step"] = r.AllocBytesPerStep,
        ["gemm_us"] = r.Gemms.Zip(r.GemmUs).ToDictionary(p => p.First.Name, p => p.Second),
        ["gemm_alone_us_per_step"] = r.GemmAloneUs,
        ["gemm_flops_per_step"] = r.GemmFlops,
        ["gemm_gflops"] = r.GemmFlops / (r.GemmAloneUs * 1e3),
        ["gemm_ceiling_samples_per_s"] = r.CeilingSamplesPerSecond,
        ["ceiling_fraction"] = trainerSamplesPerSecond / r.CeilingSamplesPerSecond,
        // the same fraction for the timed step, measured minutes after the Trainer's epochs: on a shared machine the two can differ
        ["phases_ceiling_fraction"] = r.GemmAloneUs / r.StepUs,
    };
}
