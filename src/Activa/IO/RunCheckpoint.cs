using System.Text.Json;
using Activa.Nn;

namespace Activa.IO;

/// <summary>
/// What the model checkpoints (CTR, forecasting) share: safetensors with a format tag and the run as JSON metadata,
/// read back with errors that name the file and the fault.
/// </summary>
internal static class RunCheckpoint
{
    /// <summary>Writes <paramref name="model"/>'s weights with the format tag and each metadata entry, atomically.</summary>
    public static void Save(string path, Module model, string format, params (string Key, string Json)[] metadata)
    {
        var entries = new Dictionary<string, string> { ["activa.format"] = format };
        foreach (var (key, json) in metadata) entries[key] = json;
        SafeTensors.Save(path, model.StateDict(), entries);
    }

    /// <summary>Loads <paramref name="path"/> and returns it with its format tag (null when it has none).</summary>
    public static (SafeTensorsFile File, string? Format) Open(string path, SafeTensorsLoadOptions? options = null)
    {
        var file = SafeTensors.Load(path, options);
        return (file, file.Metadata.GetValueOrDefault("activa.format"));
    }

    /// <summary>The metadata entry <paramref name="key"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="CheckpointFormatException">The entry is missing or is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T Read<T>(string path, SafeTensorsFile file, string key, string kind, Func<string, T>? parse = null)
    {
        try
        {
            string json = file.Metadata.GetValueOrDefault(key) ?? throw new JsonException($"the entry '{key}' is missing");
            var value = (parse != null ? parse(json) : JsonSerializer.Deserialize<T>(json)) ?? throw new JsonException($"the entry '{key}' is null");
            if (parse is null) JsonCompleteness.Require(value, $"the entry '{key}'");
            return value;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new CheckpointFormatException(path, $"{path}: damaged {kind} metadata: {e.Message}");
        }
    }

    /// <summary>Builds the model with <paramref name="create"/> and loads the file's weights into it.</summary>
    /// <exception cref="CheckpointFormatException">The model cannot be built or the weights do not fit it.</exception>
    public static TModel Rebuild<TModel>(string path, SafeTensorsFile file, string name, Func<TModel> create) where TModel : Module
    {
        try
        {
            var model = create();
            model.LoadStateDict(file.Tensors);
            return model;
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFormatException(path, $"{path}: the weights do not fit a '{name}' model: {e.Message}");
        }
    }
}
