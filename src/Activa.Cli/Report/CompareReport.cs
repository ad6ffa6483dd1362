using Activa.Plots.Report;

namespace Activa.Cli.Report;

/// <summary>
/// The section of a results folder written by <c>activa ctr compare</c> or <c>activa forecast compare</c>: the summary
/// tables of results.md (mean ± sd over seeds, RelaImpr) and its notes, one row per model and seed from results.csv, and
/// the figures the command drew (validation-auc.png, forecast-H*.png), embedded as the PNGs it wrote.
/// </summary>
internal static class CompareReport
{
    /// <summary>The files that mark a results folder of a compare command.</summary>
    public static bool IsResultsFolder(string folder) =>
        File.Exists(Path.Combine(folder, "results.md")) && File.Exists(Path.Combine(folder, "results.csv"));

    /// <summary>Adds the section of the results in <paramref name="folder"/>.</summary>
    /// <exception cref="Data.DataFormatException">results.md holds no table, or results.csv has no header or ragged rows.</exception>
    public static RunSummary Add(HtmlReport report, string label, string folder)
    {
        string md = Path.Combine(folder, "results.md"), csv = Path.Combine(folder, "results.csv");
        var (tables, notes) = Markdown(md);
        if (tables.Count == 0) throw new Data.DataFormatException(md, "no table: not the results of activa ctr compare or forecast compare.");
        var perSeed = Csv(csv);
        bool ctr = perSeed.Header.Contains("auc");
        string kind = ctr ? "ctr compare" : "forecast compare";

        var section = report.AddSection($"{label}: {kind}");
        section.Paragraph($"Results written by activa {kind}: {perSeed.Rows.Count} runs (model × {(ctr ? "" : "horizon × ")}seed).");
        foreach (var (header, rows) in tables)
            section.Table("summary (results.md): mean ± sd over seeds", header, rows);
        foreach (var note in notes) section.Paragraph(note);
        section.Table("every run (results.csv)", perSeed.Header, perSeed.Rows);
        foreach (var png in Directory.EnumerateFiles(folder, "*.png").Order(StringComparer.Ordinal))
            section.Image($"{Path.GetFileName(png)} as the command drew it", File.ReadAllBytes(png));

        var first = tables[0];
        string models = string.Join(", ", first.Rows.Select(r => r[0]).Distinct());
        string best = ctr
            ? $"best AUC {first.Rows.MaxBy(r => Number(r[1]))![1]} ({first.Rows.MaxBy(r => Number(r[1]))![0]})"
            : $"lowest MSE {first.Rows.MinBy(r => Number(r[2]))![2]} ({first.Rows.MinBy(r => Number(r[2]))![0]})";
        return new RunSummary(label, kind, models, "n/a", "n/a", best);
    }

    /// <summary>The markdown tables of <paramref name="path"/> (header, rows; the separator line dropped) and its other non-empty lines.</summary>
    private static (List<(string[] Header, List<IReadOnlyList<string>> Rows)> Tables, List<string> Notes) Markdown(string path)
    {
        var tables = new List<(string[], List<IReadOnlyList<string>>)>();
        var notes = new List<string>();
        string[]? header = null;
        List<IReadOnlyList<string>>? rows = null;
        foreach (var raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (!line.StartsWith('|'))
            {
                if (header != null) tables.Add((header, rows!));
                (header, rows) = (null, null);
                if (line.Length > 0) notes.Add(line.TrimStart('#', ' '));
                continue;
            }
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (header == null) (header, rows) = (cells, []);
            else if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':'))) continue;
            else if (cells.Length != header.Length) throw new Data.DataFormatException(path, $"a table row has {cells.Length} cells, its header {header.Length}: '{line}'.");
            else rows!.Add(cells);
        }
        if (header != null) tables.Add((header, rows!));
        return (tables, notes);
    }

    private static (string[] Header, List<IReadOnlyList<string>> Rows) Csv(string path)
    {
        var lines = File.ReadLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new Data.DataFormatException(path, "empty: no header.");
        var header = lines[0].Split(',');
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 1; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length) throw new Data.DataFormatException(path, $"line {i + 1} has {cells.Length} fields, the header {header.Length}.");
            rows.Add([.. cells.Select(Shorten)]);
        }
        return (header, rows);
    }

    /// <summary>A full-precision number as 4 significant decimals; any other cell as it is.</summary>
    private static string Shorten(string cell) =>
        cell.Contains('.') && double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v)
            ? v.ToString("G5", System.Globalization.CultureInfo.InvariantCulture) : cell;

    private static double Number(string cell) =>
        double.TryParse(cell.Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
}
