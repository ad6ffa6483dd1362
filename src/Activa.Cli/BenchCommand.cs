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
/// <c>activa bench --model kan --basis bspline,chebyshev</c> ranks a KAN of each basis beside MLPs of equal parameters.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The issue's leaderboard; names not (yet) registered are left out of the default.</summary>
    private static readonly string[] DefaultActivations = ["relu", "gelu", "silu", "mish", "prelu", "swish-beta", "pau", "aglu", "dice", "polynorm"];

    public static Command Create()
    {
        var acts = new Option<string?>("--acts") { Description = $"Comma-separated activation specs (fixed or learnable). Default: {string.Join(",", Defaults())}; with --model kan, the equal-parameter MLPs' activations (default relu)." };
        var model = new Option<string>("--model") { Description = "mlp: one MLP per activation; kan: one KAN per --basis, each beside an MLP of the same parameter count.", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp", "kan");
        var bases = new Option<string?>("--basis") { Description = $"With --model kan: comma-separated KAN basis specs ({string.Join(", ", Activa.Kan.KanBases.Names)}; default: all of them)." };
        var data = new Option<string>("--data") { Description = $"Dataset: {string.Join(", ", Datasets.Names)}.", DefaultValueFactory = _ => "digits" };
        var dataDir = CommonOptions.DataDir();
        var hidden = new Option<string?>("--hidden") { Description = "Hidden widths (default 512,512; 128,128 on the small embedded digits; with --model kan 64, or 16 on digits)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run.", DefaultValueFactory = _ => 10 };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per activation.", DefaultValueFactory = _ => 3 };
        var batch = new Option<int?>("--batch") { Description = "Mini-batch size (default 256; 64 on the small embedded digits)." };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3f };
        var output = new Option<string?>("--out") { Description = "Folder for leaderboard.md/.csv/.json and the figures (default runs/leaderboard-<data>)." };
        var command = new Command("bench", "Activation leaderboard: train the same MLP with each activation and seed; table and figures. --model kan ranks KAN bases beside MLPs of equal parameters.")
        {
            acts, model, bases, data, dataDir, hidden, epochs, seeds, batch, lr, output,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            string dataName = CommonOptions.ResolveDataName(parse.GetValue(data)!, parse.GetValue(dataDir));
            bool kan = parse.GetValue(model) == "kan";
            if (!kan && parse.GetValue(bases) is { } given) throw new ArgumentException($"--basis {given} needs --model kan.");
            string defaultHidden = kan ? (dataName == "digits" ? "16" : "64") : dataName == "digits" ? "128,128" : "512,512";
            var options = new LeaderboardOptions
            {
                Model = kan ? "kan" : "mlp",
                Bases = parse.GetValue(bases) is { } b ? LeaderboardOptions.SplitSpecs(b) : [.. Activa.Kan.KanBases.Names],
                Activations = parse.GetValue(acts) is { } list ? LeaderboardOptions.SplitSpecs(list) : kan ? ["relu"] : Defaults(),
                Hidden = TrainCommand.ParseWidths(parse.GetValue(hidden) ?? defaultHidden),
                Seeds = parse.GetValue(seeds),
                Train = new TrainOptions { Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch) ?? (dataName == "digits" ? 64 : 256), Lr = parse.GetValue(lr), ValidationFraction = 0 },
            };
            options.Validate();
            var (train, test) = Datasets.Load(dataName, parse.GetValue(dataDir));
            string outDir = parse.GetValue(output) ?? Path.Combine("runs", kan ? $"kan-leaderboard-{dataName}" : $"leaderboard-{dataName}");
            string what = kan
                ? $"{options.Entries(train.SampleSize, train.Classes).Count} models (kan {train.SampleSize}-{string.Join("-", options.Hidden)}-{train.Classes} per basis, mlps of equal parameters) × {options.Seeds} seeds"
                : $"{options.Activations.Length} activations × {options.Seeds} seeds, mlp {train.SampleSize}-{string.Join("-", options.Hidden)}-{train.Classes}";
            Console.WriteLine($"activa bench: {what}, " +
                              $"{dataName} ({train.Count:N0} train / {test.Count:N0} test), adam lr {options.Train.Lr:G3}, batch {options.Train.BatchSize}, {options.Train.Epochs} epochs");

            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCtrlC;
            List<LeaderboardRun> runs;
            try
            {
                runs = Leaderboard.Run(options, train, test,
                    finished: r => Console.WriteLine($"  {r.Activation,-16} seed {r.Seed}: {r.Parameters:N0} parameters, test accuracy {r.TestAccuracy:P2}, loss {r.TestLoss:F4}, {r.Seconds:F1} s, {r.SamplesPerSecond:N0} samples/s"),
                    cancel: stop.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCtrlC;
            }
            if (runs.Count == 0) throw new InvalidOperationException("Stopped before any run finished.");
            var rows = Leaderboard.Summarise(runs);
            string column = kan ? "model" : "activation";
            Show(rows, column);
            Save(rows, runs, outDir, column);
            return stop.IsCancellationRequested ? 130 : 0;
        });
        return command;
    }

    private static string[] Defaults() => [.. DefaultActivations.Where(a => Activation.Exists(a) || LearnableActivations.Exists(a))];

    private static void Show(List<LeaderboardRow> rows, string column)
    {
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(Markdown(rows, column));
            return;
        }
        var table = new Table().Title($"{column} leaderboard (test accuracy, mean ± std over seeds)");
        foreach (var h in new[] { "#", column, "test accuracy", "final train loss", "test loss", "train time", "samples/s", "parameters" })
            table.AddColumn(h == column ? new TableColumn(h) : new TableColumn(h).RightAligned());
        int rank = 0;
        foreach (var r in rows)
            table.AddRow((++rank).ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Activation), $"{100 * r.MeanAccuracy:F2} ± {100 * r.StdAccuracy:F2} %",
                $"{r.MeanFinalTrainLoss:F4}", $"{r.MeanTestLoss:F4}", $"{r.MeanSeconds:F1} s", $"{r.MeanSamplesPerSecond:N0}", $"{r.Parameters:N0}");
        AnsiConsole.Write(table);
    }

    internal static string Markdown(List<LeaderboardRow> rows, string column = "activation")
    {
        var sb = new StringBuilder();
        sb.AppendLine($"| # | {column} | test accuracy (mean ± std) | final train loss | test loss | train time (s) | samples/s | parameters |");
        sb.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        int rank = 0;
        foreach (var r in rows)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {++rank} | {r.Activation} | {100 * r.MeanAccuracy:F2} ± {100 * r.StdAccuracy:F2} % | {r.MeanFinalTrainLoss:F4} | {r.MeanTestLoss:F4} | {r.MeanSeconds:F1} | {r.MeanSamplesPerSecond:N0} | {r.Parameters:N0} |");
        return sb.ToString();
    }

    private static void Save(List<LeaderboardRow> rows, List<LeaderboardRun> runs, string outDir, string column)
    {
        Directory.CreateDirectory(outDir);
        MetricsWriter.WriteAtomic(Path.Combine(outDir, "leaderboard.md"), Markdown(rows, column));
        var csv = new StringBuilder($"{column},runs,mean_accuracy,std_accuracy,mean_final_train_loss,mean_test_loss,mean_seconds,mean_samples_per_second,parameters\n");
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
