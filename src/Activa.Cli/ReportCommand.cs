using System.CommandLine;
using System.Globalization;
using Activa.Cli.Report;
using Activa.IO;
using Activa.Plots.Report;

namespace Activa.Cli;

/// <summary>
/// <c>activa report RUN... --out report.html</c>: one self-contained HTML page (CSS inline, figures inline as SVG, no
/// external resource) with a section per run — settings, training curves, test metrics and confusion matrix, learned
/// activation shapes, activation statistics — for runs of <c>activa train</c>, <c>activa ctr train</c> and
/// <c>activa forecast train</c>, leaderboard folders of <c>activa bench</c> and results folders of <c>activa ctr compare</c> and
/// <c>activa forecast compare</c>; with several runs, a comparison table first.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("run")
        {
            Description = "Run folders (or checkpoints) of activa train, ctr train or forecast train, leaderboard folders of activa bench, or results folders of ctr compare / forecast compare.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out") { Description = "The HTML file to write (default RUN/report.html for one run folder, else report.html)." };
        var title = new Option<string?>("--title") { Description = "Title of the page (default: the runs' names)." };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("report", "Write one self-contained HTML page (inline SVG figures) about one or more runs or leaderboards.") { runs, output, title, dataDir };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            var paths = parse.GetValue(runs)!;
            string outPath = parse.GetValue(output) ?? (paths.Length == 1 && Directory.Exists(paths[0]) ? Path.Combine(paths[0], "report.html") : "report.html");
            if (!outPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !outPath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--out '{outPath}': the report is an HTML page; name a file ending in .html.");
            var report = Build(paths, parse.GetValue(title), parse.GetValue(dataDir));
            report.Save(outPath);
            Console.WriteLine($"wrote {outPath} ({report.Sections.Count} sections, {report.Sections.Sum(s => s.Figures)} figures, {report.Sections.Sum(s => s.Tables)} tables)");
            return 0;
        });
        return command;
    }

    /// <summary>The report on <paramref name="paths"/>: a comparison section when there are several, then one section per run.</summary>
    /// <exception cref="ArgumentException">A path that is no run folder, checkpoint or leaderboard folder; the same run twice.</exception>
    public static HtmlReport Build(IReadOnlyList<string> paths, string? title = null, string? dataDir = null)
    {
        if (paths.Count == 0) throw new ArgumentException("Name at least one run folder.");
        var labels = paths.Select(Label).ToList();
        // two folders of the same name in different places: name them by the paths as given
        if (labels.Distinct().Count() < labels.Count) labels = [.. paths.Select(p => p.TrimEnd('/', Path.DirectorySeparatorChar))];
        if (labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"The run '{twice.Key}' is named twice.");
        var report = new HtmlReport(title ?? $"Activa report: {string.Join(", ", labels)}")
        {
            Subtitle = string.Create(CultureInfo.InvariantCulture, $"activa report, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {paths.Count} run{(paths.Count == 1 ? "" : "s")}"),
        };
        var comparison = paths.Count > 1 ? report.AddSection("Comparison") : null;
        var summaries = paths.Select((p, i) => AddRun(report, labels[i], p, dataDir)).ToList();
        comparison?.Table("one row per run (test metrics as each run kind reports them)", RunSummary.Header, summaries.Select(s => (IReadOnlyList<string>)s.Cells));
        return report;
    }

    /// <summary>Adds the section of one run, by its kind: a leaderboard folder, or the format tag of its checkpoint.</summary>
    private static RunSummary AddRun(HtmlReport report, string label, string path, string? dataDir)
    {
        if (Directory.Exists(path) && File.Exists(Path.Combine(path, LeaderboardReport.FileName)))
            return LeaderboardReport.Add(report, label, path);
        if (Directory.Exists(path) && CompareReport.IsResultsFolder(path))
            return CompareReport.Add(report, label, path);
        string checkpoint = CommonOptions.ResolveCheckpoint(path);
        if (!File.Exists(checkpoint))
            throw new ArgumentException(Directory.Exists(path)
                ? $"'{path}' is not a run folder: it has no checkpoint.safetensors (activa train, ctr train, forecast train) and no {LeaderboardReport.FileName} (activa bench)."
                : $"'{path}': no such run folder or checkpoint.");
        string? format = SafeTensors.Load(checkpoint).Metadata.GetValueOrDefault("activa.format");
        return format switch
        {
            Checkpoint.Format => ClassifierReport.Add(report, label, checkpoint, dataDir),
            CtrCheckpoint.Format or CtrCheckpoint.FieldsFormat => CtrReport.Add(report, label, checkpoint, format),
            ForecastCheckpoint.Format => ForecastReport.Add(report, label, checkpoint),
            _ => throw new ArgumentException($"'{checkpoint}': a checkpoint of format '{format ?? "none"}', which activa report does not know " +
                                             $"(known: {Checkpoint.Format}, {CtrCheckpoint.Format}, {CtrCheckpoint.FieldsFormat}, {ForecastCheckpoint.Format})."),
        };
    }

    /// <summary>A run's name in the report: its folder's name (the checkpoint's folder for a checkpoint file).</summary>
    private static string Label(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full)) full = Path.GetDirectoryName(full)!;
        return Path.GetFileName(full) is { Length: > 0 } name ? name : full;
    }
}
