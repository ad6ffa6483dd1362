using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Activa.Cli;
using Activa.Data;
using Activa.IO;
using Activa.Training;
using Xunit.Abstractions;

namespace Activa.Tests.Cli;

/// <summary>
/// `activa report` on tiny runs of every kind (<see cref="ReportRuns"/>): the sections and numbers of the page, its
/// self-containment, bad input, and the page as headless Chromium renders it (no console errors, every figure and table
/// drawn, a screenshot saved as a test artefact).
/// </summary>
[Collection("GlobalSettings")]
public sealed partial class ReportTests(ReportRuns runs, ITestOutputHelper output) : IClassFixture<ReportRuns>
{
    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + " %";

    /// <summary>The cells of the body rows of the first table whose caption starts with <paramref name="caption"/>.</summary>
    private static List<string[]> TableRows(string html, string caption)
    {
        int start = html.IndexOf("<caption>" + caption, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table captioned '{caption}'");
        string table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return [.. Row().Matches(table).Select(m => Cell().Matches(m.Value).Select(c => System.Net.WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())
            .Where(cells => cells.Length > 0)];
    }

    [GeneratedRegex("<tr>(.*?)</tr>")]
    private static partial Regex Row();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>")]
    private static partial Regex Cell();

    [Fact]
    public void AClassifierRunHasEverySectionAndAConfusionMatrixOfItsModel()
    {
        string html = ReportCommand.Build([runs.Classifier]).ToHtml();
        foreach (var heading in new[] { "Settings", "Training curves", "Test metrics", "Learned activation shapes", "Activation statistics" })
            Assert.Contains($"<h3>{heading}</h3>", html);
        Assert.Contains("<th scope=\"row\">Activation</th><td>pau</td>", html);
        Assert.Contains("<th scope=\"row\">BatchSize</th><td>64</td>", html);
        // 3 training-curve panels, the learned PAU, the dead-neuron curves; the two analyze histograms as PNGs
        Assert.Equal(5, Regex.Matches(html, "<svg ").Count);
        Assert.Equal(Directory.GetFiles(Path.Combine(runs.Classifier, "analysis"), "layer-*.png").Length, Regex.Matches(html, "<img ").Count);

        // the confusion matrix against the model evaluated here: every test sample counted once, the diagonal is the accuracy
        var data = Checkpoint.Load(Path.Combine(runs.Classifier, "checkpoint.safetensors"));
        var model = data.Config.Build();
        model.LoadStateDict(data.Model);
        model.Eval();
        var (_, test) = Datasets.Load("digits");
        double accuracy = Trainer.Evaluate(model, test).Accuracy;
        var rows = TableRows(html, "confusion matrix");
        Assert.Equal(["true \\ predicted", .. Enumerable.Range(0, 10).Select(c => c.ToString(CultureInfo.InvariantCulture)), "recall"], rows[0]);
        var counts = rows[1..].Select(r => r[1..11].Select(int.Parse).ToArray()).ToArray();
        Assert.Equal(10, counts.Length);
        Assert.Equal(test.Count, counts.Sum(r => r.Sum()));
        Assert.Equal(accuracy, (double)Enumerable.Range(0, 10).Sum(i => counts[i][i]) / test.Count, 9);
        Assert.Contains($"accuracy {Pct(accuracy)}", html);
        // test.json as train wrote it, and the statistics of analyze and --probe
        using var testJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Classifier, "test.json")));
        Assert.Equal(["accuracy", Pct(testJson.RootElement.GetProperty("accuracy").GetDouble())], TableRows(html, "test split at the end").Single(r => r[0] == "accuracy"));
        Assert.Equal("pau", TableRows(html, "activation outputs per layer on the test split").Skip(1).Single()[1]);
        Assert.Equal(16, int.Parse(TableRows(html, "activation outputs per layer during training epoch 2").Skip(1).Single()[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SparsifyAndKanPruningRecordsAreShownAndADamagedOneIsNamed()
    {
        string dir = Path.Combine(runs.Root, "records");
        Directory.CreateDirectory(dir);
        foreach (var file in Directory.GetFiles(runs.Classifier)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
        File.WriteAllText(Path.Combine(dir, "sparsify.json"), """{ "budget": 0.01, "layers": [ { "layer": 1, "threshold": 0.25, "sparsity": 0.7 } ] }""");
        File.WriteAllText(Path.Combine(dir, "kan-pruning.json"), """{ "edgesKept": 12, "hidden": [3] }""");
        string html = ReportCommand.Build([dir]).ToHtml();
        Assert.Contains("<h3>Activation sparsity</h3>", html);
        Assert.Contains(["layers[0].threshold", "0.25"], TableRows(html, "thresholds and sparsity per layer"));
        Assert.Contains(["hidden", "[3]"], TableRows(html, "settings and results (kan-pruning.json"));

        File.WriteAllText(Path.Combine(dir, "sparsify.json"), "{ \"budget\": ");
        var e = Assert.Throws<Activa.Data.DataFormatException>(() => ReportCommand.Build([dir]));
        Assert.EndsWith("sparsify.json", e.Path);
    }

    [Fact]
    public void APrunedRunShowsItsCyclesAndAccuracyAgainstSparsity()
    {
        string html = ReportCommand.Build([runs.Pruned]).ToHtml();
        Assert.Contains("<h3>Pruning</h3>", html);
        Assert.Contains("<th scope=\"row\">method</th><td>imp</td>", html);
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Pruned, "pruning.json")));
        var cycles = record.RootElement.GetProperty("cycleResults").EnumerateArray().ToList();
        var rows = TableRows(html, "one row per cycle");
        Assert.Equal(cycles.Count + 1, rows.Count);
        Assert.Equal(cycles.Select(c => Pct(c.GetProperty("sparsity").GetDouble())), rows[1..].Select(r => r[2]));
        Assert.Equal(cycles.Select(c => Pct(c.GetProperty("validationAccuracy").GetDouble())), rows[1..].Select(r => r[5]));
        Assert.Contains("validation accuracy against weight sparsity", html);
        // the pruned weights are zeros in the checkpoint: the confusion matrix is of the pruned model
        Assert.Contains("confusion matrix", html);
    }

    [Fact]
    public void AKanRunShowsItsEdgeFunctions()
    {
        var report = ReportCommand.Build([runs.Kan]);
        string html = report.ToHtml();
        Assert.Equal("digits-kan: kan 64-4-10, basis bspline", report.Sections.Single().Title);
        Assert.Contains("<h3>Learned edge functions</h3>", html);
        Assert.Contains("<th scope=\"row\">Model</th><td>kan</td>", html);
        var png = Regex.Match(html, "src=\"data:image/png;base64,([^\"]+)\"");
        Assert.True(png.Success, "the edge plot is embedded");
        byte[] bytes = Convert.FromBase64String(png.Groups[1].Value);
        Assert.Equal(3, Regex.Matches(html, "<svg ").Count); // the curve panels; a KAN has no activation layer to draw
        Assert.True(BitConverter.ToInt32([.. bytes[20..24].Reverse()]) > 140, "the PNG holds at least one row of panels");
        Assert.DoesNotContain("<h3>Learned activation shapes</h3>", html);
        Assert.Contains("confusion matrix", html);
    }

    [Fact]
    public void CompareResultsFoldersGetTheirTablesRunsAndFigures()
    {
        var report = ReportCommand.Build([runs.CtrCompare, runs.ForecastCompare]);
        Assert.Equal(["Comparison", "ctr-compare: ctr compare", "forecast-compare: forecast compare"], report.Sections.Select(s => s.Title));
        string html = report.ToHtml();
        var sections = Regex.Split(html, "<section ");
        foreach (var (folder, index) in new[] { (runs.CtrCompare, 2), (runs.ForecastCompare, 3) })
        {
            // the summary table is results.md's, cell for cell; one row per line of results.csv; every PNG embedded
            var md = File.ReadAllLines(Path.Combine(folder, "results.md")).Where(l => l.StartsWith('|')).ToList();
            var summary = TableRows(sections[index], "summary (results.md)");
            Assert.Equal(md.Count - 1, summary.Count);
            Assert.Equal(md[0].Trim('|').Split('|').Select(c => c.Trim()), summary[0]);
            Assert.Equal(md[2].Trim('|').Split('|').Select(c => c.Trim()), summary[1]);
            int csvRows = File.ReadAllLines(Path.Combine(folder, "results.csv")).Count(l => l.Length > 0) - 1;
            Assert.Equal(csvRows, TableRows(sections[index], "every run (results.csv)").Count - 1);
            Assert.Equal(Directory.GetFiles(folder, "*.png").Length, Regex.Matches(sections[index], "<img ").Count);
        }
        Assert.Equal(4, TableRows(html, "every run (results.csv)").Count - 1); // lr and dnn × 2 seeds
        var comparison = TableRows(html, "one row per run");
        Assert.Equal(["ctr compare", "forecast compare"], comparison[1..].Select(r => r[1]));
        Assert.Equal(["lr, dnn", "linear, dlinear"], comparison[1..].Select(r => r[2]));
    }

    [Fact]
    public void SeveralRunsGetAComparisonTableFirstAndASectionEach()
    {
        var report = ReportCommand.Build([runs.Classifier, runs.Ctr, runs.Forecast, runs.Leaderboard]);
        Assert.Equal(["Comparison", "digits-pau: mlp 64-16-10, act pau", "ctr-dnn: CTR dnn, act prelu", "forecast-tsmixer: forecast tsmixer L=24 H=12",
            "leaderboard: leaderboard of 2 activations"], report.Sections.Select(s => s.Title));
        string html = report.ToHtml();
        var comparison = TableRows(html, "one row per run");
        Assert.Equal(["run", "kind", "model", "data", "epochs", "test metrics"], comparison[0]);
        Assert.Equal(["digits-pau", "ctr-dnn", "forecast-tsmixer", "leaderboard"], comparison[1..].Select(r => r[0]));
        Assert.Equal(["classifier", "CTR", "forecast", "leaderboard"], comparison[1..].Select(r => r[1]));

        // CTR and forecast test metrics as their history.json holds them
        using var ctr = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Ctr, "history.json")));
        double auc = ctr.RootElement.GetProperty("Test").GetProperty("Auc").GetDouble();
        Assert.StartsWith($"AUC {auc.ToString("F4", CultureInfo.InvariantCulture)}", comparison[2][5]);
        Assert.Equal(auc.ToString("F4", CultureInfo.InvariantCulture), TableRows(html, "at the best epoch (").First(r => r[0] == "test")[1]);
        using var forecast = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Forecast, "history.json")));
        double mse = forecast.RootElement.GetProperty("Test").GetProperty("Mse").GetDouble();
        Assert.StartsWith($"MSE {mse.ToString("F4", CultureInfo.InvariantCulture)}", comparison[3][5]);
        // the leaderboard's table ranks its two entries as leaderboard.json does
        using var board = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Leaderboard, "leaderboard.json")));
        var names = board.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("Activation").GetString()).ToArray();
        Assert.Equal(names, TableRows(html, "leaderboard (leaderboard.json)")[1..].Select(r => r[1]));
        Assert.Equal(2, TableRows(html, "every run").Count - 1);

        // figures: classifier 3 + 1 + 1; CTR 2 panels + learned PReLU; forecast 1 + per step + learned? (fixed: none); leaderboard 2
        var sections = Regex.Split(html, "<section ");
        Assert.Equal(6, sections.Length);
        int Svgs(int i) => Regex.Matches(sections[i], "<svg ").Count;
        Assert.Equal(5, Svgs(2));
        Assert.Equal(3, Svgs(3));
        Assert.Equal(2, Svgs(4));
        Assert.Equal(2, Svgs(5));
        Assert.Contains("<img ", sections[5]); // the leaderboard's activations.png
    }

    [Fact]
    public void ThePageIsSelfContainedAndFigureIdsAreUnique()
    {
        string html = ReportCommand.Build([runs.Classifier, runs.Ctr, runs.Forecast, runs.Leaderboard]).ToHtml();
        var references = Regex.Matches(html, "\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(r.StartsWith("data:image/png;base64,", StringComparison.Ordinal) || r.StartsWith('#'), r));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("Content-Security-Policy", html);
        var ids = Regex.Matches(html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var targets = Regex.Matches(html, "url\\(#([^)]+)\\)|href=\"#([^\"]+)\"").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.Contains(t, ids));
    }

    [Fact]
    public void TheCommandWritesTheFileAndRefusesBadInput()
    {
        Assert.Equal(0, ReportCommand.Create().Parse([runs.Forecast]).Invoke());
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(runs.Forecast, "report.html")));
        string file = Path.Combine(runs.Root, "out", "both.html");
        Assert.Equal(0, ReportCommand.Create().Parse([runs.Forecast, runs.Leaderboard, "--out", file, "--title", "a <b> & c"]).Invoke());
        Assert.Contains("<title>a &lt;b&gt; &amp; c</title>", File.ReadAllText(file));

        string empty = Directory.CreateDirectory(Path.Combine(runs.Root, "empty")).FullName;
        var e = Assert.Throws<ArgumentException>(() => ReportCommand.Build([empty]));
        Assert.Contains("checkpoint.safetensors", e.Message);
        Assert.Contains("leaderboard.json", e.Message);
        Assert.Contains("no such run", Assert.Throws<ArgumentException>(() => ReportCommand.Build([Path.Combine(runs.Root, "missing")])).Message);
        Assert.Contains("named twice", Assert.Throws<ArgumentException>(() => ReportCommand.Build([runs.Forecast, runs.Forecast])).Message);
        Assert.Equal(1, ReportCommand.Create().Parse([empty]).Invoke());
        Assert.Equal(1, ReportCommand.Create().Parse([runs.Forecast, "--out", Path.Combine(runs.Root, "report.pdf")]).Invoke());

        // a damaged record names its file
        string broken = Path.Combine(runs.Root, "broken-board");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "leaderboard.json"), """{ "rows": [ { "Activation": 3 } ] }""");
        var damaged = Assert.Throws<DataFormatException>(() => ReportCommand.Build([broken]));
        Assert.Contains("leaderboard.json", damaged.Message);
    }

    [Fact]
    public async Task ThePageRendersInHeadlessChromiumWithoutErrors()
    {
        string? chromium = ReportBrowser.Find();
        if (chromium == null)
        {
            Assert.True(Environment.GetEnvironmentVariable("ACTIVA_REQUIRE_CHROMIUM") != "1", "Chromium is required here: apt-get install chromium");
            return;
        }
        string artefacts = Path.Combine(AppContext.BaseDirectory, "TestResults");
        string page = Path.Combine(artefacts, "report.html");
        var report = ReportCommand.Build([runs.Classifier, runs.Pruned, runs.Kan, runs.Ctr, runs.Forecast, runs.Leaderboard]);
        report.Save(page);
        int svgs = Regex.Matches(report.ToHtml(), "<svg ").Count, tables = report.Sections.Sum(s => s.Tables);

        var wait = TimeSpan.FromSeconds(30);
        await using var browser = await ReportBrowser.StartAsync(chromium, wait);
        foreach (var domain in new[] { "Page", "Runtime", "Log" }) await browser.SendAsync(domain + ".enable", null, wait);
        await browser.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(page).AbsoluteUri }, wait);
        await browser.WaitForEventAsync("Page.loadEventFired", wait);
        const string Measure = """
            JSON.stringify({
              figures: [...document.querySelectorAll('svg, img')].map(e => {
                const r = e.getBoundingClientRect();
                return { tag: e.tagName, w: r.width, h: r.height, decoded: e.tagName !== 'IMG' || (e.complete && e.naturalWidth > 0),
                         texts: e.tagName === 'svg' ? e.querySelectorAll('text').length : 1 };
              }),
              tables: [...document.querySelectorAll('table')].map(t => ({ caption: t.caption ? t.caption.textContent : '', rows: t.tBodies.length ? t.tBodies[0].rows.length : 0 })),
              width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight
            })
            """;
        var measured = await browser.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = Measure, ["returnByValue"] = true }, wait);
        using var page1 = JsonDocument.Parse(measured.GetProperty("result").GetProperty("value").GetString()!);
        var figures = page1.RootElement.GetProperty("figures").EnumerateArray().ToList();
        Assert.Equal(svgs, figures.Count(f => f.GetProperty("tag").GetString() == "svg"));
        Assert.Contains(figures, f => f.GetProperty("tag").GetString() == "IMG");
        Assert.All(figures, f =>
        {
            Assert.True(f.GetProperty("w").GetDouble() > 0 && f.GetProperty("h").GetDouble() > 0, $"a {f.GetProperty("tag")} of size {f.GetProperty("w")}×{f.GetProperty("h")}");
            Assert.True(f.GetProperty("decoded").GetBoolean(), "an image that did not decode");
            Assert.True(f.GetProperty("texts").GetInt32() > 0, "an SVG without any text (axis labels, ticks)");
        });
        var tableList = page1.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(tables, tableList.Count);
        Assert.All(tableList, t => Assert.True(t.GetProperty("rows").GetInt32() > 0, $"table '{t.GetProperty("caption")}' has no row"));

        // a full-page screenshot as the test artefact
        int width = page1.RootElement.GetProperty("width").GetInt32(), height = Math.Min(page1.RootElement.GetProperty("height").GetInt32(), 16000);
        var shot = await browser.SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png", ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        }, wait);
        byte[] png = Convert.FromBase64String(shot.GetProperty("data").GetString()!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        string screenshot = Path.Combine(artefacts, "report-screenshot.png");
        File.WriteAllBytes(screenshot, png);
        output.WriteLine($"report: {page}; screenshot: {screenshot} ({width}×{height})");
        Console.WriteLine($"report screenshot: {screenshot}");

        await Task.Delay(300); // late console messages
        var errors = browser.Events.Where(e =>
            (e.Method == "Runtime.consoleAPICalled" && e.Params.GetProperty("type").GetString() is "error" or "assert") ||
            e.Method == "Runtime.exceptionThrown" ||
            (e.Method == "Log.entryAdded" && e.Params.GetProperty("entry").GetProperty("level").GetString() == "error")).ToList();
        Assert.True(errors.Count == 0, "console errors: " + string.Join("\n", errors.Select(e => $"{e.Method}: {e.Params.GetRawText()}")));

        // and the listener does see an error when there is one
        await browser.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = "console.error('activa report probe')" }, wait);
        var seen = await browser.WaitForEventAsync("Runtime.consoleAPICalled", TimeSpan.FromSeconds(10));
        Assert.Contains("activa report probe", seen.Params.GetRawText());
    }
}
