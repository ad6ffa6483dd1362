using System.Globalization;
using System.Text;

namespace Activa.Plots.Report;

/// <summary>
/// A self-contained HTML page: CSS inline, figures inline as SVG (images as data URIs), no script and no external
/// resource — a Content-Security-Policy in the page forbids loading any. Built section by section; every text is
/// HTML-escaped. <c>activa report</c> writes one per set of runs.
/// </summary>
/// <example><code>
/// var report = new HtmlReport("digits, relu");
/// report.AddSection("Training").Figure("loss, accuracy and learning rate per epoch", ReportFigures.TrainingCurves(history));
/// report.Save("report.html");
/// </code></example>
public sealed class HtmlReport
{
    private readonly List<ReportSection> _sections = [];
    private int _figureIds;

    /// <summary>A report titled <paramref name="title"/>.</summary>
    /// <exception cref="ArgumentException">An empty title.</exception>
    public HtmlReport(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
    }

    /// <summary>The page's title and top heading.</summary>
    public string Title { get; }

    /// <summary>A line under the title (what the report covers, how it was made); none when null.</summary>
    public string? Subtitle { get; set; }

    /// <summary>The sections, in page order.</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Adds a section titled <paramref name="title"/> at the end of the page; the table of contents links to it.</summary>
    public ReportSection AddSection(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var section = new ReportSection(this, title, string.Create(CultureInfo.InvariantCulture, $"s{_sections.Count + 1}"));
        _sections.Add(section);
        return section;
    }

    internal int NextFigureId() => ++_figureIds;

    /// <summary>The whole page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Escape(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<header>\n<h1>")
            .Append(Html.Escape(Title)).Append("</h1>\n");
        if (!string.IsNullOrEmpty(Subtitle)) html.Append("<p class=\"note\">").Append(Html.Escape(Subtitle)).Append("</p>\n");
        if (_sections.Count > 1)
        {
            html.Append("<nav><ol>\n");
            foreach (var s in _sections)
                html.Append("<li><a href=\"#").Append(Html.Escape(s.Id)).Append("\">").Append(Html.Escape(s.Title)).Append("</a></li>\n");
            html.Append("</ol></nav>\n");
        }
        html.Append("</header>\n<main>\n");
        foreach (var s in _sections) s.WriteTo(html);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> (UTF-8), creating its folder.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToHtml(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private const string Css = """
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 0 auto; max-width: 1320px; padding: 0 24px 48px; color: #1b1b1b; }
        h1 { font-size: 1.6em; margin: 24px 0 4px; }
        h2 { font-size: 1.3em; border-bottom: 2px solid #1f77b4; padding-bottom: 4px; margin-top: 40px; }
        h3 { font-size: 1.05em; margin: 24px 0 8px; }
        .note { color: #555; font-size: 0.9em; }
        nav ol { columns: 2; font-size: 0.95em; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9em; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; }
        thead th { background: #eef3f8; }
        tbody th { text-align: left; font-weight: normal; background: #fafafa; }
        td { text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.kv { display: inline-table; vertical-align: top; margin-right: 24px; }
        table.kv caption { white-space: nowrap; }
        table.kv td { text-align: left; font-family: "DejaVu Sans Mono", monospace; word-break: break-all; max-width: 760px; }
        figure { margin: 8px 0 20px; }
        .panels { display: flex; flex-wrap: wrap; gap: 8px; }
        .panel svg { display: block; }
        img { max-width: 100%; height: auto; display: block; }
        figcaption { color: #444; font-size: 0.9em; margin-top: 4px; }
        """;
}
