using System.Globalization;
using System.Text.Json;
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
        var before = CtrTrainer.Evaluate(model, data.Test);
        Header(method, options, model, $"ctr {info.Model} on {info.Data}: test AUC {before.Auc:F4}, logloss {before.LogLoss:F4}");
        int cycle = 0;
        var (masks, cycles) = FineTunePruning.Run(model, options, afterStep =>
        {
            cycle++;
            var fit = CtrTrainer.Fit(model, data, new CtrTrainOptions { Epochs = options.EpochsPerCycle, Seed = info.Seed + (ulong)cycle, AfterStep = afterStep });
            return fit.BestValidation.Auc;
        }, Progress(options, "validation AUC", "F4"));
        model.Eval();
        var after = CtrTrainer.Evaluate(model, data.Test);
        Console.WriteLine($"test AUC {after.Auc:F4} (before pruning {before.Auc:F4}), logloss {after.LogLoss:F4} (before {before.LogLoss:F4})");
        Directory.CreateDirectory(outDir);
        CtrCheckpoint.Save(Path.Combine(outDir, "checkpoint.safetensors"), model, info);
        Report(outDir, checkpoint, method, options, masks, cycles, new { testAuc = before.Auc, testLogLoss = before.LogLoss }, new { testAuc = after.Auc, testLogLoss = after.LogLoss });
    }

    private static void Forecast(string checkpoint, string method, PruningOptions options, string outDir)
    {
        var (model, info) = ForecastCheckpoint.Load(checkpoint);
        var series = ForecastDatasets.Load(info.Data).Select([.. info.Columns]);
        var data = ForecastData.Create(series, info.Protocol, model.Options.InputLength, model.Options.Horizon, info.Mode, new Standardizer(info.Mean, info.Std));
        var before = ForecastTrainer.Evaluate(model, data.Test);
        Header(method, options, model, $"forecast {info.Model} (L={model.Options.InputLength}, H={model.Options.Horizon}) on {info.Data}: test MSE {before.Mse:F4}, MAE {before.Mae:F4}");
        int cycle = 0;
        var (masks, cycles) = FineTunePruning.Run(model, options, afterStep =>
        {
            cycle++;
            var fit = ForecastTrainer.Fit(model, data, new ForecastTrainOptions { Epochs = options.EpochsPerCycle, Seed = info.Seed + (ulong)cycle, AfterStep = afterStep });
            return fit.BestValidation.Mse;
        }, Progress(options, "validation MSE", "F4"));
        model.Eval();
        var after = ForecastTrainer.Evaluate(model, data.Test);
        Console.WriteLine($"test MSE {after.Mse:F4} (before pruning {before.Mse:F4}), MAE {after.Mae:F4} (before {before.Mae:F4})");
        Directory.CreateDirectory(outDir);
        ForecastCheckpoint.Save(Path.Combine(outDir, "checkpoint.safetensors"), model, info);
        Report(outDir, checkpoint, method, options, masks, cycles, new { testMse = before.Mse, testMae = before.Mae }, new { testMse = after.Mse, testMae = after.Mae });
    }

    private static void Header(string method, PruningOptions options, Module model, string before)
    {
        long prunable = PrunableWeights.Of(model).Sum(w => (long)w.Weight.Numel);
        Console.WriteLine($"activa prune: {method}, target {options.TargetSparsity:P1} of {prunable:N0} Linear weights ({options.Scope.ToString().ToLowerInvariant()}; " +
                          $"{model.ParameterCount:N0} parameters in all), {options.Cycles} cycle(s), {options.EpochsPerCycle} fine-tuning epoch(s) per cycle");
        Console.WriteLine("before pruning: " + before);
    }

    private static SyncProgress<FineTuneCycle> Progress(PruningOptions options, string score, string format) => new(r => Console.WriteLine(
        $"cycle {r.Cycle}/{options.Cycles}: sparsity {r.Sparsity:P2} (target {r.TargetSparsity:P2}), {r.RemainingWeights:N0} weights left, " +
        $"{score} {(double.IsNaN(r.ValidationScore) ? "n/a" : r.ValidationScore.ToString(format, CultureInfo.InvariantCulture))} [{r.Seconds:F1} s]"));

    private static void Report(string outDir, string source, string method, PruningOptions options, PruningMasks masks, IReadOnlyList<FineTuneCycle> cycles, object before, object after)
    {
        var report = new
        {
            source = Path.GetFullPath(source),
            method,
            scope = options.Scope.ToString().ToLowerInvariant(),
            target = options.TargetSparsity,
            cycles = options.Cycles,
            epochsPerCycle = options.EpochsPerCycle,
            prunableWeights = masks.Total,
            sparsity = masks.Sparsity,
            before,
            after,
            cycleResults = cycles,
        };
        MetricsWriter.WriteAtomic(Path.Combine(outDir, "pruning.json"), JsonSerializer.Serialize(report,
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Console.WriteLine($"run folder: {outDir} (checkpoint.safetensors with pruned weights as zeros, pruning.json)");
    }
}
