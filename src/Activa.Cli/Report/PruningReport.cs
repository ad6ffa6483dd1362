using System.Globalization;
using System.Text.Json;
using Activa.Plots.Report;

namespace Activa.Cli.Report;

/// <summary>
/// The pruning part of a run's section, from the run folder's pruning.json (<c>activa prune</c>): its settings and
/// results, validation accuracy against weight sparsity (as <c>activa analyze</c> draws it), and one row per cycle; and
/// the records of <c>activa sparsify</c> (sparsify.json) and <c>activa kan prune</c> (kan-pruning.json) as tables.
/// </summary>
internal static class PruningReport
{
    /// <summary>The other records a run folder may hold: file, heading, caption.</summary>
    private static readonly (string File, string Heading, string Caption)[] Records =
    [
        ("sparsify.json", "Activation sparsity", "thresholds and sparsity per layer, loss and accuracy before and after (sparsify.json, activa sparsify)"),
        ("kan-pruning.json", "KAN pruning", "settings and results (kan-pruning.json, activa kan prune)"),
    ];

    /// <summary>Adds each record of <see cref="Records"/> that <paramref name="runDir"/> holds, flattened into a table.</summary>
    /// <exception cref="Data.DataFormatException">A record is not valid JSON.</exception>
    public static void AddRecords(ReportSection section, string runDir)
    {
        foreach (var (file, heading, caption) in Records)
        {
            string path = Path.Combine(runDir, file);
            if (!File.Exists(path)) continue;
            List<(string Key, string Value)> rows;
            try
            {
                rows = JsonSettings.Flatten(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                throw new Data.DataFormatException(path, $"not valid JSON: {e.Message}", e);
            }
            section.Heading(heading);
            section.KeyValues(caption, rows);
        }
    }

    /// <summary>The record <c>activa prune</c> writes into its run folder.</summary>
    public const string FileName = "pruning.json";

    /// <summary>Adds what <paramref name="runDir"/>'s pruning.json holds; nothing when there is none.</summary>
    /// <exception cref="Data.DataFormatException">pruning.json is not valid JSON or a cycle lacks its sparsity.</exception>
    public static void Add(ReportSection section, string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (!File.Exists(path)) return;
        string text = File.ReadAllText(path);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            section.Heading("Pruning");
            section.KeyValues("settings and results (pruning.json, activa prune)", JsonSettings.Flatten(text, "cycleResults"));
            if (!root.TryGetProperty("cycleResults", out var cycles) || cycles.ValueKind != JsonValueKind.Array || cycles.GetArrayLength() == 0) return;
            var xs = new List<double>();
            var ys = new List<double>();
            if (root.TryGetProperty("before", out var before) && before.TryGetProperty("validationAccuracy", out var dense) && dense.ValueKind == JsonValueKind.Number)
            {
                xs.Add(0);
                ys.Add(100 * dense.GetDouble());
            }
            var rows = new List<IReadOnlyList<string>>();
            foreach (var c in cycles.EnumerateArray())
            {
                double sparsity = c.GetProperty("sparsity").GetDouble();
                double accuracy = Number(c, "validationAccuracy");
                if (double.IsFinite(accuracy))
                {
                    xs.Add(100 * sparsity);
                    ys.Add(100 * accuracy);
                }
                string layers = c.TryGetProperty("layerSparsity", out var l) && l.ValueKind == JsonValueKind.Object
                    ? string.Join(", ", l.EnumerateObject().Select(p => $"{p.Name} {Fmt.Pct(p.Value.GetDouble())}")) : "";
                rows.Add([Number(c, "cycle").ToString(CultureInfo.InvariantCulture), Fmt.Pct(Number(c, "targetSparsity")), Fmt.Pct(sparsity),
                    Fmt.N((long)Number(c, "remainingWeights")), Fmt.F4(Number(c, "validationLoss")), Fmt.Pct(accuracy), layers]);
            }
            if (xs.Count > 0)
                section.Figure("validation accuracy against weight sparsity: dense (0 %), then after each cycle",
                    ReportFigures.Curves([(root.TryGetProperty("method", out var m) ? m.GetString() ?? "pruning" : "pruning", xs, ys)],
                        "weight sparsity (%)", "validation accuracy (%)", width: ReportFigures.Width, height: ReportFigures.Height));
            section.Table("one row per cycle (pruning.json)", ["cycle", "target sparsity", "sparsity", "remaining weights", "validation loss", "validation accuracy", "sparsity per layer"], rows);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new Data.DataFormatException(path, $"not the record of activa prune: {e.Message}", e);
        }
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
}
