using System.Globalization;
using System.Text;

namespace Activa.Plots.Report;

/// <summary>
/// One section of an <see cref="HtmlReport"/> (made by <see cref="HtmlReport.AddSection"/>): headings, paragraphs,
/// tables, SVG figures and embedded images, in the order they are added. Every text is HTML-escaped; the methods
/// return the section so that calls chain.
/// </summary>
public sealed class ReportSection
{
    private readonly HtmlReport _report;
    private readonly StringBuilder _body = new();

    internal ReportSection(HtmlReport report, string title, string id)
    {
        _report = report;
        Title = title;
        Id = id;
    }

    /// <summary>The section's heading.</summary>
    public string Title { get; }

    /// <summary>The id of the section's element (the table of contents links to it).</summary>
    public string Id { get; }

    /// <summary>The number of tables in the section.</summary>
    public int Tables { get; private set; }

    /// <summary>The number of figures (SVG or image) in the section.</summary>
    public int Figures { get; private set; }

    /// <summary>A sub-heading.</summary>
    public ReportSection Heading(string text)
    {
        _body.Append("<h3>").Append(Html.Escape(text)).Append("</h3>\n");
        return this;
    }

    /// <summary>A paragraph of text.</summary>
    public ReportSection Paragraph(string text)
    {
        _body.Append("<p>").Append(Html.Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A side remark in smaller type: what is missing and why, or where a number comes from.</summary>
    public ReportSection Note(string text)
    {
        _body.Append("<p class=\"note\">").Append(Html.Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A table with a header row; the first column is a row header, the other columns are right-aligned.</summary>
    /// <exception cref="ArgumentException">No column, no row, or a row whose length differs from the header's.</exception>
    public ReportSection Table(string caption, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        if (header.Count == 0) throw new ArgumentException($"Table '{caption}' has no column.", nameof(header));
        var list = rows.ToList();
        if (list.Count == 0) throw new ArgumentException($"Table '{caption}' has no row.", nameof(rows));
        for (int r = 0; r < list.Count; r++)
            if (list[r].Count != header.Count)
                throw new ArgumentException($"Table '{caption}': row {r + 1} has {list[r].Count} cells, the header {header.Count}.", nameof(rows));
        _body.Append("<table>\n<caption>").Append(Html.Escape(caption)).Append("</caption>\n<thead><tr>");
        foreach (var h in header) _body.Append("<th scope=\"col\">").Append(Html.Escape(h)).Append("</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in list)
        {
            _body.Append("<tr><th scope=\"row\">").Append(Html.Escape(row[0])).Append("</th>");
            for (int c = 1; c < row.Count; c++) _body.Append(Numeric(row[c]) ? "<td class=\"num\">" : "<td>").Append(Html.Escape(row[c])).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody>\n</table>\n");
        Tables++;
        return this;
    }

    /// <summary>A two-column table of settings or metrics: name, value.</summary>
    /// <exception cref="ArgumentException">No pair.</exception>
    public ReportSection KeyValues(string caption, IEnumerable<(string Key, string Value)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var list = pairs.ToList();
        if (list.Count == 0) throw new ArgumentException($"Table '{caption}' has no row.", nameof(pairs));
        _body.Append("<table class=\"kv\">\n<caption>").Append(Html.Escape(caption)).Append("</caption>\n<tbody>\n");
        foreach (var (key, value) in list)
            _body.Append("<tr><th scope=\"row\">").Append(Html.Escape(key)).Append("</th><td>").Append(Html.Escape(value)).Append("</td></tr>\n");
        _body.Append("</tbody>\n</table>\n");
        Tables++;
        return this;
    }

    /// <summary>A figure of one or more SVG panels (side by side, wrapping on narrow pages) with a caption.</summary>
    /// <exception cref="ArgumentException">No panel.</exception>
    public ReportSection Figure(string caption, params IReadOnlyList<SvgFigure> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException($"Figure '{caption}' has no panel.", nameof(panels));
        _body.Append("<figure>\n<div class=\"panels\">\n");
        foreach (var panel in panels)
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"f{_report.NextFigureId()}-");
            _body.Append("<div class=\"panel\">").Append(panel.Markup(prefix)).Append("</div>\n");
        }
        _body.Append("</div>\n<figcaption>").Append(Html.Escape(caption)).Append("</figcaption>\n</figure>\n");
        Figures++;
        return this;
    }

    /// <summary>
    /// A PNG embedded as a data URI — for figures the run folder holds only as images (histograms of <c>activa analyze</c>,
    /// the shapes of a leaderboard, whose models are not saved).
    /// </summary>
    /// <exception cref="ArgumentException">The bytes are not a PNG.</exception>
    public ReportSection Image(string caption, byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 24 || !png.AsSpan(0, 8).SequenceEqual(signature))
            throw new ArgumentException($"Image '{caption}' is not a PNG file.", nameof(png));
        _body.Append("<figure>\n<img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\" alt=\"")
            .Append(Html.Escape(caption)).Append("\">\n<figcaption>").Append(Html.Escape(caption)).Append("</figcaption>\n</figure>\n");
        Figures++;
        return this;
    }

    // numbers (and "12.5 %", "0.71 ± 0.02") are right-aligned, words left-aligned
    private static bool Numeric(string cell) =>
        cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || (cell.Length > 1 && cell[0] is '-' or '+' or '−' && char.IsAsciiDigit(cell[1])));

    internal void WriteTo(StringBuilder html)
    {
        html.Append("<section id=\"").Append(Html.Escape(Id)).Append("\">\n<h2>").Append(Html.Escape(Title)).Append("</h2>\n");
        html.Append(_body);
        html.Append("</section>\n");
    }
}
