using System.Text.Json;
using Activa.Data.Ctr;
using Activa.Models.Ctr;

namespace Activa.IO;

/// <summary>What a CTR checkpoint records besides the weights: how to rebuild the model and where it came from.</summary>
/// <param name="Model">Model name (<see cref="CtrModel.Names"/>).</param>
/// <param name="Options">The model's hyper-parameters.</param>
/// <param name="Vocabulary">The id spaces it was built for.</param>
/// <param name="Data">The dataset it was trained on ("synthetic", "movielens").</param>
/// <param name="Seed">The seed of data, weights and batch order.</param>
public sealed record CtrRunInfo(string Model, CtrModelOptions Options, CtrVocabulary Vocabulary, string Data, ulong Seed);

/// <summary>
/// CTR checkpoints: the model's weights and buffers as safetensors with the <see cref="CtrRunInfo"/> as JSON metadata
/// ("activa.format" = <see cref="Format"/>), written atomically like every checkpoint.
/// </summary>
public static class CtrCheckpoint
{
    /// <summary>The format tag of a CTR checkpoint.</summary>
    public const string Format = "activa-ctr/1";

    /// <summary>Writes <paramref name="model"/> and <paramref name="info"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, CtrModel model, CtrRunInfo info) =>
        SafeTensors.Save(path, model.StateDict(), new Dictionary<string, string>
        {
            ["activa.format"] = Format,
            ["activa.ctr"] = JsonSerializer.Serialize(info),
        });

    /// <summary>Reads a CTR checkpoint and rebuilds its model with the saved weights.</summary>
    /// <exception cref="CheckpointFormatException">Not a CTR checkpoint, damaged metadata, or weights that do not fit the model.</exception>
    public static (CtrModel Model, CtrRunInfo Info) Load(string path)
    {
        var file = SafeTensors.Load(path);
        if (!file.Metadata.TryGetValue("activa.format", out var format) || format != Format)
            throw new CheckpointFormatException(path, $"{path}: not a CTR checkpoint (format '{format ?? "none"}', expected {Format}).");
        CtrRunInfo info;
        try
        {
            info = JsonSerializer.Deserialize<CtrRunInfo>(file.Metadata.GetValueOrDefault("activa.ctr") ?? "null")
                   ?? throw new JsonException("the run information ('activa.ctr') is missing");
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"{path}: damaged CTR metadata: {e.Message}");
        }
        try
        {
            var model = CtrModel.Create(info.Model, info.Vocabulary, info.Options, info.Seed);
            model.LoadStateDict(file.Tensors);
            return (model, info);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFormatException(path, $"{path}: the weights do not fit a '{info.Model}' model: {e.Message}");
        }
    }
}
