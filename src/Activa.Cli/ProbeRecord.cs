using System.Text.Json;
using System.Text.Json.Serialization;
using Activa.Analysis;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// <c>activa train --probe</c>: activation probes on the training passes, closed at every epoch and written to the run's
/// probes.json (one <see cref="ProbeEpoch"/> per epoch, appended to on <c>--resume</c>), which <c>activa analyze</c> draws
/// as dead-neuron curves.
/// </summary>
internal static class ProbeRecord
{
    /// <summary>File name of the per-epoch record in a run folder.</summary>
    public const string FileName = "probes.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Attaches training-mode probes (no histograms) to <paramref name="trainer"/>'s model and records each epoch; dispose to detach.</summary>
    /// <exception cref="ArgumentException">The model has no activation layer (a KAN).</exception>
    public static IDisposable Attach(Trainer trainer)
    {
        if (!trainer.Model.NamedModules().Any(m => ActivationProbes.IsActivationModule(m.Module)))
            throw new ArgumentException($"--probe records activation layers, and this {trainer.Config.Model} has none.");
        var probes = ActivationProbes.Attach(trainer.Model, new ProbeOptions { Mode = ProbeMode.Training, Histograms = false });
        string? path = trainer.OutputDirectory is { } dir ? Path.Combine(dir, FileName) : null;
        var history = path != null ? [.. Read(path).Where(e => e.Epoch <= trainer.EpochsCompleted)] : new List<ProbeEpoch>();
        trainer.EpochCompleted += metrics =>
        {
            var epoch = probes.EndEpoch(metrics.Epoch);
            history.Add(epoch);
            Console.WriteLine($"  probes, epoch {metrics.Epoch}: dynamic dead-neuron rate {epoch.DynamicDeadRate:P1}, static dead units {epoch.StaticDeadFraction:P1}");
            if (path != null) MetricsWriter.WriteAtomic(path, JsonSerializer.Serialize(history, Json));
        };
        return probes;
    }

    /// <summary>The epochs recorded in <paramref name="path"/> (none when the file does not exist).</summary>
    /// <exception cref="JsonException">The file is damaged.</exception>
    public static List<ProbeEpoch> Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<List<ProbeEpoch>>(File.ReadAllText(path), Json) ?? [] : [];
}
