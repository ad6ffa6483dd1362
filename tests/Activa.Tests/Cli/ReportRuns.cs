using System.Globalization;
using System.Text;
using Activa.Cli;

namespace Activa.Tests.Cli;

/// <summary>
/// Tiny runs of every kind <c>activa report</c> knows, trained once for the report tests through the commands themselves:
/// a digits MLP with a learnable activation (with --probe, then analysed), a CTR model on a click file, a TSMixer
/// forecaster on a series file and a two-entry leaderboard.
/// </summary>
public sealed class ReportRuns : IDisposable
{
    /// <summary>The folder that holds every run.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("activa-report-").FullName;

    /// <summary>activa train --act pau --probe, then activa analyze.</summary>
    public string Classifier => Path.Combine(Root, "digits-pau");

    /// <summary>activa prune of <see cref="Classifier"/>: two IMP cycles to 50 % sparsity.</summary>
    public string Pruned => Path.Combine(Root, "digits-pau-pruned");

    /// <summary>activa train --model kan.</summary>
    public string Kan => Path.Combine(Root, "digits-kan");

    /// <summary>activa ctr train on a CSV click log.</summary>
    public string Ctr => Path.Combine(Root, "ctr-dnn");

    /// <summary>activa forecast train (TSMixer, which has activation layers) on a CSV series.</summary>
    public string Forecast => Path.Combine(Root, "forecast-tsmixer");

    /// <summary>activa ctr compare --models lr,dnn on the click CSV.</summary>
    public string CtrCompare => Path.Combine(Root, "ctr-compare");

    /// <summary>activa forecast compare --models linear,dlinear on the series CSV.</summary>
    public string ForecastCompare => Path.Combine(Root, "forecast-compare");

    /// <summary>activa bench --acts relu,pau.</summary>
    public string Leaderboard => Path.Combine(Root, "leaderboard");

    public ReportRuns()
    {
        Check(TrainCommand.Create().Parse(["--data", "digits", "--hidden", "16", "--act", "pau", "--epochs", "2", "--batch", "64", "--lr", "1e-2",
            "--probe", "--out", Classifier]).Invoke(), "activa train");
        Check(AnalyzeCommand.Create().Parse([Classifier, "--batches", "2"]).Invoke(), "activa analyze");
        Check(PruneCommand.Create().Parse([Classifier, "--cycles", "2", "--target", "0.5", "--out", Pruned]).Invoke(), "activa prune");
        Check(TrainCommand.Create().Parse(["--data", "digits", "--model", "kan", "--hidden", "4", "--epochs", "1", "--batch", "64", "--out", Kan]).Invoke(),
            "activa train --model kan");

        var clicks = new StringBuilder("click,user,item,price\n");
        var g = new Random(2);
        for (int r = 0; r < 1500; r++)
        {
            int user = g.Next(30), item = g.Next(20);
            clicks.Append(CultureInfo.InvariantCulture, $"{(g.NextDouble() < (user % 3 == item % 3 ? 0.7 : 0.2) ? 1 : 0)},u{user},i{item},{g.NextDouble():F3}\n");
        }
        string csv = Path.Combine(Root, "clicks.csv"), schema = Path.Combine(Root, "clicks.json");
        File.WriteAllText(csv, clicks.ToString());
        File.WriteAllText(schema, """
            { "label": { "column": "click" },
              "fields": [ { "kind": "categorical", "column": "user" }, { "kind": "categorical", "column": "item" }, { "kind": "numeric", "column": "price" } ] }
            """);
        Check(CtrCommand.Create().Parse(["train", "--data", csv, "--schema", schema, "--model", "dnn", "--activation", "prelu", "--epochs", "2", "--out", Ctr]).Invoke(),
            "activa ctr train");

        var series = new StringBuilder("date,load\n");
        for (int t = 0; t < 400; t++) series.Append(CultureInfo.InvariantCulture, $"{new DateTime(2024, 1, 1).AddHours(t):yyyy-MM-dd HH:mm:ss},{Math.Sin(t / 4.0):F4}\n");
        string seriesCsv = Path.Combine(Root, "series.csv");
        File.WriteAllText(seriesCsv, series.ToString());
        Check(ForecastCommand.Create().Parse(["train", "--model", "tsmixer", "--data", seriesCsv, "--input", "24", "--horizon", "12", "--epochs", "2",
            "--out", Forecast]).Invoke(), "activa forecast train");

        Check(CtrCommand.Create().Parse(["compare", "--data", csv, "--schema", schema, "--models", "lr,dnn", "--seeds", "2", "--epochs", "1",
            "--out", CtrCompare]).Invoke(), "activa ctr compare");
        Check(ForecastCommand.Create().Parse(["compare", "--models", "linear,dlinear", "--data", seriesCsv, "--input", "24", "--horizons", "6,12",
            "--seeds", "1", "--epochs", "1", "--out", ForecastCompare]).Invoke(), "activa forecast compare");

        Check(BenchCommand.Create().Parse(["--acts", "relu,pau", "--seeds", "1", "--epochs", "2", "--hidden", "16", "--out", Leaderboard]).Invoke(), "activa bench");
    }

    private static void Check(int code, string what)
    {
        if (code != 0) throw new InvalidOperationException($"{what} exited with {code}.");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
