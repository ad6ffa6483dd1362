using System.Diagnostics;
using Activa.Data.Forecasting;
using Activa.Losses;
using Activa.Metrics;
using Activa.Models.Forecasting;
using Activa.Optim;

namespace Activa.Training;

/// <summary>How a forecasting model is trained (defaults: the Time-Series-Library's, Adam at 1e-3, batch 32).</summary>
public sealed record ForecastTrainOptions
{
    /// <summary>Most epochs.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Windows per step.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Adam's learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;
    /// <summary>Stop after this many epochs without a lower validation MSE (the best weights are restored).</summary>
    public int Patience { get; init; } = 3;
    /// <summary>Seed of the batch order.</summary>
    public ulong Seed { get; init; }
    /// <summary>Called after every optimiser step (pruning re-applies its masks here); not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Action? AfterStep { get; init; }
    /// <summary>Also measure the test errors on the series' original scale.</summary>
    public bool OriginalScale { get; init; }
    /// <summary>On a NaN/∞ loss, input or gradient, skip the batch (counted per epoch) instead of stopping.</summary>
    public bool SkipNonFinite { get; init; }
    /// <summary>Called with the step after each backward pass, before the NaN/∞ check and the optimiser step (fault injection); not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Action<long>? AfterBackward { get; init; }
}

/// <summary>One training epoch: mean training loss, validation errors, seconds, batches skipped for NaN/∞ (<see cref="ForecastTrainOptions.SkipNonFinite"/>).</summary>
public sealed record ForecastEpoch(int Epoch, double TrainLoss, ForecastEvaluation Validation, double Seconds, long Skipped = 0);

/// <summary>The outcome of <see cref="ForecastTrainer.Fit"/>: every epoch, the best one (whose weights the model keeps) and the test errors.</summary>
public sealed record ForecastFitResult(IReadOnlyList<ForecastEpoch> History, int BestEpoch, ForecastEvaluation BestValidation, ForecastEvaluation Test);

/// <summary>
/// Trains a <see cref="ForecastModel"/> on sliding windows with the MSE loss and Adam, evaluates MSE and MAE on the
/// validation windows after each epoch, stops early when the validation MSE stops falling and restores the best
/// epoch's weights before the single test evaluation (over every test window: no window is dropped).
/// </summary>
public static class ForecastTrainer
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="data"/>; <paramref name="progress"/> hears each epoch.</summary>
    /// <exception cref="ArgumentException">Bad options, or a model whose input length, horizon or channels do not fit the data.</exception>
    /// <exception cref="NonFiniteException">A loss, input or gradient became NaN or infinite (and <see cref="ForecastTrainOptions.SkipNonFinite"/> is off).</exception>
    public static ForecastFitResult Fit(ForecastModel model, ForecastData data, ForecastTrainOptions options, IProgress<ForecastEpoch>? progress = null)
    {
        if (options.Epochs < 1 || options.BatchSize < 1 || !(options.LearningRate > 0) || options.Patience < 1)
            throw new ArgumentException($"Forecast training: epochs, batch size and patience must be positive and the learning rate > 0 (got {options}).");
        CheckFits(model, data);
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var rng = new Generator(options.Seed);
        var guard = new NonFiniteGuard("Forecast training", model.NamedParameters().ToList(), options.SkipNonFinite);
        var history = new List<ForecastEpoch>();
        Dictionary<string, Tensor>? best = null;
        ForecastEvaluation? bestValidation = null;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.Train();
            double lossSum = 0;
            int steps = 0;
            long skippedBefore = guard.Skipped;
            foreach (var (input, target) in data.Train.Batches(options.BatchSize, shuffle: true, rng))
            {
                var loss = Loss.Mse(model.Forward(input), target);
                float value = loss.Item();
                IReadOnlyList<(string, Tensor)> Inputs() => [("input window", input), ("target", target)];
                long step = optimizer.StepCount + guard.Skipped + 1;
                void Backward()
                {
                    optimizer.ZeroGrad();
                    loss.Backward();
                }
                if (!guard.Step(value, step, epoch, Inputs, Backward, options.AfterBackward)) continue;
                optimizer.Step();
                options.AfterStep?.Invoke();
                lossSum += value;
                steps++;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            var validation = Evaluate(model, data.Validation);
            var record = new ForecastEpoch(epoch, lossSum / Math.Max(1, steps), validation, seconds, guard.Skipped - skippedBefore);
            history.Add(record);
            progress?.Report(record);
            if (bestValidation == null || validation.Mse < bestValidation.Mse)
            {
                bestValidation = validation;
                bestEpoch = epoch;
                best = model.StateDict().ToDictionary(p => p.Key, p => p.Value.Detach().Clone());
            }
            else if (epoch - bestEpoch >= options.Patience) break;
        }
        model.LoadStateDict(best!);
        return new ForecastFitResult(history, bestEpoch, bestValidation!, Evaluate(model, data.Test, options.OriginalScale ? data.Scaler : null));
    }

    /// <summary>
    /// MSE and MAE of <paramref name="model"/> over every window of <paramref name="windows"/> on the standardised scale,
    /// per horizon step too, and on the original scale when <paramref name="scaler"/> is given (evaluation mode, no autograd).
    /// </summary>
    public static ForecastEvaluation Evaluate(ForecastModel model, WindowDataset windows, Standardizer? scaler = null, int batchSize = 256)
    {
        bool training = model.Training;
        model.Eval();
        try
        {
            var errors = new ForecastErrors(windows.Horizon);
            var original = scaler != null ? new ForecastErrors(windows.Horizon) : null;
            using (Tensor.NoGrad())
            {
                int first = 0;
                foreach (var (input, target) in windows.Batches(batchSize, shuffle: false, null))
                {
                    var predicted = model.Forward(input);
                    errors.Add(predicted, target);
                    original?.Add(ToOriginal(predicted, windows, scaler!, first), ToOriginal(target, windows, scaler!, first));
                    first += target.Size(0);
                }
            }
            return errors.Result(original);
        }
        finally { model.Train(training); }
    }

    /// <summary>A batch [B, H, C'] of samples first… on the original scale (in channel-independent mode each sample's own channel).</summary>
    private static Tensor ToOriginal(Tensor x, WindowDataset windows, Standardizer scaler, int first)
    {
        if (windows.Mode == ChannelMode.Multivariate) return scaler.Inverse(x);
        var values = x.ToArray();
        int perSample = values.Length / x.Size(0);
        for (int i = 0; i < x.Size(0); i++)
        {
            int c = windows.ChannelOf(first + i)!.Value;
            scaler.Inverse(values.AsSpan(i * perSample, perSample), c);
        }
        return Tensor.FromArray(values, x.Size(0), x.Size(1), x.Size(2));
    }

    private static void CheckFits(ForecastModel model, ForecastData data)
    {
        var o = model.Options;
        var w = data.Train;
        if (o.InputLength != w.InputLength || o.Horizon != w.Horizon || o.Channels != w.SampleChannels)
            throw new ArgumentException($"Forecast training: the model takes L={o.InputLength}, H={o.Horizon}, C={o.Channels} " +
                                        $"but the windows have L={w.InputLength}, H={w.Horizon}, C={w.SampleChannels}.");
    }
}
