using Activa.Data.Ctr;
using Activa.Losses;
using Activa.Metrics;
using Activa.Models.Ctr;
using Activa.Optim;

namespace Activa.Training;

/// <summary>How a CTR model is trained: <see cref="EpochTrainOptions"/> (defaults 12 epochs, batch 256, learning rate 3e-3, patience 2) plus the embedding L2.</summary>
public sealed record CtrTrainOptions() : EpochTrainOptions(epochs: 12, batchSize: 256, learningRate: 3e-3f, patience: 2)
{
    /// <summary>
    /// λ of the mini-batch-aware L2 on the id embeddings (0: off); see <see cref="MiniBatchL2"/>. The default, 3, was the
    /// best of 0, 0.1, 1, 3 and 10 for DIN and DNN on the synthetic log (docs/ctr.md).
    /// </summary>
    public float EmbeddingL2 { get; init; } = 3f;
}

/// <summary>AUC, gAUC (per user, impression-weighted) and logloss of a model on a split.</summary>
/// <param name="Auc">Area under the ROC curve.</param>
/// <param name="GroupAuc">DIN's user-weighted AUC (NaN when no user has both classes).</param>
/// <param name="LogLoss">Mean binary cross-entropy of the predicted probabilities.</param>
/// <param name="Count">Samples evaluated.</param>
public sealed record CtrEvaluation(double Auc, double GroupAuc, double LogLoss, int Count);

/// <summary>One training epoch: mean training loss, validation metrics, seconds, batches skipped for NaN/∞ (<see cref="EpochTrainOptions.SkipNonFinite"/>).</summary>
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
    /// <exception cref="NonFiniteException">A loss, input or gradient became NaN or infinite (and <see cref="EpochTrainOptions.SkipNonFinite"/> is off).</exception>
    public static CtrFitResult Fit(CtrModel model, BehaviorSplits data, CtrTrainOptions options, IProgress<CtrEpoch>? progress = null)
    {
        if (options.Epochs < 1 || options.BatchSize < 1 || !(options.LearningRate > 0) || options.Patience < 1 || !(options.EmbeddingL2 >= 0))
            throw new ArgumentException($"CTR training: epochs, batch size and patience must be positive the learning rate > 0 and the embedding L2 ≥ 0 (got {options}).");
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var regulariser = options.EmbeddingL2 > 0 ? new MiniBatchL2(model.TablesOf(data.Train), options.EmbeddingL2) : null;
        var rng = new Generator(options.Seed);
        var steps = new EpochSteps(optimizer, new NonFiniteGuard("CTR training", model.NamedParameters().ToList(), options.SkipNonFinite), options);
        var best = new BestEpoch<CtrEvaluation>(model, options.Patience, (a, b) => a.Auc > b.Auc);
        var order = Enumerable.Range(0, data.Train.Count).ToArray();
        var history = new List<CtrEpoch>();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            steps.Begin(model);
            rng.Shuffle<int>(order);
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                var batch = new CtrBatch(data.Train, order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)));
                var loss = Loss.BinaryCrossEntropyWithLogits(model.Logits(batch), batch.Labels);
                steps.Take(epoch, loss, () => [("label", batch.Labels)], regulariser != null ? () => regulariser.Penalty(model.TablesOf(batch)) : null);
            }
            var validation = Evaluate(model, data.Validation);
            var record = new CtrEpoch(epoch, steps.MeanLoss, validation, steps.Seconds, steps.Skipped);
            history.Add(record);
            progress?.Report(record);
            if (!best.Continue(epoch, validation)) break;
        }
        best.Restore();
        return new CtrFitResult(history, best.Epoch, best.Validation!, Evaluate(model, data.Test));
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
