using System.Text.RegularExpressions;
using Activa.Cli.Report;
using Activa.Plots.Report;
using Activa.Training;

namespace Activa.Tests.Cli;

/// <summary>The HTML report builder without a browser: escaping, structure, figure ids, refused input; and the report's JSON and CSV helpers.</summary>
public sealed class ReportHtmlTests
{
    private const string Evil = "<script>alert(\"x\")</script> & 'q'";
    private const string Escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;";

    private static readonly byte[] Png = MakePng();

    private static byte[] MakePng()
    {
        string path = Path.Combine(Path.GetTempPath(), $"activa-report-{Guid.NewGuid():N}.png");
        try
        {
            Activa.Plots.CurvePlot.Save([("a", (IReadOnlyList<double>)[1.0, 2.0])], "y", path, 64, 48);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<EpochMetrics> History(int epochs) =>
        [.. Enumerable.Range(1, epochs).Select(e => new EpochMetrics(e, 1.0 / e, 0.5 + 0.1 * e, 1.2 / e, 0.45 + 0.1 * e, 1, 100, 0, 1e-3))];

    [Fact]
    public void EveryTextIsEscaped()
    {
        var report = new HtmlReport(Evil) { Subtitle = Evil };
        report.AddSection(Evil).Heading(Evil).Paragraph(Evil).Note(Evil)
            .Table(Evil, [Evil, Evil], [[Evil, Evil]])
            .KeyValues(Evil, [(Evil, Evil)])
            .Figure(Evil, ReportFigures.Curves([(Evil, [1.0, 2.0], [3.0, 4.0])], Evil, Evil, Evil))
            .Image(Evil, Png);
        report.AddSection("second");
        string html = report.ToHtml();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain(Evil, html);
        // title, subtitle, nav link, section heading, h3, p, note, caption, 2 header cells, 2 body cells, kv caption, key, value,
        // figure caption, img alt and caption
        Assert.True(Regex.Matches(html, Regex.Escape(Escaped)).Count >= 19, "every text appears escaped");
    }

    [Fact]
    public void TheDocumentHasATableOfContentsAndEverySectionInOrder()
    {
        var report = new HtmlReport("runs");
        report.AddSection("one").Figure("curves", ReportFigures.TrainingCurves(History(3)));
        report.AddSection("two").Table("t", ["a", "b"], [["x", "1.5"], ["y", "-2"]]);
        report.AddSection("three").KeyValues("settings", [("lr", "0.001")]);
        string html = report.ToHtml();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(["s1", "s2", "s3"], report.Sections.Select(s => s.Id));
        Assert.Equal(["#s1", "#s2", "#s3"], Regex.Matches(html, "<a href=\"([^\"]+)\">").Select(m => m.Groups[1].Value));
        Assert.True(html.IndexOf("<h2>one</h2>", StringComparison.Ordinal) < html.IndexOf("<h2>two</h2>", StringComparison.Ordinal));
        Assert.True(html.IndexOf("<h2>two</h2>", StringComparison.Ordinal) < html.IndexOf("<h2>three</h2>", StringComparison.Ordinal));
        Assert.Equal(3, Regex.Matches(html, "<svg ").Count); // loss, accuracy, learning rate
        Assert.Equal([1, 0, 0], report.Sections.Select(s => s.Figures));
        Assert.Equal([0, 1, 1], report.Sections.Select(s => s.Tables));
        Assert.Contains("<td class=\"num\">1.5</td>", html);
        Assert.Contains("<td class=\"num\">-2</td>", html);
        Assert.DoesNotContain("<nav>", new HtmlReport("one section only") { }.ToHtml());
    }

    [Fact]
    public void FiguresShareNoIdAndEveryReferenceResolves()
    {
        var report = new HtmlReport("ids");
        var figure = ReportFigures.Curves([("a", [1.0, 2.0, 3.0], [1.0, 4.0, 9.0])], "x", "y");
        report.AddSection("s").Figure("first", figure).Figure("same figure again", figure, figure);
        string html = report.ToHtml();
        var ids = Regex.Matches(html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        var refs = Regex.Matches(html, "url\\(#([^)]+)\\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(refs); // ScottPlot clips its data area
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(refs, r => Assert.Contains(r, ids));
        Assert.All(new[] { "f1-", "f2-", "f3-" }, prefix => Assert.Contains(refs, r => r.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void NoFigureOrImageRefersOutsideThePage()
    {
        var report = new HtmlReport("self-contained");
        report.AddSection("s").Figure("f", ReportFigures.TrainingCurves(History(2))).Image("png", Png);
        string html = report.ToHtml();
        var references = Regex.Matches(html, "\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Single(references);
        Assert.StartsWith("data:image/png;base64,", references[0]);
        Assert.Equal(Png, Convert.FromBase64String(references[0]["data:image/png;base64,".Length..]));
        Assert.Contains("default-src 'none'", html);
    }

    [Fact]
    public void BadTablesFiguresAndImagesAreRefusedByName()
    {
        var section = new HtmlReport("bad").AddSection("s");
        Assert.Contains("'ragged': row 2 has 1 cells, the header 2", Assert.Throws<ArgumentException>(() => section.Table("ragged", ["a", "b"], [["1", "2"], ["3"]])).Message);
        Assert.Contains("'empty' has no row", Assert.Throws<ArgumentException>(() => section.Table("empty", ["a"], [])).Message);
        Assert.Contains("'none' has no row", Assert.Throws<ArgumentException>(() => section.KeyValues("none", [])).Message);
        Assert.Contains("'nothing' has no panel", Assert.Throws<ArgumentException>(() => section.Figure("nothing")).Message);
        Assert.Contains("'fake' is not a PNG", Assert.Throws<ArgumentException>(() => section.Image("fake", "GIF89a................."u8.ToArray())).Message);
        Assert.Throws<ArgumentException>(() => ReportFigures.Curves([("a", [1.0], [])], "x", "y"));
        Assert.Throws<ArgumentException>(() => ReportFigures.TrainingCurves([]));
        Assert.Throws<ArgumentException>(() => new HtmlReport(" "));
        Assert.Equal(0, section.Tables); // nothing refused was added
        Assert.Equal(0, section.Figures);
    }

    [Fact]
    public void NonFinitePointsAreLeftOutOfACurve()
    {
        static string Html(double[] x, double[] y)
        {
            var report = new HtmlReport("nan");
            report.AddSection("s").Figure("f", ReportFigures.Curves([("gAUC", x, y)], "epoch", "AUC"));
            return report.ToHtml();
        }
        static int Markers(string html) => Regex.Matches(html, "<ellipse").Count;
        string withNaN = Html([1, 2, 3], [0.6, double.NaN, 0.7]);
        Assert.DoesNotContain("NaN", withNaN);
        Assert.Equal(Markers(Html([1, 3], [0.6, 0.7])), Markers(withNaN));      // the point is left out, the others drawn
        Assert.Equal(Markers(withNaN) + 1, Markers(Html([1, 2, 3], [0.6, 0.65, 0.7])));
    }

    [Fact]
    public void AConstantLearningRateIsReadableOnItsAxisAndEpochTicksAreWhole()
    {
        var panels = ReportFigures.TrainingCurves(History(2));
        var report = new HtmlReport("lr");
        report.AddSection("s").Figure("f", panels);
        var svgs = Regex.Matches(report.ToHtml(), "<svg .*?</svg>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(3, svgs.Count);
        static List<string> Texts(string svg) => [.. Regex.Matches(svg, "<text[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value.Trim())];
        Assert.Contains("0.001", Texts(svgs[2])); // 1e-3 on a [5e-4, 1.5e-3] axis, not a flat line at "0" on [-1, 1]
        Assert.DoesNotContain("1.5", Texts(svgs[0]));  // no half epochs between epoch 1 and 2
    }

    [Fact]
    public void SettingsJsonIsFlattenedToDottedRows()
    {
        var rows = JsonSettings.Flatten("""{ "Model": "din", "Options": { "Hidden": [200, 80], "Inner": { "A": null } }, "Files": [ { "Path": "x" } ], "Skip": 1, "Empty": {} }""", "Skip");
        Assert.Equal([("Model", "din"), ("Options.Hidden", "[200, 80]"), ("Options.Inner.A", "none"), ("Files[0].Path", "x"), ("Empty", "{}")], rows);
        Assert.Contains(("Init", "Default"), JsonSettings.Of(new Activa.Models.ModelConfig())); // enums by name
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonSettings.Flatten("{ broken"));
    }

    [Fact]
    public void AnalysisCsvFieldsMayBeQuoted() =>
        Assert.Equal(["3", "elu(alpha=0.5, x=\"1\")", "16", ""], ActivationReport.SplitCsv("3,\"elu(alpha=0.5, x=\"\"1\"\")\",16,"));
}
