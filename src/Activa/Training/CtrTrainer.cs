using System.Diagnostics;
using Activa.Data.Ctr;
using Activa.Losses;
using Activa.Metrics;
using Activa.Models.Ctr;
using Activa.Optim;

namespace Activa.Training;

/// <summary>How a CTR model is trained.</summary>
public sealed record CtrTrainOptions
{
    /// <summary>Most epochs.</summary>
    public int Epochs { get; init; } = 12;
    /// <summary>Samples per step.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Adam's learning rate.</summary>
    public float LearningRate { get; init; } = 3e-3f;
    /// <summary>Stop after this many epochs without a better validation AUC (the best weights are restored).</summary>
    public int Patience { get; init; } = 2;
    /// <summary>
    /// λ of the mini-batch-aware L2 on the id embeddings (0: off); see <see cref="MiniBatchL2"/>. The default, 3, was the
    /// best of 0, 0.1, 1, 3 and 10 for DIN and DNN on the synthetic log (docs/ctr.md).
    /// </summary>
    public float EmbeddingL2 { get; init; } = 3f;
    /// <summary>Seed of the batch order.</summary>
    public ulong Seed { get; init; }
    /// <summary>Called after every optimiser step (pruning re-applies its masks here); not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Action? AfterStep { get; init; }
    /// <summary>On a NaN/∞ loss, input or gradient, skip the batch (counted per epoch) instead of stopping.</summary>
    public bool SkipNonFinite { get; init; }
    /// <summary>Called with the step after each backward pass, before the NaN/∞ check and the optimiser step (fault injection); not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Action<long>? AfterBackward { get; init; }
}

/// <summary>AUC, gAUC (per user, impression-weighted) and logloss of a model on a split.</summary>
/// <param name="Auc">Area under the ROC curve.</param>
/// <param name="GroupAuc">DIN's user-weighted AUC (NaN when no user has both classes).</param>
/// <param name="LogLoss">Mean binary cross-entropy of the predicted probabilities.</param>
/// <param name="Count">Samples evaluated.</param>
public sealed record CtrEvaluation(double Auc, double GroupAuc, double LogLoss, int Count);

/// <summary>One training epoch: mean training loss, validation metrics, seconds, batches skipped for NaN/∞ (<see cref="CtrTrainOptions.SkipNonFinite"/>).</summary>
public sealed record CtrEpoch(int Epoch, double TrainLoss, CtrEvaluation Validation, double Seconds, long Skipped = 0);

/// <summary>The outcome of <see cref="CtrTrainer.Fit"/>: every epoch, the best one (whose weights the model keeps) and the test metrics.</summary>
public sealed record CtrFitResult(IReadOnlyList<CtrEpoch> History, int BestEpoch, CtrEvaluation BestValidation, CtrEvaluation Test);

/// <summary>
/// Trains a <see cref="CtrModel"/> with binary cross-entropy and Adam (row-sparse updates for the embeddings), evaluates
/// AUC, gAUC and logloss on the validation split after each epoch, stops early when validation AUC stops improving and
/// restores the best epoch's weights before the single test evaluation.
/// </summary>
public static class CtrTrainer
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="data"/>; <paramref name="progress"/> hears each epoch.</summary>
    /// <exception cref="ArgumentException">Bad options.</exception>
    /// <exception cref="NonFiniteException">A loss, input or gradient became NaN or infinite (and <see cref="CtrTrainOptions.SkipNonFinite"/> is off).</exception>
    public static CtrFitResult Fit(CtrModel model, BehaviorSplits data, CtrTrainOptions options, IProgress<CtrEpoch>? progress = null)
    {
        if (options.Epochs < 1 || options.BatchSize < 1 || !(options.LearningRate > 0) || options.Patience < 1 || !(options.EmbeddingL2 >= 0))
            throw new ArgumentException($"CTR training: epochs, batch size and patience must be positive the learning rate > 0 and the embedding L2 ≥ 0 (got {options}).");
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var regulariser = options.EmbeddingL2 > 0 ? new MiniBatchL2(model, data.Train, options.EmbeddingL2) : null;
        var rng = new Generator(options.Seed);
        var guard = new NonFiniteGuard("CTR training", model.NamedParameters().ToList(), options.SkipNonFinite);
        var order = Enumerable.Range(0, data.Train.Count).ToArray();
        var history = new List<CtrEpoch>();
        Dictionary<string, Tensor>? best = null;
        CtrEvaluation? bestValidation = null;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.Train();
            rng.Shuffle<int>(order);
            double lossSum = 0;
            int steps = 0;
            long skippedBefore = guard.Skipped;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                var batch = new CtrBatch(data.Train, order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)));
                var loss = Loss.BinaryCrossEntropyWithLogits(model.Logits(batch), batch.Labels);
                float value = loss.Item();
                IReadOnlyList<(string, Tensor)> Inputs() => [("label", batch.Labels)];
                long step = optimizer.StepCount + guard.Skipped + 1;
                void Backward()
                {
                    optimizer.ZeroGrad();
                    (regulariser != null ? loss.Add(regulariser.Penalty(model, batch)) : loss).Backward();
                }
                if (!guard.Step(value, step, epoch, Inputs, Backward, options.AfterBackward)) continue;
                optimizer.Step();
                options.AfterStep?.Invoke();
                lossSum += value;
                steps++;
            }
            var validation = Evaluate(model, data.Validation);
            var record = new CtrEpoch(epoch, lossSum / Math.Max(1, steps), validation, clock.Elapsed.TotalSeconds, guard.Skipped - skippedBefore);
            history.Add(record);
            progress?.Report(record);
            if (bestValidation == null || validation.Auc > bestValidation.Auc)
            {
                bestValidation = validation;
                bestEpoch = epoch;
                best = model.StateDict().ToDictionary(p => p.Key, p => p.Value.Detach().Clone());
            }
            else if (epoch - bestEpoch >= options.Patience) break;
        }
        model.LoadStateDict(best!);
        return new CtrFitResult(history, bestEpoch, bestValidation!, Evaluate(model, data.Test));
    }

    /// <summary>AUC, gAUC and logloss of <paramref name="model"/> on <paramref name="data"/> (evaluation mode, no autograd).</summary>
    /// <exception cref="ArgumentException">The split is empty or holds only one class.</exception>
    public static CtrEvaluation Evaluate(CtrModel model, BehaviorSamples data, int batchSize = 2048)
    {
        if (data.Count == 0) throw new ArgumentException($"CTR evaluation: '{data.Name}' is empty.");
        bool training = model.Training;
        model.Eval();
        try
        {
            var scores = new float[data.Count];
            var indices = Enumerable.Range(0, data.Count).ToArray();
            for (int start = 0; start < data.Count; start += batchSize)
            {
                int n = Math.Min(batchSize, data.Count - start);
                model.Predict(new CtrBatch(data, indices.AsSpan(start, n))).CopyTo(scores, start);
            }
            var labels = data.Labels.Select(l => (int)l).ToArray();
            double groupAuc;
            try { groupAuc = Binary.GroupAuc(scores, labels, data.User); }
            catch (ArgumentException) { groupAuc = double.NaN; }
            return new CtrEvaluation(Binary.Auc(scores, labels), groupAuc, Binary.LogLoss(scores, labels), data.Count);
        }
        finally { model.Train(training); }
    }
}
