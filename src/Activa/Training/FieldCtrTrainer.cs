using Activa.Data;
using Activa.Data.Ctr.Features;
using Activa.Losses;
using Activa.Metrics;
using Activa.Models.Ctr.Fields;
using Activa.Optim;

namespace Activa.Training;

/// <summary>A split of a row file: a name for messages and a way to open its rows afresh (once per epoch).</summary>
/// <param name="Name">"train", "validation", "test" or a file name.</param>
/// <param name="Open">Opens the split's rows from the start.</param>
public sealed record RowSplit(string Name, Func<IRowSource> Open);

/// <summary>The three splits a field model trains, stops early and is tested on.</summary>
public sealed record FieldSplits(RowSplit Train, RowSplit Validation, RowSplit Test);

/// <summary>How a field model is trained: <see cref="CtrTrainOptions"/> plus what streaming rows needs.</summary>
public sealed record FieldTrainOptions
{
    /// <summary>Epochs, batch size, learning rate, patience, mini-batch-aware L2, seed.</summary>
    public CtrTrainOptions Training { get; init; } = new();
    /// <summary>Malformed rows: stop (the default; file and line in the message) or skip (counted).</summary>
    public BadRowPolicy BadRows { get; init; } = BadRowPolicy.Stop;
    /// <summary>Training rows are read this many at a time and shuffled within the chunk (65,536 by default): the bound on
    /// the memory of an epoch, and how far a sample can move from its place in the file.</summary>
    public int ShuffleBuffer { get; init; } = 65_536;
    /// <summary>A categorical field whose ids group impressions for gAUC (a user id), or null (gAUC is NaN).</summary>
    public string? GroupField { get; init; }
}

/// <summary>Metrics of a model on a split, and what reading it did (rows read, malformed rows skipped).</summary>
public sealed record FieldEvaluation(CtrEvaluation Metrics, ReadSummary Rows);

/// <summary>The outcome of <see cref="FieldCtrTrainer.Fit"/>, with the rows read from each split (skipped ones counted).</summary>
public sealed record FieldFitResult(CtrFitResult Fit, ReadSummary Train, ReadSummary Validation, ReadSummary Test);

