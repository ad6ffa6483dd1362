using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Activa.Training;

/// <summary>Writes the per-epoch metrics of a run as metrics.json and metrics.csv (each atomically).</summary>
public static class MetricsWriter
{
    /// <summary>Writes both files into <paramref name="directory"/>.</summary>
    public static void Write(string directory, IReadOnlyList<EpochMetrics> history)
    {
        WriteAtomic(Path.Combine(directory, "metrics.json"), JsonSerializer.Serialize(history, new JsonSerializerOptions { WriteIndented = true }));
        var csv = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,samples_per_second,skipped_batches,learning_rate\n");
        foreach (var m in history)
            csv.AppendLine(string.Join(",",
                m.Epoch.ToString(CultureInfo.InvariantCulture), F(m.TrainLoss), F(m.TrainAccuracy), F(m.ValidationLoss), F(m.ValidationAccuracy),
                F(m.Seconds), F(m.SamplesPerSecond), m.SkippedBatches.ToString(CultureInfo.InvariantCulture), F(m.LearningRate)));
        WriteAtomic(Path.Combine(directory, "metrics.csv"), csv.ToString());
    }

    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="report"/> as indented camel-case JSON (NaN and ∞ as names), atomically: the run reports (pruning.json, ...).</summary>
    public static void WriteJson(string path, object report) => WriteAtomic(path, JsonSerializer.Serialize(report, ReportJson));

    private static string F(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>Writes a text file through a temporary file and a rename, so readers never see half of it.</summary>
    public static void WriteAtomic(string path, string contents) => WriteAtomic(path, writer => writer.Write(contents));

    /// <summary>
    /// Streams a text file through <paramref name="write"/> into a temporary file beside <paramref name="path"/>, then
    /// moves it into place: memory stays bounded however long the file, and a failure leaves any previous file intact.
    /// </summary>
    public static void WriteAtomic(string path, Action<TextWriter> write) => IO.AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
        write(writer);
    });
}
