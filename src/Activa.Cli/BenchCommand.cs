using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Data;
using Activa.Plots;
using Activa.Training;
using Spectre.Console;

namespace Activa.Cli;

/// <summary>
/// <c>activa bench</c>: the activation leaderboard. Trains the same MLP with each activation and seed, then
/// prints and saves a table (mean ± std test accuracy, losses, time, samples/s, parameters) and figures.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The issue's leaderboard; names not (yet) registered are left out of the default.</summary>
    private static readonly string[] DefaultActivations = ["relu", "gelu", "silu", "mish", "prelu", "swish-beta", "pau", "aglu", "dice", "polynorm"];

    public static Command Create()
    {
        var acts = new Option<string?>("--acts") { Description = $"Comma-separated activation specs (fixed or learnable). Default: {string.Join(",", Defaults())}." };
        var data = new Option<string>("--data") { Description = $"Dataset: {string.Join(", ", Datasets.Names)}.", DefaultValueFactory = _ => "digits" };
        var dataDir = CommonOptions.DataDir();
        var hidden = new Option<string?>("--hidden") { Description = "Hidden widths (default 512,512; 128,128 on the small embedded digits)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run.", DefaultValueFactory = _ => 10 };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per activation.", DefaultValueFactory = _ => 3 };
        var batch = new Option<int?>("--batch") { Description = "Mini-batch size (default 256; 64 on the small embedded digits)." };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3f };
        var output = new Option<string?>("--out") { Description = "Folder for leaderboard.md/.csv/.json and the figures (default runs/leaderboard-<data>)." };
        var threads = CommonOptions.Threads();
        var command = new Command("bench", "Activation leaderboard: train the same MLP with each activation and seed; table and figures.")
        {
            acts, data, dataDir, hidden, epochs, seeds, batch, lr, output, threads,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            CommonOptions.ApplyThreads(parse.GetValue(threads));
            string dataName = CommonOptions.ResolveDataName(parse.GetValue(data)!, parse.GetValue(dataDir));
            var options = new LeaderboardOptions
            {
                Activations = parse.GetValue(acts) is { } list ? LeaderboardOptions.SplitSpecs(list) : Defaults(),
                Hidden = TrainCommand.ParseWidths(parse.GetValue(hidden) ?? (dataName == "digits" ? "128,128" : "512,512")),
                Seeds = parse.GetValue(seeds),
                Train = new TrainOptions { Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch) ?? (dataName == "digits" ? 64 : 256), Lr = parse.GetValue(lr), ValidationFraction = 0 },
            };
            options.Validate();
            var (train, test) = Datasets.Load(dataName, parse.GetValue(dataDir));
            string outDir = parse.GetValue(output) ?? Path.Combine("runs", $"leaderboard-{dataName}");
            Console.WriteLine($"activa bench: {options.Activations.Length} activations × {options.Seeds} seeds, mlp {train.SampleSize}-{string.Join("-", options.Hidden)}-{train.Classes}, " +
                              $"{dataName} ({train.Count:N0} train / {test.Count:N0} test), adam lr {options.Train.Lr:G3}, batch {options.Train.BatchSize}, {options.Train.Epochs} epochs");

            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCtrlC;
            List<LeaderboardRun> runs;
            try
            {
                runs = Leaderboard.Run(options, train, test,
                    finished: r => Console.WriteLine($"  {r.Activation,-16} seed {r.Seed}: test accuracy {r.TestAccuracy:P2}, loss {r.TestLoss:F4}, {r.Seconds:F1} s, {r.SamplesPerSecond:N0} samples/s"),
                    cancel: stop.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCtrlC;
            }
            if (runs.Count == 0) throw new InvalidOperationException("Stopped before any run finished.");
            var rows = Leaderboard.Summarise(runs);
            Show(rows);
            Save(rows, runs, outDir);
            return stop.IsCancellationRequested ? 130 : 0;
        }));
        return command;
    }

    private static string[] Defaults() => [.. DefaultActivations.Where(a => Activation.Exists(a) || LearnableActivations.Exists(a))];

    private static void Show(List<LeaderboardRow> rows)
    {
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(Markdown(rows));
            return;
        }
        var table = new Table().Title("activation leaderboard (test accuracy, mean ± std over seeds)");
        foreach (var h in new[] { "#", "activation", "test accuracy", "final train loss", "test loss", "train time", "samples/s", "parameters" })
            table.AddColumn(h == "activation" ? new TableColumn(h) : new TableColumn(h).RightAligned());
        int rank = 0;
        foreach (var r in rows)
            table.AddRow((++rank).ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Activation), $"{100 * r.MeanAccuracy:F2} ± {100 * r.StdAccuracy:F2} %",
                $"{r.MeanFinalTrainLoss:F4}", $"{r.MeanTestLoss:F4}", $"{r.MeanSeconds:F1} s", $"{r.MeanSamplesPerSecond:N0}", $"{r.Parameters:N0}");
        AnsiConsole.Write(table);
    }

    private static string Markdown(List<LeaderboardRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| # | activation | test accuracy (mean ± std) | final train loss | test loss | train time (s) | samples/s | parameters |");
        sb.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        int rank = 0;
        foreach (var r in rows)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {++rank} | {r.Activation} | {100 * r.MeanAccuracy:F2} ± {100 * r.StdAccuracy:F2} % | {r.MeanFinalTrainLoss:F4} | {r.MeanTestLoss:F4} | {r.MeanSeconds:F1} | {r.MeanSamplesPerSecond:N0} | {r.Parameters:N0} |");
        return sb.ToString();
    }

    private static void Save(List<LeaderboardRow> rows, List<LeaderboardRun> runs, string outDir)
    {
        Directory.CreateDirectory(outDir);
        MetricsWriter.WriteAtomic(Path.Combine(outDir, "leaderboard.md"), Markdown(rows));
        var csv = new StringBuilder("activation,runs,mean_accuracy,std_accuracy,mean_final_train_loss,mean_test_loss,mean_seconds,mean_samples_per_second,parameters\n");
        foreach (var r in rows)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Activation.Replace(',', ';')},{r.Runs},{r.MeanAccuracy:R},{r.StdAccuracy:R},{r.MeanFinalTrainLoss:R},{r.MeanTestLoss:R},{r.MeanSeconds:R},{r.MeanSamplesPerSecond:R},{r.Parameters}"));
        MetricsWriter.WriteAtomic(Path.Combine(outDir, "leaderboard.csv"), csv.ToString());
        var json = runs.Select(r => new { activation = r.Activation, seed = r.Seed, test_accuracy = r.TestAccuracy, test_loss = r.TestLoss, seconds = r.Seconds,
            samples_per_second = r.SamplesPerSecond, parameters = r.Parameters, history = r.History });
        MetricsWriter.WriteAtomic(Path.Combine(outDir, "leaderboard.json"), JsonSerializer.Serialize(new { rows, runs = json }, new JsonSerializerOptions { WriteIndented = true }));
        LeaderboardPlot.SaveAccuracyCurves(runs, Path.Combine(outDir, "accuracy.png"));
        LeaderboardPlot.SaveShapes(runs, Path.Combine(outDir, "activations.png"));
        Console.WriteLine($"saved {outDir}/leaderboard.md, .csv, .json, accuracy.png, activations.png");
    }
}
