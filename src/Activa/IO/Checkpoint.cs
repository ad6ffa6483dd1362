using System.Text.Json;
using System.Text.Json.Serialization;
using Activa.Models;
using Activa.Training;

namespace Activa.IO;

/// <summary>Where a training run stands: enough, with the tensors, to continue it bit for bit.</summary>
public sealed record TrainingProgress
{
    /// <summary>Epochs fully completed.</summary>
    public int EpochsCompleted { get; init; }
    /// <summary>
    /// Batches of the next epoch already trained: non-zero only in the checkpoint written when training stops
    /// on a non-finite loss or gradient, so that a resumed run retries that batch (the epoch's reported
    /// metrics then cover only the batches after the restart).
    /// </summary>
    public int BatchesInEpoch { get; init; }
    /// <summary>Batches trained so far (global step).</summary>
    public long Step { get; init; }
    /// <summary>Optimiser steps taken.</summary>
    public long OptimizerSteps { get; init; }
    /// <summary>Learning-rate scheduler steps taken.</summary>
    public int SchedulerSteps { get; init; }
    /// <summary>State of <see cref="Generator.Default"/> (dropout masks).</summary>
    public GeneratorState? Generator { get; init; }
    /// <summary>The run's options.</summary>
    public TrainOptions Options { get; init; } = new();
    /// <summary>Per-epoch metrics so far.</summary>
    public List<EpochMetrics> History { get; init; } = [];
    /// <summary>
    /// The weights were pruned (<c>activa prune</c>): a resumed run holds every Linear weight that is exactly zero at zero
    /// after each optimiser step, so further training does not revive pruned connections.
    /// </summary>
    public bool Pruned { get; init; }
}

/// <summary>A checkpoint's contents: architecture, weights, optimiser state and progress.</summary>
public sealed record CheckpointData(
    ModelConfig Config,
    IReadOnlyDictionary<string, Tensor> Model,
    IReadOnlyDictionary<string, Tensor> Optimizer,
    TrainingProgress Progress);

/// <summary>
/// Checkpoints as safetensors files: weights under "model/NAME", optimiser state under
/// "optimizer/PARAM.SLOT", and JSON metadata ("activa.format", "activa.config", "activa.progress").
/// Writes are atomic (temporary file, then rename), so a crash never leaves a half-written checkpoint.
/// </summary>
public static class Checkpoint
{
    /// <summary>The format tag written into every checkpoint.</summary>
    public const string Format = "activa-checkpoint/1";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, CheckpointData data)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, t) in data.Model) tensors["model/" + k] = t;
        foreach (var (k, t) in data.Optimizer) tensors["optimizer/" + k] = t;
        var metadata = new Dictionary<string, string>
        {
            ["activa.format"] = Format,
            ["activa.config"] = data.Config.ToJson(),
            ["activa.progress"] = ProgressToJson(data.Progress),
        };
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>The progress as the JSON of "activa.progress".</summary>
    internal static string ProgressToJson(TrainingProgress progress) => JsonSerializer.Serialize(progress, Json);

    /// <summary>Parses the JSON of "activa.progress".</summary>
    /// <exception cref="JsonException">Not valid JSON for a <see cref="TrainingProgress"/>, or null.</exception>
    internal static TrainingProgress ProgressFromJson(string json) =>
        JsonSerializer.Deserialize<TrainingProgress>(json, Json) ?? throw new JsonException("progress is null");

    /// <summary>
    /// Reads a checkpoint; a file that is not one (or is damaged: a tensor whose checksum does not match, NaN/±∞ weights
    /// unless <paramref name="options"/> allow them) gives a <see cref="CheckpointFormatException"/>. Checkpoints written
    /// before checksums existed load unverified (<see cref="SafeTensors.Load(string, SafeTensorsLoadOptions?)"/>).
    /// </summary>
    public static CheckpointData Load(string path, SafeTensorsLoadOptions? options = null)
    {
        var file = SafeTensors.Load(path, options);
        string Meta(string key) => file.Metadata.TryGetValue(key, out var v)
            ? v : throw new CheckpointFormatException(path, $"{path}: not an Activa checkpoint (metadata '{key}' is missing).");
        if (Meta("activa.format") != Format)
            throw new CheckpointFormatException(path, $"{path}: unsupported checkpoint format '{Meta("activa.format")}' (expected {Format}).");
        ModelConfig config;
        TrainingProgress progress;
        try
        {
            config = ModelConfig.FromJson(Meta("activa.config"));
            progress = ProgressFromJson(Meta("activa.progress"));
            JsonCompleteness.Require(config, "the model config");
            JsonCompleteness.Require(progress, "the progress");
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"{path}: damaged checkpoint metadata: {e.Message}");
        }
        var model = new Dictionary<string, Tensor>();
        var optimizer = new Dictionary<string, Tensor>();
        foreach (var (name, t) in file.Tensors)
        {
            if (name.StartsWith("model/", StringComparison.Ordinal)) model[name["model/".Length..]] = t;
            else if (name.StartsWith("optimizer/", StringComparison.Ordinal)) optimizer[name["optimizer/".Length..]] = t;
            else throw new CheckpointFormatException(path, $"{path}: unexpected tensor '{name}' (expected model/... or optimizer/...).");
        }
        return new CheckpointData(config, model, optimizer, progress);
    }

    /// <summary>
    /// Reads a classifier checkpoint (<see cref="Load"/>) and rebuilds its model with the saved weights, as
    /// <c>activa eval</c> does: the model is built from the config (weights drawn from <paramref name="generator"/>,
    /// then overwritten) only after checking that the file holds at least as many weights as the config's layer widths
    /// imply, so a damaged config cannot make it allocate a huge model.
    /// </summary>
    /// <exception cref="CheckpointFormatException">As <see cref="Load"/>; or a config that cannot be built, or weights that
    /// do not fit it (the message names the file and the fault).</exception>
    public static (Nn.Module Model, CheckpointData Data) LoadModel(string path, SafeTensorsLoadOptions? options = null, Generator? generator = null)
    {
        var data = Load(path, options);
        long held = data.Model.Values.Sum(t => (long)t.Numel);
        long least = LeastWeights(data.Config);
        if (least > held)
            throw new CheckpointFormatException(path, $"{path}: damaged checkpoint: its config ({data.Config.Inputs} inputs, hidden [{string.Join(", ", data.Config.Hidden)}], {data.Config.Outputs} outputs) needs at least {least:N0} weights but the file holds {held:N0}.");
        try
        {
            var model = data.Config.Build(generator);
            model.LoadStateDict(data.Model);
            return (model, data);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFormatException(path, $"{path}: the checkpoint's '{data.Config.Model}' model cannot be rebuilt: {e.Message}", e);
        }
    }

    /// <summary>A lower bound of the weights of any model family for the config's widths: one per connection between consecutive layers (saturating).</summary>
    private static long LeastWeights(ModelConfig config)
    {
        long total = 0, previous = Math.Max(0, config.Inputs);
        foreach (int width in config.Hidden.Append(config.Outputs))
        {
            total += previous * Math.Max(0, width);
            if (total > 1L << 62) return total;
            previous = Math.Max(0, width);
        }
        return total;
    }
}
