using Activa.IO;
using Activa.Plots.Report;
using Activa.Training;

namespace Activa.Cli.Report;

/// <summary>
/// The section of an <c>activa forecast train</c> run: settings from the checkpoint, train loss and validation MSE/MAE
/// per epoch (history.json), test MSE/MAE at the best epoch and per horizon step, and the activation shapes where the
/// model has activation layers.
/// </summary>
internal static class ForecastReport
{
    /// <summary>Adds the section of the forecasting run whose checkpoint is <paramref name="checkpoint"/>.</summary>
    public static RunSummary Add(HtmlReport report, string label, string checkpoint)
    {
        string runDir = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        var (model, info) = ForecastCheckpoint.Load(checkpoint);
        model.Eval();
        var o = model.Options;
        string what = $"{info.Model} L={o.InputLength} H={o.Horizon}";
        var section = report.AddSection($"{label}: forecast {what}");
        section.Paragraph($"Forecaster trained by activa forecast train: {info.Model}, input length {o.InputLength}, horizon {o.Horizon}, " +
                          $"{o.Channels} channels ({string.Join(", ", info.Columns)}), {Fmt.N(model.ParameterCount)} parameters, data {info.Data}.");
        section.Heading("Settings");
        section.KeyValues("model and data (checkpoint.safetensors, activa.forecast)", JsonSettings.Of(info));

        var (epochs, metrics) = RunHistory.Add<ForecastFitResult>(section, runDir, "activa forecast train", fit => fit.History.Select(e => e.Epoch),
            (fit, x) => section.Figure("per epoch, on the standardised scale (history.json)",
                ReportFigures.Curves([("train loss", x, [.. fit.History.Select(e => e.TrainLoss)]), ("validation MSE", x, [.. fit.History.Select(e => e.Validation.Mse)]),
                    ("validation MAE", x, [.. fit.History.Select(e => e.Validation.Mae)])], "epoch", "error", "loss and validation error")),
            fit =>
            {
                var t = fit.Test;
                var rows = new List<IReadOnlyList<string>>
                {
                    new[] { "validation (best epoch)", Fmt.F4(fit.BestValidation.Mse), Fmt.F4(fit.BestValidation.Mae), Fmt.N(fit.BestValidation.Windows) },
                    new[] { "test", Fmt.F4(t.Mse), Fmt.F4(t.Mae), Fmt.N(t.Windows) },
                };
                if (t.Original is { } orig) rows.Add(["test, original scale", Fmt.F4(orig.Mse), Fmt.F4(orig.Mae), Fmt.N(orig.Windows)]);
                section.Table($"at the best epoch ({fit.BestEpoch}, by validation MSE)", ["split", "MSE", "MAE", "windows"], rows);
                if (t.MsePerStep.Length > 0 && t.MsePerStep.Length == t.MaePerStep.Length)
                {
                    double[] steps = [.. Enumerable.Range(1, t.MsePerStep.Length).Select(s => (double)s)];
                    section.Figure("test error per horizon step (standardised scale)",
                        ReportFigures.Curves([("MSE", steps, t.MsePerStep), ("MAE", steps, t.MaePerStep)], "horizon step", "error", "test error per step"));
                }
                return $"MSE {Fmt.F4(t.Mse)}, MAE {Fmt.F4(t.Mae)}";
            });
        ActivationReport.AddShapes(section, model);
        ActivationReport.AddStatistics(section, runDir);
        return new RunSummary(label, "forecast", what, info.Data, epochs, metrics);
    }
}
