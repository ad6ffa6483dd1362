using System.Text.Json;
using Activa.Data.Forecasting;
using Activa.Models.Forecasting;

namespace Activa.IO;

/// <summary>What a forecasting checkpoint records besides the weights: how to rebuild the model and its data.</summary>
/// <param name="Model">Model name (<see cref="ForecastModel.Names"/>).</param>
/// <param name="Options">The model's hyper-parameters (L, H, C, …).</param>
/// <param name="Data">The series it was trained on: a dataset name or a CSV path.</param>
/// <param name="Columns">The columns forecast, in order.</param>
/// <param name="Protocol">The split protocol.</param>
/// <param name="Mode">Whether the windows held every channel or one each.</param>
/// <param name="Seed">The seed of weights and batch order.</param>
/// <param name="Mean">The standardisation's per-column means (fitted on the training split).</param>
/// <param name="Std">The standardisation's per-column standard deviations.</param>
public sealed record ForecastRunInfo(string Model, ForecastModelOptions Options, string Data, IReadOnlyList<string> Columns,
    SplitProtocol Protocol, ChannelMode Mode, ulong Seed, float[] Mean, float[] Std);

/// <summary>
/// Forecasting checkpoints: the model's weights as safetensors with the <see cref="ForecastRunInfo"/> as JSON metadata
/// ("activa.format" = <see cref="Format"/>), written atomically like every checkpoint.
/// </summary>
public static class ForecastCheckpoint
{
    /// <summary>The format tag of a forecasting checkpoint.</summary>
    public const string Format = "activa-forecast/1";

    /// <summary>Writes <paramref name="model"/> and <paramref name="info"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, ForecastModel model, ForecastRunInfo info) =>
        RunCheckpoint.Save(path, model, Format, ("activa.forecast", JsonSerializer.Serialize(info)));

    /// <summary>Reads a forecasting checkpoint and rebuilds its model with the saved weights.</summary>
    /// <exception cref="CheckpointFormatException">Not a forecasting checkpoint, damaged metadata or weights (checksum
    /// mismatch, NaN/±∞ unless <paramref name="options"/> allow them), or weights that do not fit the model.</exception>
    public static (ForecastModel Model, ForecastRunInfo Info) Load(string path, SafeTensorsLoadOptions? options = null)
    {
        var (file, format) = RunCheckpoint.Open(path, options);
        if (format != Format)
            throw new CheckpointFormatException(path, $"{path}: not a forecasting checkpoint (format '{format ?? "none"}', expected {Format}).");
        var info = RunCheckpoint.Read<ForecastRunInfo>(path, file, "activa.forecast", "forecasting");
        if (info.Mean.Length != info.Columns.Count || info.Std.Length != info.Columns.Count)
            throw new CheckpointFormatException(path, $"{path}: damaged forecasting metadata: {info.Columns.Count} columns but {info.Mean.Length} means and {info.Std.Length} standard deviations");
        return (RunCheckpoint.Rebuild(path, file, info.Model, () => ForecastModel.Create(info.Model, info.Options, info.Seed)), info);
    }
}
