using System.Text.Json;
using Activa.Data.Ctr;
using Activa.Data.Ctr.Features;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Training;

namespace Activa.IO;

/// <summary>What a CTR checkpoint records besides the weights: how to rebuild the model and where it came from.</summary>
/// <param name="Model">Model name (<see cref="CtrModel.Names"/>).</param>
/// <param name="Options">The model's hyper-parameters.</param>
/// <param name="Vocabulary">The id spaces it was built for.</param>
/// <param name="Data">The dataset it was trained on ("synthetic", "movielens").</param>
/// <param name="Seed">The seed of data, weights and batch order.</param>
public sealed record CtrRunInfo(string Model, CtrModelOptions Options, CtrVocabulary Vocabulary, string Data, ulong Seed);

/// <summary>What a CTR checkpoint of a model trained on a file records besides the weights and the fitted pipeline.</summary>
/// <param name="Model">Model name (<see cref="FieldCtrModel.Names"/>).</param>
/// <param name="Options">The model's hyper-parameters.</param>
/// <param name="Files">The data file, schema and splits it was trained on (paths made absolute).</param>
/// <param name="Seed">The seed of weights and batch order.</param>
/// <param name="GroupField">The categorical field that groups impressions for gAUC, or null.</param>
public sealed record FieldRunInfo(string Model, CtrModelOptions Options, CtrFileSpec Files, ulong Seed, string? GroupField);

/// <summary>
/// CTR checkpoints: the model's weights and buffers as safetensors with the run information as JSON metadata, written
/// atomically like every checkpoint. Two formats ("activa.format"): <see cref="Format"/> for the behaviour-sample models
/// (<see cref="CtrRunInfo"/> in "activa.ctr"), <see cref="FieldsFormat"/> for models trained on a file through a
/// feature pipeline (<see cref="FieldRunInfo"/> in "activa.ctr", the fitted pipeline's JSON in "activa.features").
/// </summary>
public static class CtrCheckpoint
{
    /// <summary>The format tag of a CTR checkpoint of a behaviour-sample model.</summary>
    public const string Format = "activa-ctr/1";
    /// <summary>The format tag of a CTR checkpoint of a field model, with its feature pipeline inside.</summary>
    public const string FieldsFormat = "activa-ctr/2";

    /// <summary>The "activa.format" tag of <paramref name="path"/> (null if it has none).</summary>
    /// <exception cref="CheckpointFormatException">Not a safetensors file.</exception>
    public static string? FormatOf(string path) => RunCheckpoint.Open(path).Format;

    /// <summary>Writes a field model, its run information and its fitted pipeline to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, FieldCtrModel model, FieldRunInfo info, FeaturePipeline pipeline) =>
        RunCheckpoint.Save(path, model, FieldsFormat, ("activa.ctr", JsonSerializer.Serialize(info)), ("activa.features", pipeline.ToJson()));

    /// <summary>Reads a field-model checkpoint: the model with its weights, the run information and the fitted pipeline.</summary>
    /// <exception cref="CheckpointFormatException">Not such a checkpoint, damaged metadata or weights (checksum mismatch,
    /// NaN/±∞ unless <paramref name="options"/> allow them), or weights that do not fit the model.</exception>
    public static (FieldCtrModel Model, FieldRunInfo Info, FeaturePipeline Pipeline) LoadFields(string path, SafeTensorsLoadOptions? options = null)
    {
        var (file, format) = RunCheckpoint.Open(path, options);
        if (format != FieldsFormat)
            throw new CheckpointFormatException(path, $"{path}: not a CTR checkpoint of a model trained on a file (format '{format ?? "none"}', expected {FieldsFormat}).");
        var info = RunCheckpoint.Read<FieldRunInfo>(path, file, "activa.ctr", "CTR");
        var pipeline = RunCheckpoint.Read(path, file, "activa.features", "CTR", FeaturePipeline.FromJson);
        var model = RunCheckpoint.Rebuild(path, file, info.Model, () => FieldCtrModel.Create(info.Model, new FieldLayout(pipeline), info.Options, info.Seed));
        return (model, info, pipeline);
    }

    /// <summary>Writes <paramref name="model"/> and <paramref name="info"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, CtrModel model, CtrRunInfo info) =>
        RunCheckpoint.Save(path, model, Format, ("activa.ctr", JsonSerializer.Serialize(info)));

    /// <summary>Reads a CTR checkpoint and rebuilds its model with the saved weights.</summary>
    /// <exception cref="CheckpointFormatException">Not a CTR checkpoint, damaged metadata or weights (checksum mismatch,
    /// NaN/±∞ unless <paramref name="options"/> allow them), or weights that do not fit the model.</exception>
    public static (CtrModel Model, CtrRunInfo Info) Load(string path, SafeTensorsLoadOptions? options = null)
    {
        var (file, format) = RunCheckpoint.Open(path, options);
        if (format != Format)
            throw format == FieldsFormat
                ? new CheckpointFormatException(path, $"{path}: a CTR checkpoint of a model trained on a file ({FieldsFormat}); load it with LoadFields.")
                : new CheckpointFormatException(path, $"{path}: not a CTR checkpoint (format '{format ?? "none"}', expected {Format}).");
        var info = RunCheckpoint.Read<CtrRunInfo>(path, file, "activa.ctr", "CTR");
        return (RunCheckpoint.Rebuild(path, file, info.Model, () => CtrModel.Create(info.Model, info.Vocabulary, info.Options, info.Seed)), info);
    }
}
