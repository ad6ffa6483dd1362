using System.Text.Json;
using Activa.IO;
using Activa.Metrics;
using Activa.Plots.Report;

namespace Activa.Cli.Report;

/// <summary>
/// The section of an <c>activa train</c> run (MLP or KAN classifier): settings from the checkpoint, training curves,
/// test metrics (test.json) and the confusion matrix on the test split, learned activation shapes and activation statistics.
/// </summary>
internal static class ClassifierReport
{
    /// <summary>Adds the section of the run whose checkpoint is <paramref name="checkpoint"/>.</summary>
    public static RunSummary Add(HtmlReport report, string label, string checkpoint, string? dataDir)
    {
        var data = Checkpoint.Load(checkpoint);
        var c = data.Config;
        string runDir = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        var model = c.Build();
        model.LoadStateDict(data.Model);
        model.Eval();
        string shape = $"{c.Model} {c.Inputs}-{string.Join("-", c.Hidden)}-{c.Outputs}";
        string nonlinearity = c.Model == "kan" ? $"basis {c.Basis}" : $"act {c.Activation}";
        var history = data.Progress.History;

        var section = report.AddSection($"{label}: {shape}, {nonlinearity}");
        section.Paragraph($"Classifier trained by activa train: {shape}, {nonlinearity}, {Fmt.N(model.ParameterCount)} parameters, " +
                          $"data {c.Dataset ?? "unknown"}, {data.Progress.EpochsCompleted} epoch{(data.Progress.EpochsCompleted == 1 ? "" : "s")} ({Fmt.N(data.Progress.Step)} steps)" +
                          (data.Progress.Pruned ? ", pruned." : "."));
        section.Heading("Settings");
        section.KeyValues("model (checkpoint.safetensors, activa.config)", JsonSettings.Of(c, nameof(c.ClassNames)));
        section.KeyValues("training options (checkpoint.safetensors, activa.progress)", JsonSettings.Of(data.Progress.Options));

        section.Heading("Training curves");
        if (history.Count > 0) section.Figure("loss, accuracy and learning rate per epoch: train and validation (as activa plot RUN draws them)", ReportFigures.TrainingCurves(history));
        else section.Note("No completed epoch recorded.");

        section.Heading("Test metrics");
        string testMetrics = "";
        string testJson = Path.Combine(runDir, "test.json");
        if (File.Exists(testJson))
        {
            using var test = JsonDocument.Parse(File.ReadAllText(testJson));
            var root = test.RootElement;
            double loss = Number(root, "loss", testJson), accuracy = Number(root, "accuracy", testJson);
            section.KeyValues("test split at the end of training (test.json)",
            [
                ("dataset", root.TryGetProperty("dataset", out var d) ? d.ToString() : c.Dataset ?? "unknown"),
                ("loss", Fmt.F4(loss)),
                ("accuracy", Fmt.Pct(accuracy)),
                ("epochs", root.TryGetProperty("epochs", out var e) ? e.ToString() : "n/a"),
            ]);
            testMetrics = $"accuracy {Fmt.Pct(accuracy)}, loss {Fmt.F4(loss)}";
        }
        else section.Note("No test.json in the run folder (training was stopped before its end, or the run was written by the library).");
        string? evaluated = AddConfusionMatrix(section, checkpoint, dataDir);
        if (testMetrics.Length == 0 && evaluated != null) testMetrics = evaluated;

        if (c.Model == "kan")
        {
            section.Heading("Learned edge functions");
            string edges = Path.Combine(runDir, "edges.png");
            if (File.Exists(edges)) section.Image("the edge functions φ_ij per layer (edges.png as activa plot RUN --edges drew it)", File.ReadAllBytes(edges));
            else AddEdges(section, model);
        }
        else ActivationReport.AddShapes(section, model);
        ActivationReport.AddStatistics(section, runDir);
        PruningReport.Add(section, runDir);
        PruningReport.AddRecords(section, runDir);
        return new RunSummary(label, "classifier", $"{shape}, {nonlinearity}", c.Dataset ?? "unknown", Fmt.I(data.Progress.EpochsCompleted), testMetrics.Length > 0 ? testMetrics : "n/a");
    }

    /// <summary>Most edges per layer drawn when the run folder has no edges.png.</summary>
    public const int MaxEdges = 16;

    /// <summary>The KAN's edge functions over its B-spline grids (what <c>activa plot RUN --edges</c> draws, a PNG of panels), embedded.</summary>
    private static void AddEdges(ReportSection section, Nn.Module model)
    {
        var layers = Kan.KanNetwork.Layers(model);
        if (layers.Count == 0) return;
        string png = Path.Combine(Path.GetTempPath(), $"activa-report-edges-{Guid.NewGuid():N}.png");
        try
        {
            Plots.KanEdgePlot.Save(layers, png, maxEdges: MaxEdges);
            section.Image($"the edge functions φ_ij of every layer (up to {MaxEdges} per layer, the largest mean |φ|) over each input's B-spline grid; " +
                          "activa plot RUN --edges draws them over the data's range", File.ReadAllBytes(png));
        }
        finally
        {
            File.Delete(png);
        }
    }

    /// <summary>Evaluates the model on its dataset's test split and adds the confusion matrix; a note when the data cannot be loaded.
    /// Returns the accuracy line, or null.</summary>
    private static string? AddConfusionMatrix(ReportSection section, string checkpoint, string? dataDir)
    {
        LoadedModel loaded;
        try
        {
            loaded = LoadedModel.Load(checkpoint, null, dataDir);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            section.Note($"No confusion matrix: the test split cannot be loaded ({e.Message}).");
            return null;
        }
        Tensor logits;
        using (Tensor.NoGrad()) logits = loaded.Model.Forward(loaded.Test.Features);
        var predicted = logits.ArgMax(1).ToArray();
        int k = loaded.Test.Classes;
        var matrix = Classification.ConfusionMatrix(predicted, loaded.Test.Labels, k);
        long correct = Enumerable.Range(0, k).Sum(i => (long)matrix[i, i]);
        double accuracy = (double)correct / loaded.Test.Count;
        var rows = Enumerable.Range(0, k).Select(r =>
        {
            long total = Enumerable.Range(0, k).Sum(col => (long)matrix[r, col]);
            return (IReadOnlyList<string>)[$"{r} {loaded.ClassName(r)}", .. Enumerable.Range(0, k).Select(col => Fmt.I(matrix[r, col])),
                total > 0 ? Fmt.Pct((double)matrix[r, r] / total) : "n/a"];
        });
        section.Table($"confusion matrix on the {loaded.DataName} test split ({Fmt.N(loaded.Test.Count)} samples, accuracy {Fmt.Pct(accuracy)}): rows true class, columns predicted",
            ["true \\ predicted", .. Enumerable.Range(0, k).Select(i => Fmt.I(i)), "recall"], rows);
        return $"accuracy {Fmt.Pct(accuracy)}";
    }

    private static double Number(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : throw new Data.DataFormatException(path, $"'{name}' is missing or not a number.");
}
