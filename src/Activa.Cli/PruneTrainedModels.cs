using System.Globalization;
using Activa.Data.Forecasting;
using Activa.IO;
using Activa.Nn;
using Activa.Pruning;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// <c>activa prune</c> on a CTR run (built-in log) or a forecasting run: <see cref="FineTunePruning"/> of the model's
/// Linear weights (embeddings, activation parameters and biases are never pruned), fine-tuned each cycle by the model's
/// own trainer with its default settings, then the same checkpoint format and a pruning.json.
/// </summary>
internal static class PruneTrainedModels
{
    /// <summary>Prunes the CTR or forecasting run in <paramref name="checkpoint"/>; returns false for other checkpoints.</summary>
    /// <exception cref="ArgumentException">A CTR model trained on a file, a rewind step, or ap+imp (AP needs the first
    /// cycle's starting weights, which these runs do not keep).</exception>
    public static bool TryRun(string checkpoint, string method, PruningOptions options, string outDir)
    {
        var format = CtrCheckpoint.FormatOf(checkpoint);
        if (format != CtrCheckpoint.Format && format != ForecastCheckpoint.Format && format != CtrCheckpoint.FieldsFormat) return false;
        if (format == CtrCheckpoint.FieldsFormat)
            throw new ArgumentException($"{checkpoint}: pruning a CTR model trained on a file is not supported yet; models of 'activa ctr train' on the built-in logs and forecasters are.");
        if (method == "ap+imp")
            throw new ArgumentException("--method ap+imp needs the weights each cycle's training started from, which CTR and forecasting runs do not keep; use magnitude or imp.");
        if (options.RewindStep != null)
            throw new ArgumentException("--rewind-step replays the original training, which only MLP runs of 'activa train' support.");
        if (format == CtrCheckpoint.Format) Ctr(checkpoint, method, options, outDir);
        else Forecast(checkpoint, method, options, outDir);
        return true;
    }

    private static void Ctr(string checkpoint, string method, PruningOptions options, string outDir)
    {
        var (model, info) = CtrCheckpoint.Load(checkpoint);
        var data = CtrCommand.LoadLog(info.Data, info.Seed);
        Prune(model, $"ctr {info.Model} on {info.Data}", (("AUC", "testAuc"), ("logloss", "testLogLoss")), () =>
        {
            var test = CtrTrainer.Evaluate(model, data.Test);
            return (test.Auc, test.LogLoss);
        }, (CtrTrainOptions training) => CtrTrainer.Fit(model, data, training).BestValidation.Auc, info.Seed,
            path => CtrCheckpoint.Save(path, model, info), checkpoint, method, options, outDir);
    }

    private static void Forecast(string checkpoint, string method, PruningOptions options, string outDir)
    {
        var (model, info) = ForecastCheckpoint.Load(checkpoint);
        var series = ForecastDatasets.Load(info.Data).Select([.. info.Columns]);
        var data = ForecastData.Create(series, info.Protocol, model.Options.InputLength, model.Options.Horizon, info.Mode, new Standardizer(info.Mean, info.Std));
        Prune(model, $"forecast {info.Model} (L={model.Options.InputLength}, H={model.Options.Horizon}) on {info.Data}", (("MSE", "testMse"), ("MAE", "testMae")), () =>
        {
            var test = ForecastTrainer.Evaluate(model, data.Test);
            return (test.Mse, test.Mae);
        }, (ForecastTrainOptions training) => ForecastTrainer.Fit(model, data, training).BestValidation.Mse, info.Seed,
            path => ForecastCheckpoint.Save(path, model, info), checkpoint, method, options, outDir);
    }

    /// <summary>
    /// The pruning run shared by both kinds: test metrics (two, named by <paramref name="metrics"/>) before, the cycles
    /// with <paramref name="fineTune"/> (the trainer's default options but for the epochs per cycle, the seed
    /// <paramref name="seed"/> + cycle and the after-step hook → validation score, the first metric's kind), the metrics
    /// after, the checkpoint written by <paramref name="save"/> and pruning.json.
    /// </summary>
    private static void Prune<TTraining>(Module model, string what, ((string Name, string Key) First, (string Name, string Key) Second) metrics, Func<(double First, double Second)> test,
        Func<TTraining, double> fineTune, ulong seed, Action<string> save, string checkpoint, string method, PruningOptions options, string outDir)
        where TTraining : EpochTrainOptions, new()
    {
        var before = test();
        long prunable = PrunableWeights.Of(model).Sum(w => (long)w.Weight.Numel);
        Console.WriteLine($"activa prune: {method}, target {options.TargetSparsity:P1} of {prunable:N0} Linear weights ({options.Scope.ToString().ToLowerInvariant()}; " +
                          $"{model.ParameterCount:N0} parameters in all), {options.Cycles} cycle(s), {options.EpochsPerCycle} fine-tuning epoch(s) per cycle");
        Console.WriteLine($"before pruning: {what}: test {metrics.First.Name} {before.First:F4}, {metrics.Second.Name} {before.Second:F4}");
        int cycle = 0;
        var (masks, cycles) = FineTunePruning.Run(model, options, afterStep => fineTune(new TTraining
        {
            Epochs = options.EpochsPerCycle, Seed = seed + (ulong)++cycle, AfterStep = afterStep,
        }), new SyncProgress<FineTuneCycle>(r => Console.WriteLine(
            $"cycle {r.Cycle}/{options.Cycles}: sparsity {r.Sparsity:P2} (target {r.TargetSparsity:P2}), {r.RemainingWeights:N0} weights left, " +
            $"validation {metrics.First.Name} {(double.IsNaN(r.ValidationScore) ? "n/a" : r.ValidationScore.ToString("F4", CultureInfo.InvariantCulture))} [{r.Seconds:F1} s]")));
        model.Eval();
        var after = test();
        Console.WriteLine($"test {metrics.First.Name} {after.First:F4} (before pruning {before.First:F4}), {metrics.Second.Name} {after.Second:F4} (before {before.Second:F4})");
        Directory.CreateDirectory(outDir);
        save(Path.Combine(outDir, "checkpoint.safetensors"));
        var report = new Dictionary<string, object?>
        {
            ["source"] = Path.GetFullPath(checkpoint),
            ["method"] = method,
            ["scope"] = options.Scope.ToString().ToLowerInvariant(),
            ["target"] = options.TargetSparsity,
            ["cycles"] = options.Cycles,
            ["epochsPerCycle"] = options.EpochsPerCycle,
            ["prunableWeights"] = masks.Total,
            ["sparsity"] = masks.Sparsity,
            ["before"] = new Dictionary<string, double> { [metrics.First.Key] = before.First, [metrics.Second.Key] = before.Second },
            ["after"] = new Dictionary<string, double> { [metrics.First.Key] = after.First, [metrics.Second.Key] = after.Second },
            ["cycleResults"] = cycles,
        };
        MetricsWriter.WriteJson(Path.Combine(outDir, "pruning.json"), report);
        Console.WriteLine($"run folder: {outDir} (checkpoint.safetensors with pruned weights as zeros, pruning.json)");
    }
}
