using Activa.Data.Forecasting;
using Activa.Losses;
using Activa.Metrics;
using Activa.Models.Forecasting;
using Activa.Optim;

namespace Activa.Training;

/// <summary>How a forecasting model is trained: <see cref="EpochTrainOptions"/> with the Time-Series-Library's defaults (10 epochs, batch 32, Adam at 1e-3, patience 3).</summary>
public sealed record ForecastTrainOptions() : EpochTrainOptions(epochs: 10, batchSize: 32, learningRate: 1e-3f, patience: 3)
{
    /// <summary>Also measure the test errors on the series' original scale.</summary>
    public bool OriginalScale { get; init; }
}

/// <summary>One training epoch: mean training loss, validation errors, seconds, batches skipped for NaN/∞ (<see cref="EpochTrainOptions.SkipNonFinite"/>).</summary>
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
    /// <exception cref="NonFiniteException">A loss, input or gradient became NaN or infinite (and <see cref="EpochTrainOptions.SkipNonFinite"/> is off).</exception>
    public static ForecastFitResult Fit(ForecastModel model, ForecastData data, ForecastTrainOptions options, IProgress<ForecastEpoch>? progress = null)
    {
        if (options.Epochs < 1 || options.BatchSize < 1 || !(options.LearningRate > 0) || options.Patience < 1)
            throw new ArgumentException($"Forecast training: epochs, batch size and patience must be positive and the learning rate > 0 (got {options}).");
        CheckFits(model, data);
        var rng = new Generator(options.Seed);
        var steps = new EpochSteps(new Adam(model.Parameters(), options.LearningRate),
            new NonFiniteGuard("Forecast training", model.NamedParameters().ToList(), options.SkipNonFinite), options);
        var best = new BestEpoch<ForecastEvaluation>(model, options.Patience, (a, b) => a.Mse < b.Mse);
        var history = new List<ForecastEpoch>();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            steps.Begin(model);
            foreach (var (input, target) in data.Train.Batches(options.BatchSize, shuffle: true, rng))
                steps.Take(epoch, Loss.Mse(model.Forward(input), target), () => [("input window", input), ("target", target)]);
            double seconds = steps.Seconds;
            var validation = Evaluate(model, data.Validation);
            var record = new ForecastEpoch(epoch, steps.MeanLoss, validation, seconds, steps.Skipped);
            history.Add(record);
            progress?.Report(record);
            if (!best.Continue(epoch, validation)) break;
        }
        best.Restore();
        return new ForecastFitResult(history, best.Epoch, best.Validation!, Evaluate(model, data.Test, options.OriginalScale ? data.Scaler : null));
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
