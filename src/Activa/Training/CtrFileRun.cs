using System.Text.Json;
using System.Text.Json.Serialization;
using Activa.Data.Ctr.Features;
using Activa.IO;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;

namespace Activa.Training;

/// <summary>What <see cref="CtrFileRun.Train"/> did: the trained model, its pipeline, the metrics and the files written.</summary>
/// <param name="Model">The trained model (best validation epoch).</param>
/// <param name="Pipeline">The pipeline fitted on the training split.</param>
/// <param name="Result">Epochs, best epoch, test metrics, rows read and skipped per split.</param>
/// <param name="Checkpoint">The checkpoint written (pipeline inside).</param>
public sealed record CtrFileTrainResult(FieldCtrModel Model, FeaturePipeline Pipeline, FieldFitResult Result, string Checkpoint);

/// <summary>
/// <c>activa ctr train --data FILE --schema S</c> and <c>activa ctr eval RUN [--data FILE]</c> as library calls: fit the
/// pipeline on the training split, train a field model, write the run folder (checkpoint with the pipeline inside,
/// history.json); evaluate a saved run on its test split or on another file with the saved pipeline.
/// </summary>
public static class CtrFileRun
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Trains model <paramref name="model"/> on <paramref name="files"/> and writes <paramref name="runDir"/>.</summary>
    /// <param name="files">Data, schema and splits.</param>
    /// <param name="model">One of <see cref="FieldCtrModel.Names"/>.</param>
    /// <param name="options">Model hyper-parameters.</param>
    /// <param name="training">Training settings (bad-row policy, seed, gAUC group field included).</param>
    /// <param name="runDir">Folder for checkpoint.safetensors and history.json (created).</param>
    /// <param name="log">Receives one line per stage (sizes, rows skipped), or null.</param>
    /// <param name="progress">Hears each epoch.</param>
    /// <exception cref="ArgumentException">Bad options, schema or splits; DIN without an attended sequence; an unknown model.</exception>
    /// <exception cref="Data.DataFormatException">A missing column, or a malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    public static CtrFileTrainResult Train(CtrFileSpec files, string model, CtrModelOptions options, FieldTrainOptions training, string runDir,
        TextWriter? log = null, IProgress<CtrEpoch>? progress = null)
    {
        var name = model.Trim().ToLowerInvariant();
        if (!FieldCtrModel.Names.Contains(name)) throw new ArgumentException($"Unknown CTR model '{model}'. Valid: {string.Join(", ", FieldCtrModel.Names)}.");
        var schema = CtrFileData.LoadSchema(files);
        if (name == "din") FieldDin.CheckSchema(schema);
        if (training.GroupField is string group && !schema.Fields.Any(f => f.Name == group && f.IsCategoricalId))
            throw new ArgumentException($"--user-field '{group}' is not a categorical field of the schema (categorical fields: " +
                                        $"{string.Join(", ", schema.Fields.Where(f => f.IsCategoricalId).Select(f => f.Name))}).");
        var splits = CtrFileData.Split(files);
        FeaturePipeline pipeline;
        using (var train = splits.Train.Open())
            pipeline = FeaturePipeline.Fit(schema, train, new FitOptions { BadRows = training.BadRows, Seed = training.Training.Seed });
        log?.WriteLine($"pipeline fitted on the training split of {files.Data}: {pipeline.FitSummary}");
        var layout = new FieldLayout(pipeline);
        var trained = FieldCtrModel.Create(name, layout, options, training.Training.Seed);
        log?.WriteLine($"{name}: {layout.Slots.Count} embedded fields in {layout.Tables.Count} tables ({layout.Tables.Sum(t => (long)t.Rows):N0} ids), " +
                       $"{layout.NumericFields.Count} numeric, {trained.ParameterCount:N0} parameters");
        var result = FieldCtrTrainer.Fit(trained, pipeline, splits, training, progress);
        if (result.Train.Skipped + result.Validation.Skipped + result.Test.Skipped > 0)
            log?.WriteLine($"malformed rows skipped: train {result.Train.Skipped}, validation {result.Validation.Skipped}, test {result.Test.Skipped} " +
                           $"(first: {string.Join("; ", result.Train.FirstReasons.Concat(result.Validation.FirstReasons).Concat(result.Test.FirstReasons).Take(3))})");
        Directory.CreateDirectory(runDir);
        string checkpoint = Path.Combine(runDir, "checkpoint.safetensors");
        CtrCheckpoint.Save(checkpoint, trained, new FieldRunInfo(name, options, files.Absolute(), training.Training.Seed, training.GroupField), pipeline);
        MetricsWriter.WriteAtomic(Path.Combine(runDir, "history.json"), JsonSerializer.Serialize(new
        {
            result.Fit.History, result.Fit.BestEpoch, result.Fit.BestValidation, result.Fit.Test,
            Rows = new
            {
                Train = new { result.Train.Rows, result.Train.Skipped },
                Validation = new { result.Validation.Rows, result.Validation.Skipped },
                Test = new { result.Test.Rows, result.Test.Skipped },
            },
        }, JsonOptions));
        return new CtrFileTrainResult(trained, pipeline, result, checkpoint);
    }

    /// <summary>
    /// Evaluates a checkpoint written by <see cref="Train"/>: on <paramref name="data"/> (every row, encoded with the saved
    /// pipeline; same layout as the training file) or, when null, on the test split of the run's own files.
    /// </summary>
    /// <exception cref="Data.DataFormatException">A missing column, or a malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    /// <param name="checkpoint">The checkpoint file.</param>
    /// <param name="data">A file to evaluate instead of the run's test split.</param>
    /// <param name="badRows">What to do with a malformed row.</param>
    /// <param name="prepare">Called with the loaded model before the pass (e.g. to attach activation probes).</param>
    /// <exception cref="CheckpointFormatException">Not a field-model CTR checkpoint.</exception>
    public static (FieldEvaluation Evaluation, FieldRunInfo Info) Evaluate(string checkpoint, string? data, BadRowPolicy badRows = BadRowPolicy.Stop,
        Action<Nn.Module>? prepare = null)
    {
        var (model, info, pipeline) = CtrCheckpoint.LoadFields(checkpoint);
        prepare?.Invoke(model);
        var split = data is null ? CtrFileData.Split(info.Files).Test : new RowSplit(data, () => CtrFileData.Open(data, info.Files.IsCriteo));
        return (FieldCtrTrainer.Evaluate(model, pipeline, split, badRows, info.GroupField), info);
    }
}
