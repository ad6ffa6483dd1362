using System.Text.Json;
using System.Text.Json.Serialization;
using Activa.Plots.Report;
using Activa.Training;

namespace Activa.Cli.Report;

/// <summary>
/// The section of a leaderboard folder written by <c>activa bench</c>: the ranked table (leaderboard.json), the test
/// accuracy and train loss per epoch of every entry (mean over its seeds) as SVG, each seed's result, and the activation
/// shapes (activations.png; the leaderboard does not save its models, so that figure is embedded as the PNG bench drew).
/// </summary>
internal static class LeaderboardReport
{
    /// <summary>The file that marks a leaderboard folder.</summary>
    public const string FileName = "leaderboard.json";

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private sealed record Entry(string Name, ulong Seed, double TestAccuracy, double TestLoss, double Seconds, double SamplesPerSecond, long Parameters,
        IReadOnlyList<EpochMetrics> History);

    /// <summary>Adds the section of the leaderboard in <paramref name="folder"/>.</summary>
    /// <exception cref="Data.DataFormatException">leaderboard.json is not what activa bench writes.</exception>
    public static RunSummary Add(HtmlReport report, string label, string folder)
    {
        string path = Path.Combine(folder, FileName);
        List<LeaderboardRow> rows;
        List<Entry> runs;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            rows = root.GetProperty("rows").Deserialize<List<LeaderboardRow>>(Json) ?? [];
            runs = [.. root.GetProperty("runs").EnumerateArray().Select(r => new Entry(
                r.GetProperty("activation").GetString() ?? "", r.GetProperty("seed").GetUInt64(), r.GetProperty("test_accuracy").GetDouble(),
                r.GetProperty("test_loss").GetDouble(), r.GetProperty("seconds").GetDouble(), r.GetProperty("samples_per_second").GetDouble(),
                r.GetProperty("parameters").GetInt64(), r.GetProperty("history").Deserialize<List<EpochMetrics>>(Json) ?? []))];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new Data.DataFormatException(path, $"not the leaderboard of activa bench: {e.Message}", e);
        }
        if (rows.Count == 0) throw new Data.DataFormatException(path, "the leaderboard has no row.");
        string column = Column(folder);
        int seeds = runs.GroupBy(r => r.Name).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        int epochs = runs.Select(r => r.History.Count).DefaultIfEmpty(0).Max();

        var section = report.AddSection($"{label}: leaderboard of {rows.Count} {(column == "model" ? "models" : "activations")}");
        section.Paragraph($"Leaderboard written by activa bench: {rows.Count} entries × up to {seeds} seeds, {epochs} epochs each; ranked by mean test accuracy.");
        int rank = 0;
        section.Table("leaderboard (leaderboard.json): test accuracy mean ± std over seeds",
            ["#", column, "test accuracy", "final train loss", "test loss", "train time (s)", "samples/s", "parameters"],
            rows.Select(r => (IReadOnlyList<string>)[Fmt.I(++rank), r.Activation, $"{Fmt.Pct(r.MeanAccuracy)} ± {Fmt.Pct(r.StdAccuracy)}", Fmt.F4(r.MeanFinalTrainLoss),
                Fmt.F4(r.MeanTestLoss), r.MeanSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture), Fmt.N((long)r.MeanSamplesPerSecond), Fmt.N(r.Parameters)]));

        var groups = runs.GroupBy(r => r.Name).Select(g => (Name: g.Key, Epochs: g.Min(r => r.History.Count), Runs: g.ToList())).Where(g => g.Epochs > 0).ToList();
        if (groups.Count > 0)
        {
            section.Heading("Curves");
            (string, IReadOnlyList<double>, IReadOnlyList<double>) Mean(string name, int n, List<Entry> group, Func<EpochMetrics, double?> value) =>
                (name, [.. Enumerable.Range(1, n).Select(e => (double)e)], [.. Enumerable.Range(0, n).Select(e => group.Average(r => value(r.History[e]) ?? double.NaN))]);
            section.Figure("per epoch, mean over seeds: test accuracy (bench evaluates the test split after every epoch) and train loss",
                ReportFigures.Curves(groups.Select(g => Mean(g.Name, g.Epochs, g.Runs, m => 100 * m.ValidationAccuracy)), "epoch", "test accuracy (%)", "test accuracy"),
                ReportFigures.Curves(groups.Select(g => Mean(g.Name, g.Epochs, g.Runs, m => m.TrainLoss)), "epoch", "train loss", "train loss"));
        }
        if (runs.Count > 0)
            section.Table("every run", [column, "seed", "test accuracy", "test loss", "train time (s)", "samples/s", "parameters"],
                runs.Select(r => (IReadOnlyList<string>)[r.Name, Fmt.I((long)r.Seed), Fmt.Pct(r.TestAccuracy), Fmt.F4(r.TestLoss),
                    r.Seconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), Fmt.N((long)r.SamplesPerSecond), Fmt.N(r.Parameters)]));

        section.Heading("Activation shapes");
        string shapes = Path.Combine(folder, "activations.png");
        if (File.Exists(shapes))
            section.Image("each entry's activation after training (seed 0, first layer; activations.png as activa bench drew it: the leaderboard keeps no models to redraw)",
                File.ReadAllBytes(shapes));
        else section.Note("No activations.png in the folder.");
        var best = rows[0];
        return new RunSummary(label, "leaderboard", $"{rows.Count} entries, best {best.Activation}", "n/a", Fmt.I(epochs),
            $"best accuracy {Fmt.Pct(best.MeanAccuracy)} ± {Fmt.Pct(best.StdAccuracy)}");
    }

    /// <summary>"activation", or "model" for a KAN leaderboard (the first column of leaderboard.csv says which).</summary>
    private static string Column(string folder)
    {
        string csv = Path.Combine(folder, "leaderboard.csv");
        if (!File.Exists(csv)) return "activation";
        using var reader = new StreamReader(csv);
        string first = reader.ReadLine()?.Split(',')[0] ?? "";
        return first == "model" ? "model" : "activation";
    }
}
