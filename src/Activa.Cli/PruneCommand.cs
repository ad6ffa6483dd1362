using System.CommandLine;
using System.Globalization;
using Activa.Analysis;
using Activa.Data;
using Activa.IO;
using Activa.Pruning;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// <c>activa prune RUN</c>: magnitude pruning (one shot, then fine-tuning) or iterative magnitude pruning with optional
/// weight rewinding of a run written by <c>activa train</c> (CTR and forecasting runs: <see cref="PruneTrainedModels"/>); writes a run folder with the pruned checkpoint (pruned
/// weights stored as zeros) and pruning.json (per-cycle sparsity and validation accuracy, test accuracy, compaction).
/// </summary>
internal static class PruneCommand
{
    /// <summary>Pruning methods the command knows: one-shot magnitude, IMP, and IMP with AP as each cycle's second stage.</summary>
    public static readonly string[] Methods = ["magnitude", "imp", "ap+imp"];

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or checkpoint) written by 'activa train', 'activa ctr train' (built-in logs) or 'activa forecast train'." };
        var method = new Option<string>("--method") { Description = "magnitude: prune once, then fine-tune; imp: iterative magnitude pruning over --cycles; ap+imp: IMP whose cycles end with AP (stagnant negative weights; Liu et al., TMLR 2023).", DefaultValueFactory = _ => "imp" };
        var apShare = new Option<double>("--ap-share") { Description = "ap+imp: the share of each cycle's pruning done by AP (the paper: 2 % of 20 %).", DefaultValueFactory = _ => 0.1 };
        var target = new Option<double>("--target") { Description = "Final fraction of prunable weights (Linear weights) removed.", DefaultValueFactory = _ => 0.9 };
        var cycles = new Option<int>("--cycles") { Description = "IMP cycles; each prunes 1 − (1 − target)^(1/cycles) of the surviving weights.", DefaultValueFactory = _ => 5 };
        var scope = new Option<string>("--scope") { Description = "global: one ranking over all layers; layer: each layer to the target.", DefaultValueFactory = _ => "global" };
        scope.AcceptOnlyFromAmong("global", "layer");
        var rewind = new Option<long?>("--rewind-step") { Description = "Rewind surviving weights to their value after K optimiser steps of the original run (0: initialisation; default: no rewinding, fine-tune)." };
        var epochs = new Option<int>("--epochs-per-cycle") { Description = "Training epochs after each pruning step.", DefaultValueFactory = _ => 1 };
        var dataDir = CommonOptions.DataDir();
        var output = new Option<string?>("--out") { Description = "Output run folder (default: RUN-<method>-<target>)." };
        var command = new Command("prune", "Prune a trained MLP (magnitude, IMP with rewinding, or AP + IMP), CTR model or forecaster (magnitude, IMP); writes checkpoint.safetensors and pruning.json.")
        {
            run, method, apShare, target, cycles, scope, rewind, epochs, dataDir, output,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            string m = CheckMethod(parse.GetValue(method)!);
            var cyclesResult = parse.GetResult(cycles);
            int c = parse.GetValue(cycles);
            if (m == "magnitude")
            {
                if (cyclesResult is { Implicit: false } && c != 1)
                    throw new ArgumentException($"--cycles {c}: --method magnitude prunes once; use --method imp for several cycles.");
                c = 1;
            }
            var options = new PruningOptions
            {
                TargetSparsity = parse.GetValue(target),
                Cycles = c,
                Scope = parse.GetValue(scope) == "layer" ? PruningScope.Layer : PruningScope.Global,
                RewindStep = parse.GetValue(rewind),
                EpochsPerCycle = parse.GetValue(epochs),
                Stages = m == "ap+imp" ? ApStages(parse.GetValue(apShare)) : [new PruningStage(MagnitudeCriterion.Instance, 1.0)],
            };
            options.Validate();
            string runPath = parse.GetValue(run)!;
            string outDir = parse.GetValue(output) ?? DefaultOutput(runPath, m, options.TargetSparsity);
            return Run(CommonOptions.ResolveCheckpoint(runPath), m, options, parse.GetValue(dataDir), outDir);
        });
        return command;
    }

    /// <summary>The method name, checked.</summary>
    /// <exception cref="ArgumentException">An unknown method, or ap+imp (not yet available).</exception>
    internal static string CheckMethod(string method)
    {
        if (!Methods.Contains(method))
            throw new ArgumentException($"--method '{method}' is unknown. Valid: {string.Join(", ", Methods)}.");
        return method;
    }

    /// <summary>Magnitude pruning, then AP for <paramref name="share"/> of each cycle.</summary>
    /// <exception cref="ArgumentException">A share outside (0, 1).</exception>
    internal static IReadOnlyList<PruningStage> ApStages(double share)
    {
        if (!(share > 0 && share < 1)) throw new ArgumentException($"--ap-share must be in (0, 1), got {share}.");
        return [new PruningStage(MagnitudeCriterion.Instance, 1 - share), new PruningStage(ApCriterion.Instance, share)];
    }

    /// <summary>AP's dynamic dead-neuron rate of <paramref name="model"/> over <paramref name="data"/> (pre-activations ≤ 0).</summary>
    private static double DeadNeuronRate(Nn.Module model, Dataset data)
    {
        using var probes = ActivationProbes.Attach(model, new ProbeOptions { Histograms = false });
        Trainer.Evaluate(model, data);
        return probes.EndEpoch(0).DynamicDeadRate;
    }

    private static string DefaultOutput(string runPath, string method, double target)
    {
        string full = Path.GetFullPath(Directory.Exists(runPath) ? runPath : Path.GetDirectoryName(Path.GetFullPath(runPath))!).TrimEnd(Path.DirectorySeparatorChar);
        return $"{full}-{method}-{(target * 100).ToString("0.#", CultureInfo.InvariantCulture)}";
    }

    private static int Run(string checkpointPath, string method, PruningOptions options, string? dataDir, string outDir)
    {
        if (PruneTrainedModels.TryRun(checkpointPath, method, options, outDir)) return 0;
        var source = Checkpoint.Load(checkpointPath);
        var config = source.Config;
        if (config.Model != "mlp") throw new ArgumentException($"activa prune works on MLP runs; {checkpointPath} holds a '{config.Model}'.");
        var training = source.Progress.Options;
        string dataName = config.Dataset ?? "digits";
        var (fullTrain, test) = Datasets.Load(dataName, dataDir);
        // the run's own split, so that rewinding replays exactly its training
        var (train, validation) = training.ValidationFraction > 0 ? fullTrain.Split(training.ValidationFraction, training.Seed) : (fullTrain, null);

        var dense = config.Build();
        dense.LoadStateDict(source.Model);
        double denseTest = Trainer.Evaluate(dense, test).Accuracy, denseDead = DeadNeuronRate(dense, test);
        double? denseVal = validation is { Count: > 0 } ? Trainer.Evaluate(dense, validation).Accuracy : null;
        int prunable = PrunableWeights.Of(dense).Sum(w => w.Weight.Numel);
        Console.WriteLine($"activa prune: {method}, target {options.TargetSparsity:P1} of {prunable:N0} Linear weights ({options.Scope.ToString().ToLowerInvariant()}), " +
                          $"{options.Cycles} cycle(s) at {options.PerCycleRate:P1} each, " +
                          (options.RewindStep is { } k ? $"rewind to step {k}" : "no rewinding") + $", {options.EpochsPerCycle} epoch(s) per cycle");
        Console.WriteLine($"before pruning: {config.Inputs}-{string.Join("-", config.Hidden)}-{config.Outputs} on {dataName}, validation accuracy " +
                          (denseVal is { } dv ? dv.ToString("P2", CultureInfo.InvariantCulture) : "n/a") + $", test accuracy {denseTest:P2}");

        var pruning = new IterativePruning(config, training, options);
        pruning.CycleCompleted += r => Console.WriteLine(
            $"cycle {r.Cycle}/{options.Cycles}: sparsity {r.Sparsity:P2} (target {r.TargetSparsity:P2}), {r.RemainingWeights:N0} weights left, " +
            $"validation accuracy {(r.ValidationAccuracy is { } a ? a.ToString("P2", CultureInfo.InvariantCulture) : "n/a")} [{r.TrainSeconds:F1} s]");
        var result = pruning.Run(source.Model, train, validation);
        double testAccuracy = Trainer.Evaluate(result.Model, test).Accuracy, dead = DeadNeuronRate(result.Model, test);

        CompactionResult? compaction = null;
        string? compactionNote = null;
        try
        {
            compaction = MlpCompaction.Compact(result.Model, config);
        }
        catch (ArgumentException e)
        {
            compactionNote = e.Message;
        }
        Console.WriteLine($"test accuracy {testAccuracy:P2} (before pruning {denseTest:P2}), dynamic dead-neuron rate {dead:P2} (before {denseDead:P2}); " +
                          (compaction != null
                              ? $"compaction removes {compaction.UnitsRemoved} hidden unit(s): {string.Join("-", compaction.HiddenBefore)} → {string.Join("-", compaction.HiddenAfter)}"
                              : $"no compaction: {compactionNote}"));

        Directory.CreateDirectory(outDir);
        var progress = new TrainingProgress
        {
            EpochsCompleted = options.EpochsPerCycle,
            Options = training with { Epochs = Math.Max(1, options.EpochsPerCycle) },
            Pruned = true,
        };
        Checkpoint.Save(Path.Combine(outDir, "checkpoint.safetensors"), new CheckpointData(config, result.Model.StateDict(), new Dictionary<string, Tensor>(), progress));
        var report = new
        {
            source = Path.GetFullPath(checkpointPath),
            method,
            scope = options.Scope.ToString().ToLowerInvariant(),
            target = options.TargetSparsity,
            cycles = options.Cycles,
            perCycleRate = options.PerCycleRate,
            rewindStep = options.RewindStep,
            epochsPerCycle = options.EpochsPerCycle,
            dataset = dataName,
            prunableWeights = prunable,
            stages = options.Stages.Select(st => new { criterion = st.Criterion.Name, share = st.Share }),
            before = new { validationAccuracy = denseVal, testAccuracy = denseTest, deadNeuronRate = denseDead },
            sparsity = result.Masks.Sparsity,
            testAccuracy,
            deadNeuronRate = dead,
            cycleResults = result.Cycles,
            compaction = compaction == null ? null : new { hiddenBefore = compaction.HiddenBefore, hiddenAfter = compaction.HiddenAfter, unitsRemoved = compaction.UnitsRemoved },
            compactionNote,
        };
        MetricsWriter.WriteJson(Path.Combine(outDir, "pruning.json"), report);
        Console.WriteLine($"run folder: {outDir} (checkpoint.safetensors with pruned weights as zeros, pruning.json)");
        return 0;
    }
}
