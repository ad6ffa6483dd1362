using Activa.Plots.Report;

namespace Activa.Cli.Report;

/// <summary>
/// The history.json part of a CTR or forecasting run's section: the training curves and the test metrics at the best
/// epoch, or a note when the run folder has no history.
/// </summary>
internal static class RunHistory
{
    /// <summary>
    /// Reads history.json of <paramref name="runDir"/> (written by <paramref name="writer"/>) as <typeparamref name="TFit"/>
    /// and adds "Training curves" (<paramref name="curves"/> with the epochs as x, or a note when none completed) and
    /// "Test metrics" (<paramref name="test"/>, which returns the summary's metrics) to <paramref name="section"/>.
    /// </summary>
    /// <returns>The epochs recorded and the test metrics for the run summary ("n/a" each without history.json).</returns>
    public static (string Epochs, string Metrics) Add<TFit>(ReportSection section, string runDir, string writer,
        Func<TFit, IEnumerable<int>> epochs, Action<TFit, double[]> curves, Func<TFit, string> test)
    {
        string historyPath = Path.Combine(runDir, "history.json");
        if (!File.Exists(historyPath))
        {
            section.Note("No history.json in the run folder: no curves or test metrics.");
            return ("n/a", "n/a");
        }
        var fit = JsonSettings.Read<TFit>(historyPath, writer);
        double[] x = [.. epochs(fit).Select(e => (double)e)];
        section.Heading("Training curves");
        if (x.Length > 0) curves(fit, x);
        else section.Note("No completed epoch recorded.");
        section.Heading("Test metrics");
        return (Fmt.I(x.Length), test(fit));
    }
}
