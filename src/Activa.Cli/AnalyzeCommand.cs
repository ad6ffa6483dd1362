using System.CommandLine;
using System.Globalization;
using System.Text;
using Activa.Analysis;
using Activa.Data;
using Activa.Plots;
using Spectre.Console;

namespace Activa.Cli;

/// <summary>
/// <c>activa analyze RUN</c>: runs a trained model — a classifier, a CTR model or a forecaster (<see cref="AnalyzedRun"/>) —
/// over the test split (or, for a classifier, another dataset) in evaluation mode with
/// <see cref="ActivationProbes"/> on every activation layer; prints per-layer statistics and dead-neuron rates, writes
/// them as analysis.csv and the input and output histograms of each layer as PNGs; with the run's records, also the
/// dead-neuron rate per epoch (<c>activa train --probe</c>) and validation accuracy against sparsity (<c>activa prune</c>).
/// </summary>
internal static class AnalyzeCommand
{
    /// <summary>Header of analysis.csv (one row per activation layer; fractions in [0, 1]).</summary>
    public const string CsvHeader = "layer,activation,units,samples,mean,std,min,max,zero,small,static_dead,dynamic_dead,saturated,input_mean,input_std";

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder or checkpoint written by 'activa train', 'activa ctr train' or 'activa forecast train'." };
        var data = CommonOptions.Data("auto");
        data.Description = "Dataset whose test split is analysed (default: the one the model was trained on; classifiers only).";
        var dataDir = CommonOptions.DataDir();
        var batches = new Option<int?>("--batches") { Description = "Analyse only the first N batches (default: the whole test split; classifiers only)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per batch.", DefaultValueFactory = _ => 256 };
        var epsilon = new Option<float>("--epsilon") { Description = "ε of the |a| < ε share.", DefaultValueFactory = _ => 1e-3f };
        var bins = new Option<int>("--bins") { Description = "Histogram bins.", DefaultValueFactory = _ => 60 };
        var range = new Option<double>("--range") { Description = "Histograms span [−R, R]; values outside are counted apart.", DefaultValueFactory = _ => 6 };
        var output = new Option<string?>("--out") { Description = "Folder for analysis.csv and the histograms (default RUN/analysis)." };
        var command = new Command("analyze", "Activation statistics, sparsity and dead-neuron rates of a trained model, per layer, with histograms.")
        {
            run, data, dataDir, batches, batchSize, epsilon, bins, range, output,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            int size = parse.GetValue(batchSize);
            if (size < 1) throw new ArgumentException($"--batch-size must be at least 1, got {size}.");
            int? limit = parse.GetValue(batches);
            if (limit is < 1) throw new ArgumentException($"--batches must be at least 1, got {limit}.");
            double r = parse.GetValue(range);
            if (!(r > 0) || !double.IsFinite(r)) throw new ArgumentException($"--range must be a positive number, got {r}.");
            var options = new ProbeOptions { Epsilon = parse.GetValue(epsilon), Bins = parse.GetValue(bins), HistogramMin = -r, HistogramMax = r };
            try { options.Validate(); }
            catch (ArgumentException e) { throw new ArgumentException($"--epsilon/--bins: {e.Message}"); }

            string runPath = parse.GetValue(run)!;
            string checkpoint = CommonOptions.ResolveCheckpoint(runPath);
            string outDir = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!, "analysis");
            var analyzed = AnalyzedRun.Run(checkpoint, options, o => RunClassifier(runPath, parse.GetValue(data), parse.GetValue(dataDir), o, size, limit));
            var probes = analyzed.Probes;
            probes.Dispose();
            var summaries = probes.Summary();
            Console.WriteLine($"activa analyze: {analyzed.Description}, {analyzed.Samples:N0} samples" +
                              (analyzed.Batches > 0 ? $" in {analyzed.Batches} batches" : "") + " (eval mode)");
            // the console that writes Console.Out (so that redirected output and in-process callers get the table), wide
            // enough for the table when redirected (Spectre assumes 80 columns then)
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, 140);
            console.Write(Table(summaries, options.Epsilon));

            Directory.CreateDirectory(outDir);
            var csv = new StringBuilder(CsvHeader).Append('\n');
            foreach (var s in summaries) csv.Append(CsvRow(s)).Append('\n');
            File.WriteAllText(Path.Combine(outDir, "analysis.csv"), csv.ToString());
            int plots = 0;
            foreach (var layer in probes.Layers)
            {
                string stem = "layer-" + layer.Name.Replace('.', '-');
                if (layer.Inputs is { } inputs && inputs.Histogram.Total > 0)
                {
                    HistogramPlot.Save(inputs.Histogram, $"layer {layer.Name} ({layer.Activation}) inputs", "pre-activation z", Path.Combine(outDir, stem + "-inputs.png"));
                    plots++;
                }
                if (layer.Outputs is { } outputs && outputs.Histogram.Total > 0)
                {
                    HistogramPlot.Save(outputs.Histogram, $"layer {layer.Name} ({layer.Activation}) outputs", "activation a", Path.Combine(outDir, stem + "-outputs.png"));
                    plots++;
                }
            }
            string runDir = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
            var curves = Curves(runDir, outDir);
            Console.WriteLine($"wrote {Path.Combine(outDir, "analysis.csv")} and {plots} histograms" +
                              (curves.Count > 0 ? $", {string.Join(" and ", curves)}" : "") + $" in {outDir}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Curves from the run folder's records: dead-neuron rates per epoch from probes.json (<c>activa train --probe</c>),
    /// and validation accuracy against sparsity from pruning.json (<c>activa prune</c>). Returns the files written.
    /// </summary>
    private static List<string> Curves(string runDir, string outDir)
    {
        var written = new List<string>();
        var epochs = ProbeRecord.Read(Path.Combine(runDir, ProbeRecord.FileName));
        if (epochs.Count > 0)
        {
            var series = epochs[0].Layers.Select((layer, k) => ($"layer {layer.Name} ({layer.Activation}), dynamic",
                (IReadOnlyList<double>)[.. epochs.Select(e => 100 * e.Layers[k].DynamicDeadRate)])).ToList();
            series.Add(("all units, dynamic", [.. epochs.Select(e => 100 * e.DynamicDeadRate)]));
            series.Add(("all units, static (never active in the epoch)", [.. epochs.Select(e => 100 * e.StaticDeadFraction)]));
            CurvePlot.Save(series, "dead-neuron rate during training (%)", Path.Combine(outDir, "dead-neurons.png"));
            written.Add("dead-neurons.png");
        }
        string pruning = Path.Combine(runDir, "pruning.json");
        if (File.Exists(pruning))
        {
            using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(pruning));
            var root = report.RootElement;
            var xs = new List<double>();
            var ys = new List<double>();
            if (root.TryGetProperty("before", out var before) && before.TryGetProperty("validationAccuracy", out var dense) && dense.ValueKind == System.Text.Json.JsonValueKind.Number)
            {
                xs.Add(0);
                ys.Add(100 * dense.GetDouble());
            }
            if (root.TryGetProperty("cycleResults", out var cycles))
                foreach (var c in cycles.EnumerateArray())
                    if (c.TryGetProperty("validationAccuracy", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.Number)
                    {
                        xs.Add(100 * c.GetProperty("sparsity").GetDouble());
                        ys.Add(100 * a.GetDouble());
                    }
            if (xs.Count > 0)
            {
                string method = root.TryGetProperty("method", out var m) ? m.GetString() ?? "pruning" : "pruning";
                CurvePlot.Save([(method, xs, ys)], "weight sparsity (%)", "validation accuracy (%)", Path.Combine(outDir, "sparsity-accuracy.png"));
                written.Add("sparsity-accuracy.png");
            }
        }
        return written;
    }

    /// <summary>The test split of an <c>activa train</c> run (or <paramref name="dataName"/>), batch by batch, under probes.</summary>
    private static AnalyzedRun RunClassifier(string runPath, string? dataName, string? dataDir, ProbeOptions options, int size, int? limit)
    {
        var loaded = LoadedModel.Load(runPath, dataName, dataDir);
        var probes = ActivationProbes.Attach(loaded.Model, options);
        int seen = 0, used = 0;
        using (Tensor.NoGrad())
            foreach (var batch in new DataLoader(loaded.Test, size, shuffle: false, seed: 0).Epoch(0))
            {
                if (limit is { } l && used >= l) break;
                loaded.Model.Forward(batch.X);
                seen += batch.Labels.Length;
                used++;
            }
        var c = loaded.Config;
        return new AnalyzedRun($"{c.Model} {c.Inputs}-{string.Join("-", c.Hidden)}-{c.Outputs}, act {c.Activation}, {loaded.DataName} test", probes, seen, used);
    }

    private static Table Table(IReadOnlyList<LayerSummary> summaries, float epsilon)
    {
        var table = new Table().Border(TableBorder.Simple)
            .Title("activation outputs per layer; dead %: static (never active) and dynamic (AP, z ≤ 0 per batch)");
        table.AddColumn("layer");
        table.AddColumn("act");
        string[] numeric = ["units", "mean", "std", "min", "max", "zero %", $"|a|<{epsilon.ToString("G3", CultureInfo.InvariantCulture)} %", "dead static %", "dead dynamic %", "saturated %"];
        foreach (var c in numeric) table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        foreach (var s in summaries)
            table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Activation), s.Units.ToString(CultureInfo.InvariantCulture),
                F(s.Mean), F(s.Std), F(s.Min), F(s.Max), P(s.ZeroFraction), P(s.SmallFraction), P(s.StaticDeadFraction),
                P(s.DynamicDeadRate), P(s.SaturatedFraction));
        return table;
    }

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("F3", CultureInfo.InvariantCulture);
    private static string P(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("F1", CultureInfo.InvariantCulture);

    private static string CsvRow(LayerSummary s)
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return string.Join(',', s.Name, s.Activation.Contains(',') ? $"\"{s.Activation}\"" : s.Activation,
            s.Units.ToString(CultureInfo.InvariantCulture), s.Samples.ToString(CultureInfo.InvariantCulture),
            N(s.Mean), N(s.Std), N(s.Min), N(s.Max), N(s.ZeroFraction), N(s.SmallFraction), N(s.StaticDeadFraction),
            N(s.DynamicDeadRate), N(s.SaturatedFraction), N(s.InputMean), N(s.InputStd));
    }
}
