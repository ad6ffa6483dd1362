using System.Globalization;
using Activa.Activations.Learnable;
using Activa.Nn;
using Activa.Plots.Report;

namespace Activa.Cli.Report;

/// <summary>
/// The activation parts of a run's section: the learned shapes (what <c>activa plot RUN --activations</c> draws) and the
/// statistics the run folder holds — per-epoch probes (<c>activa train --probe</c>, probes.json) and the test-split
/// analysis (<c>activa analyze</c>, analysis/analysis.csv and its histograms).
/// </summary>
internal static class ActivationReport
{
    /// <summary>Most histogram images embedded from an analysis folder.</summary>
    public const int MaxHistograms = 16;

    /// <summary>The learned activations of <paramref name="model"/> as a figure; a note when it has no learnable one.</summary>
    public static void AddShapes(ReportSection section, Module model)
    {
        section.Heading("Learned activation shapes");
        var modules = model.NamedModules().Select(m => m.Module).ToList();
        if (modules.Any(m => m is LearnableActivation))
        {
            section.Figure("every activation layer after training, f(x) on [−4, 4] (up to 4 parameter sets per layer)", ReportFigures.ModelActivations(model));
            return;
        }
        var fixedSpecs = modules.OfType<Act>().Select(a => a.Activation.Spec).Distinct().ToList();
        section.Note(fixedSpecs.Count > 0
            ? $"No learnable activation: the layers use {string.Join(", ", fixedSpecs)}, whose shape training does not change (activa zoo shows it)."
            : "This model has no activation layer (its non-linearity is built into its layers).");
    }

    /// <summary>Adds what <paramref name="runDir"/> records about activations; a note when it records nothing.</summary>
    public static void AddStatistics(ReportSection section, string runDir)
    {
        section.Heading("Activation statistics");
        bool any = false;
        var epochs = ProbeRecord.Read(Path.Combine(runDir, ProbeRecord.FileName));
        if (epochs.Count > 0 && epochs[0].Layers.Count > 0)
        {
            any = true;
            double[] x = [.. epochs.Select(e => (double)e.Epoch)];
            var series = epochs[0].Layers.Select((layer, k) => ($"layer {layer.Name} ({layer.Activation}), dynamic", (IReadOnlyList<double>)x,
                (IReadOnlyList<double>)[.. epochs.Select(e => k < e.Layers.Count ? 100 * e.Layers[k].DynamicDeadRate : double.NaN)])).ToList();
            series.Add(("all units, dynamic", x, [.. epochs.Select(e => 100 * e.DynamicDeadRate)]));
            series.Add(("all units, static", x, [.. epochs.Select(e => 100 * e.StaticDeadFraction)]));
            section.Figure("dead-neuron rate during training (probes.json, activa train --probe): dynamic = share of z ≤ 0 per batch, static = units never active in the epoch",
                ReportFigures.Curves(series, "epoch", "dead-neuron rate (%)", width: ReportFigures.Width, height: ReportFigures.Height));
            var last = epochs[^1];
            section.Table($"activation outputs per layer during training epoch {last.Epoch} (probes.json)",
                ["layer", "activation", "units", "mean", "std", "min", "max", "zero", "dead static", "dead dynamic"],
                last.Layers.Select(l => (IReadOnlyList<string>)[l.Name, l.Activation, Fmt.I(l.Units), Fmt.F3(l.Mean), Fmt.F3(l.Std), Fmt.F3(l.Min), Fmt.F3(l.Max),
                    Fmt.Pct(l.ZeroFraction), Fmt.Pct(l.StaticDeadFraction), Fmt.Pct(l.DynamicDeadRate)]));
        }
        string analysis = Path.Combine(runDir, "analysis");
        string csv = Path.Combine(analysis, "analysis.csv");
        if (File.Exists(csv))
        {
            var rows = AnalysisRows(csv);
            if (rows.Count > 0)
            {
                any = true;
                section.Table("activation outputs per layer on the test split (analysis/analysis.csv, activa analyze)",
                    ["layer", "activation", "units", "samples", "mean", "std", "min", "max", "zero", "small", "dead static", "dead dynamic", "saturated"], rows);
            }
            var images = Directory.GetFiles(analysis, "layer-*.png").Order(StringComparer.Ordinal).ToList();
            foreach (var png in images.Take(MaxHistograms))
                section.Image($"{Path.GetFileNameWithoutExtension(png)} (activa analyze histogram, embedded as PNG)", File.ReadAllBytes(png));
            if (images.Count > MaxHistograms) section.Note($"{images.Count - MaxHistograms} more histograms in {analysis}.");
        }
        if (!any)
            section.Note("Nothing recorded in this run folder: 'activa train --probe' records dead-neuron rates per epoch, 'activa analyze RUN' the statistics of the test split.");
    }

    /// <summary>The rows of analysis.csv (header <see cref="AnalyzeCommand.CsvHeader"/>), fractions as percentages.</summary>
    /// <exception cref="Data.DataFormatException">A row with the wrong number of fields or a number that does not parse.</exception>
    private static List<IReadOnlyList<string>> AnalysisRows(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != AnalyzeCommand.CsvHeader)
            throw new Data.DataFormatException(path, $"line 1 is not the header of activa analyze ({AnalyzeCommand.CsvHeader}).");
        int columns = lines[0].Split(',').Length;
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = SplitCsv(lines[i]);
            if (f.Count != columns) throw new Data.DataFormatException(path, $"line {i + 1}: {f.Count} fields, expected {columns}.");
            double Num(int k) => double.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v : throw new Data.DataFormatException(path, $"line {i + 1}, field {k + 1}: '{f[k]}' is not a number.");
            rows.Add([f[0], f[1], f[2], f[3], Fmt.F3(Num(4)), Fmt.F3(Num(5)), Fmt.F3(Num(6)), Fmt.F3(Num(7)),
                Fmt.Pct(Num(8)), Fmt.Pct(Num(9)), Fmt.Pct(Num(10)), Fmt.Pct(Num(11)), Fmt.Pct(Num(12))]);
        }
        return rows;
    }

    /// <summary>Fields of one CSV line; a field in double quotes may hold commas (activation specs with options do).</summary>
    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