/// <summary>
/// Trains a <see cref="FieldCtrModel"/> on rows streamed through a fitted <see cref="FeaturePipeline"/>, like
/// <see cref="CtrTrainer"/>: binary cross-entropy, Adam (row-sparse embedding updates), mini-batch-aware L2, validation
/// AUC after each epoch, early stopping with the best weights restored, one test evaluation. Each epoch reopens the
/// training split and reads it in chunks of <see cref="FieldTrainOptions.ShuffleBuffer"/> rows, shuffled within the chunk.
/// Memory: the model (twice: the best weights are kept), one chunk of encoded rows plus one mini-batch, the pipeline's
/// vocabularies, the source's buffer, and 12 bytes per evaluated row (score, label, group).
/// </summary>
public static class FieldCtrTrainer
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="data"/>, encoded by <paramref name="pipeline"/>.</summary>
    /// <exception cref="ArgumentException">Bad options, an empty split, a split with one class, or a group field that is not categorical.</exception>
    /// <exception cref="DataFormatException">A missing column, or a malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    /// <exception cref="NonFiniteException">A loss, input or gradient became NaN or infinite (and <see cref="EpochTrainOptions.SkipNonFinite"/> is off).</exception>
    public static FieldFitResult Fit(FieldCtrModel model, FeaturePipeline pipeline, FieldSplits data, FieldTrainOptions options,
        IProgress<CtrEpoch>? progress = null)
    {
        var o = options.Training;
        if (o.Epochs < 1 || o.BatchSize < 1 || !(o.LearningRate > 0) || o.Patience < 1 || !(o.EmbeddingL2 >= 0))
            throw new ArgumentException($"CTR training: epochs, batch size and patience must be positive, the learning rate > 0 and the embedding L2 ≥ 0 (got {o}).");
        if (options.ShuffleBuffer < o.BatchSize)
            throw new ArgumentException($"CTR training: the shuffle buffer ({options.ShuffleBuffer} rows) must hold at least one batch ({o.BatchSize}).");
        CheckGroupField(model, options.GroupField);
        var optimizer = new Adam(model.Parameters(), o.LearningRate);
        MiniBatchL2? regulariser = null;
        if (o.EmbeddingL2 > 0)
            using (var source = data.Train.Open())
                regulariser = new MiniBatchL2(model.Inputs.Tables, pipeline.Batches(source, 4096, options.BadRows).Select(model.Inputs.TablesOf), o.EmbeddingL2);
        var rng = new Generator(o.Seed);
        var steps = new EpochSteps(optimizer, new NonFiniteGuard("CTR training", model.NamedParameters().ToList(), o.SkipNonFinite), o);
        var best = new BestEpoch<FieldEvaluation>(model, o.Patience, (a, b) => a.Metrics.Auc > b.Metrics.Auc);
        var history = new List<CtrEpoch>();
        ReadSummary? trainRows = null;
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            steps.Begin(model);
            using (var source = data.Train.Open())
            {
                var chunks = pipeline.Batches(source, options.ShuffleBuffer, options.BadRows);
                foreach (var chunk in chunks)
                {
                    var order = Enumerable.Range(0, chunk.Count).ToArray();
                    rng.Shuffle<int>(order);
                    for (int start = 0; start < order.Length; start += o.BatchSize)
                    {
                        var batch = FeatureBatchRows.Gather(chunk, order.AsSpan(start, Math.Min(o.BatchSize, order.Length - start)));
                        var loss = Loss.BinaryCrossEntropyWithLogits(model.Logits(batch), Tensor.FromArray(batch.Labels, batch.Count));
                        steps.Take(epoch, loss, () => Columns(batch), regulariser != null ? () => regulariser.Penalty(model.Inputs.TablesOf(batch)) : null);
                    }
                }
                trainRows ??= chunks.Summary;
            }
            if (steps.Steps == 0 && steps.Skipped == 0) throw new ArgumentException($"CTR training: the training split '{data.Train.Name}' has no usable rows ({trainRows}).");
            var validation = Evaluate(model, pipeline, data.Validation, options.BadRows, options.GroupField);
            var record = new CtrEpoch(epoch, steps.MeanLoss, validation.Metrics, steps.Seconds, steps.Skipped);
            history.Add(record);
            progress?.Report(record);
            if (!best.Continue(epoch, validation)) break;
        }
        best.Restore();
        var test = Evaluate(model, pipeline, data.Test, options.BadRows, options.GroupField);
        return new FieldFitResult(new CtrFitResult(history, best.Epoch, best.Validation!.Metrics, test.Metrics), trainRows!, best.Validation.Rows, test.Rows);
    }

    /// <summary>AUC, gAUC (when <paramref name="groupField"/> is given) and logloss of <paramref name="model"/> on a split.</summary>
    /// <exception cref="ArgumentException">The split is empty or holds one class; a group field that is not categorical.</exception>
    /// <exception cref="DataFormatException">A missing column, or a malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    public static FieldEvaluation Evaluate(FieldCtrModel model, FeaturePipeline pipeline, RowSplit split, BadRowPolicy badRows = BadRowPolicy.Stop,
        string? groupField = null, int batchSize = 2048)
    {
        CheckGroupField(model, groupField);
        var scores = new List<float>();
        var labels = new List<int>();
        var groups = new List<int>();
        ReadSummary rows;
        bool training = model.Training;
        model.Eval();
        try
        {
            using var source = split.Open();
            var batches = pipeline.Batches(source, batchSize, badRows);
            foreach (var batch in batches)
            {
                scores.AddRange(model.Predict(batch));
                foreach (var l in batch.Labels) labels.Add((int)l);
                if (groupField != null)
                    for (int i = 0; i < batch.Count; i++) groups.Add(batch.CategoricalId(i, groupField));
            }
            rows = batches.Summary;
        }
        finally { model.Train(training); }
        if (scores.Count == 0) throw new ArgumentException($"CTR evaluation: the {split.Name} split has no usable rows ({rows}).");
        if (labels.All(l => l == labels[0]))
            throw new ArgumentException($"CTR evaluation: every label of the {split.Name} split ({scores.Count} rows) is {labels[0]}; AUC needs both classes.");
        double groupAuc = double.NaN;
        if (groupField != null)
            try { groupAuc = Binary.GroupAuc([.. scores], [.. labels], [.. groups]); }
            catch (ArgumentException) { }
        var metrics = new CtrEvaluation(Binary.Auc([.. scores], [.. labels]), groupAuc, Binary.LogLoss([.. scores], [.. labels]), scores.Count);
        return new FieldEvaluation(metrics, rows);
    }

    /// <summary>Click probabilities for every usable row of <paramref name="source"/>, in file order.</summary>
    /// <exception cref="DataFormatException">A missing column, or a malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    public static float[] Score(FieldCtrModel model, FeaturePipeline pipeline, IRowSource source, BadRowPolicy badRows = BadRowPolicy.Stop, int batchSize = 2048)
    {
        var scores = new List<float>();
        bool training = model.Training;
        model.Eval();
        try
        {
            foreach (var batch in pipeline.Batches(source, batchSize, badRows)) scores.AddRange(model.Predict(batch));
        }
        finally { model.Train(training); }
        return [.. scores];
    }

    /// <summary>The batch's float inputs by name, for the NaN/∞ search: the labels and each numeric field's column.</summary>
    private static IReadOnlyList<(string, Tensor)> Columns(FeatureBatch batch)
    {
        var columns = new List<(string, Tensor)> { ("label", Tensor.FromArray(batch.Labels, batch.Count)) };
        int fields = batch.NumericFields.Count;
        for (int f = 0; f < fields; f++)
        {
            var column = new float[batch.Count];
            for (int i = 0; i < column.Length; i++) column[i] = batch.Numeric[i * fields + f];
            columns.Add((batch.NumericFields[f], Tensor.FromArray(column, column.Length)));
        }
        return columns;
    }

    private static void CheckGroupField(FieldCtrModel model, string? field)
    {
        if (field != null && !model.Layout.CategoricalFields.Contains(field))
            throw new ArgumentException($"The gAUC group field '{field}' is not a categorical field of the schema (categorical fields: {string.Join(", ", model.Layout.CategoricalFields)}).");
    }
}
