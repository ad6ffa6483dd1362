namespace Activa.Cli.Report;

/// <summary>One row of the comparison table of <c>activa report</c> with several runs: what each section's run is and how it did on its test split.</summary>
internal sealed record RunSummary(string Run, string Kind, string Model, string Data, string Epochs, string TestMetrics)
{
    /// <summary>The header of the comparison table.</summary>
    public static readonly string[] Header = ["run", "kind", "model", "data", "epochs", "test metrics"];

    /// <summary>The row's cells, in <see cref="Header"/> order.</summary>
    public string[] Cells => [Run, Kind, Model, Data, Epochs, TestMetrics];
}
