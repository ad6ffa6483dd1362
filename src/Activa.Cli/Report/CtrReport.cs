using Activa.IO;
using Activa.Nn;
using Activa.Plots.Report;
using Activa.Training;

namespace Activa.Cli.Report;

/// <summary>
/// The section of an <c>activa ctr train</c> run (built-in log or file): settings from the checkpoint, validation
/// AUC, gAUC and logloss per epoch (history.json), test metrics at the best epoch and the learned activation shapes.
/// </summary>
internal static class CtrReport
{
    /// <summary>Adds the section of the CTR run whose checkpoint is <paramref name="checkpoint"/>.</summary>
    public static RunSummary Add(HtmlReport report, string label, string checkpoint, string format)
    {
        string runDir = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        Module model;
        string name, data, activation;
        List<(string, string)> settings;
        if (format == CtrCheckpoint.FieldsFormat)
        {
            var (m, info, pipeline) = CtrCheckpoint.LoadFields(checkpoint);
            (model, name, data, activation) = (m, info.Model, info.Files.Data, info.Options.Activation);
            settings = JsonSettings.Of(info);
            settings.Add(("feature pipeline", $"{pipeline.ToJson().Length:N0} characters of JSON in the checkpoint (activa.features)"));
        }
        else
        {
            var (m, info) = CtrCheckpoint.Load(checkpoint);
            (model, name, data, activation) = (m, info.Model, info.Data, info.Options.Activation);
            settings = JsonSettings.Of(info);
        }
        model.Eval();
        var section = report.AddSection($"{label}: CTR {name}, act {activation}");
        section.Paragraph($"Click-through-rate model trained by activa ctr train: {name}, act {activation}, {Fmt.N(model.ParameterCount)} parameters, data {data}.");
        section.Heading("Settings");
        section.KeyValues("model and data (checkpoint.safetensors, activa.ctr)", settings);

        var (epochs, metrics) = RunHistory.Add<CtrFitResult>(section, runDir, "activa ctr train", fit => fit.History.Select(e => e.Epoch),
            (fit, x) => section.Figure("per epoch: train loss and validation logloss; validation AUC and gAUC (history.json)",
                ReportFigures.Curves([("train loss", x, [.. fit.History.Select(e => e.TrainLoss)]), ("validation logloss", x, [.. fit.History.Select(e => e.Validation.LogLoss)])],
                    "epoch", "loss", "loss"),
                ReportFigures.Curves([("validation AUC", x, [.. fit.History.Select(e => e.Validation.Auc)]), ("validation gAUC", x, [.. fit.History.Select(e => e.Validation.GroupAuc)])],
                    "epoch", "AUC", "validation AUC")),
            fit =>
            {
                section.Table($"at the best epoch ({fit.BestEpoch}, by validation AUC)", ["split", "AUC", "gAUC", "logloss", "samples"],
                [
                    ["validation", Fmt.F4(fit.BestValidation.Auc), Fmt.F4(fit.BestValidation.GroupAuc), Fmt.F4(fit.BestValidation.LogLoss), Fmt.N(fit.BestValidation.Count)],
                    ["test", Fmt.F4(fit.Test.Auc), Fmt.F4(fit.Test.GroupAuc), Fmt.F4(fit.Test.LogLoss), Fmt.N(fit.Test.Count)],
                ]);
                return $"AUC {Fmt.F4(fit.Test.Auc)}, gAUC {Fmt.F4(fit.Test.GroupAuc)}, logloss {Fmt.F4(fit.Test.LogLoss)}";
            });
        ActivationReport.AddShapes(section, model);
        ActivationReport.AddStatistics(section, runDir);
        return new RunSummary(label, "CTR", $"{name}, act {activation}", data, epochs, metrics);
    }
}
