using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Activa.Data.Forecasting;
using Activa.IO;
using Activa.Metrics;
using Activa.Models.Forecasting;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// <c>activa forecast train|predict|compare</c>: long-range forecasting (linear, DLinear, GRU, PGN, TPGN, TSMixer) on the
/// synthetic multi-seasonal series (the default, no setup), on chicago, taylor or eustock (<c>data/get.sh NAME</c>), or
/// on any CSV with a date column and numeric columns.
/// </summary>
internal static class ForecastCommand
{
    private static readonly Option<bool> SkipNonFinite = CommonOptions.SkipNonFinite();
    private static readonly Option<string> DataOption = new("--data")
    {
        Description = $"{string.Join(", ", ForecastDatasets.Names)} (data/get.sh NAME derives the real ones), or a CSV file (a date column, then numeric columns).",
        DefaultValueFactory = _ => "synthetic",
    };
    private static readonly Option<string?> Columns = new("--columns") { Description = "Comma-separated columns to forecast (default: the dataset's preset; a CSV: every numeric column)." };
    private static readonly Option<int> Input = new("--input") { Description = "Input length L (steps the model sees).", DefaultValueFactory = _ => 96 };
    private static readonly Option<int> Horizon = new("--horizon") { Description = "Horizon H (steps forecast).", DefaultValueFactory = _ => 96 };
    private static readonly Option<string> Protocol = new("--protocol") { Description = "Splits: tsl (Time-Series-Library: ETT 12/4/4 months, others 7:1:2) or tpgn (6:2:2).", DefaultValueFactory = _ => "tsl" };
    private static readonly Option<bool> Independent = new("--channel-independent") { Description = "Every channel of every window is its own sample (C = 1)." };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Most epochs (early stopping on validation MSE).", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Windows per step.", DefaultValueFactory = _ => 32 };
    private static readonly Option<float> Lr = new("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3f };
    private static readonly Option<int> Patience = new("--patience") { Description = "Epochs without a lower validation MSE before stopping.", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> DModel = new("--d-model") { Description = "Hidden size of PGN/TPGN (and TSMixer's feature MLP).", DefaultValueFactory = _ => 32 };
    private static readonly Option<int?> Period = new("--period") { Description = "TPGN's period P (default: the series' first known period, else 24)." };
    private static readonly Option<bool> RevIn = new("--revin") { Description = "Reversible instance normalisation of each input window (on by default; --revin false turns it off).", DefaultValueFactory = _ => true };
    private static readonly Option<bool> OriginalScale = new("--original-scale") { Description = "Also report MSE and MAE on the series' original scale." };

    /// <summary>The options train and compare share: data, windows, training, model size and the NaN/∞ policy.</summary>
    private static Option[] TrainingOptions => [DataOption, Columns, Input, Protocol, Independent, Epochs, BatchSize, Lr, Patience, DModel, Period, RevIn, OriginalScale, SkipNonFinite];

    public static Command Create()
    {
        var command = new Command("forecast", "Long-range forecasting: PGN, TPGN and baselines on real and synthetic series.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Predict());
        command.Subcommands.Add(Compare());
        return command;
    }

    private static Command Train()
    {
        var model = new Option<string>("--model") { Description = $"One of {string.Join(", ", ForecastModel.Names)}.", DefaultValueFactory = _ => "tpgn" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights and batch order.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Run folder for the checkpoint and metrics (default runs/forecast-<data>-<model>-<L>-<H>-<seed>)." };
        var command = CommonOptions.NewCommand("train", "Train one forecasting model; report validation MSE per epoch and test MSE/MAE at the best epoch.", [model, Horizon, seed, output, .. TrainingOptions]);
        CommonOptions.SetThreadedAction(command, parse =>
        {
            string name = parse.GetValue(model)!.ToLowerInvariant();
            ulong s = parse.GetValue(seed);
            var series = Series(parse);
            var data = Data(parse, series, parse.GetValue(Horizon));
            Console.WriteLine($"{name} on {series.Name} ({series.Length} steps × {series.Channels} channels, {ProtocolOf(parse).ToString().ToLowerInvariant()} splits): " +
                              $"{data.Train.Count} train, {data.Validation.Count} validation, {data.Test.Count} test windows, L={data.Train.InputLength} H={data.Train.Horizon}");
            var (trained, result, seconds) = Run(parse, name, series, data, s, verbose: true);
            Console.WriteLine($"test at epoch {result.BestEpoch}: {Errors(result.Test)}  ({seconds:F1} s)");
            string dir = parse.GetValue(output) ?? Path.Combine("runs", $"forecast-{DataLabel(series)}-{name}-{data.Train.InputLength}-{data.Train.Horizon}-{s}");
            Directory.CreateDirectory(dir);
            ForecastCheckpoint.Save(Path.Combine(dir, "checkpoint.safetensors"), trained, new ForecastRunInfo(
                name, trained.Options, parse.GetValue(DataOption)!, series.Columns, ProtocolOf(parse), ModeOf(parse), s,
                data.Scaler.Mean, data.Scaler.Std));
            MetricsWriter.WriteAtomic(Path.Combine(dir, "history.json"), JsonSerializer.Serialize(result, JsonOptions));
            Console.WriteLine($"wrote {dir}/checkpoint.safetensors and history.json");
            return 0;
        });
        return command;
    }

    private static Command Predict()
    {
        var run = new Argument<string>("run") { Description = "A run folder or checkpoint written by 'activa forecast train'." };
        var output = new Option<string?>("--out") { Description = "CSV of forecasts (default RUN/forecasts.csv)." };
        var future = new Option<bool>("--future") { Description = "Forecast the H steps after the end of the series from its last L steps (instead of every test window)." };
        var command = new Command("predict", "Write a CSV of forecasts on the original scale: every test window with the truth, or the future with --future.") { run, output, future };
        CommonOptions.SetAction(command, parse =>
        {
            string path = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            var (model, info) = ForecastCheckpoint.Load(path);
            var series = ForecastDatasets.Load(info.Data).Select([.. info.Columns]);
            var scaler = new Standardizer(info.Mean, info.Std);
            string csv = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "forecasts.csv");
            int rows = parse.GetValue(future)
                ? ForecastCsv.WriteFuture(csv, model, series, scaler, info.Mode)
                : ForecastCsv.WriteTest(csv, model, ForecastData.Create(series, info.Protocol, model.Options.InputLength, model.Options.Horizon, info.Mode, scaler));
            Console.WriteLine($"wrote {rows} forecasts to {csv}");
            return 0;
        });
        return command;
    }

    private static Command Compare()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated models.", DefaultValueFactory = _ => "linear,dlinear,gru,pgn,tpgn" };
        var horizons = new Option<string>("--horizons") { Description = "Comma-separated horizons (a horizon that does not fit the series is skipped with a note).", DefaultValueFactory = _ => "96,192,336,720" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per model and horizon (mean ± sd reported).", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Folder for results.md/.csv/.json and forecast-H<h>.png (default runs/forecast-compare-<data>)." };
        var command = CommonOptions.NewCommand("compare", "Train several models at several horizons over several seeds; print and save an MSE/MAE table and forecast plots.", [models, horizons, seeds, output, .. TrainingOptions]);
        CommonOptions.SetThreadedAction(command, parse =>
        {
            var names = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
            var hs = ParseInts(parse.GetValue(horizons)!, "--horizons");
            int n = parse.GetValue(seeds);
            if (names.Length == 0 || n < 1) throw new ArgumentException("--models needs at least one model and --seeds at least 1.");
            if (names.FirstOrDefault(m => !ForecastModel.Names.Contains(m)) is { } unknown)
                throw new ArgumentException($"Unknown forecasting model '{unknown}'. Valid: {string.Join(", ", ForecastModel.Names)}.");
            string dir = parse.GetValue(output) ?? Path.Combine("runs", $"forecast-compare-{DataLabel(parse.GetValue(DataOption)!)}");
            Directory.CreateDirectory(dir);
            var rows = new List<CompareRow>();
            var notes = new List<string>();
            foreach (int h in hs)
            {
                var series = Series(parse);
                int longest = ForecastSplits.MaxHorizon(series, ProtocolOf(parse), parse.GetValue(Input));
                if (h > longest)
                {
                    notes.Add($"H={h} skipped: the longest horizon that fits {series.Name} at L={parse.GetValue(Input)} under the {ProtocolOf(parse).ToString().ToLowerInvariant()} splits is {longest}.");
                    Console.Error.WriteLine($"  {notes[^1]}");
                    continue;
                }
                var data = Data(parse, series, h);
                var forecasts = new List<(string Label, float[] Values)>();
                foreach (var name in names)
                {
                    var tests = new ForecastEvaluation[n];
                    double epochSeconds = 0;
                    for (int s = 0; s < n; s++)
                    {
                        var (model, result, _) = Run(parse, name, series, data, (ulong)s, verbose: false);
                        tests[s] = result.Test;
                        epochSeconds += result.History.Average(e => e.Seconds);
                        Console.Error.WriteLine($"  {name} H={h} seed {s}: test {Errors(result.Test)} (best epoch {result.BestEpoch}, {result.History.Average(e => e.Seconds):F2} s/epoch)");
                        if (s == 0) forecasts.Add((name, ForecastCsv.ForecastOfWindow(model, data.Test, data.Test.Count / 2)));
                    }
                    rows.Add(new CompareRow(name, h, tests, epochSeconds / n));
                }
                var (context, truth) = ForecastCsv.WindowOf(data.Test, data.Test.Count / 2);
                Plots.ForecastPlot.Save(context, truth, forecasts, $"{series.Name}, {series.Columns[0]}, test window {data.Test.Count / 2}, H={h}", Path.Combine(dir, $"forecast-H{h}.png"));
            }
            if (rows.Count == 0) throw new ArgumentException($"No horizon fits the series: {string.Join("; ", notes)}");
            var (table, csv) = Tables(rows, notes, parse.GetValue(OriginalScale));
            Console.Write(table);
            MetricsWriter.WriteAtomic(Path.Combine(dir, "results.md"), table);
            MetricsWriter.WriteAtomic(Path.Combine(dir, "results.csv"), csv);
            MetricsWriter.WriteAtomic(Path.Combine(dir, "results.json"), JsonSerializer.Serialize(rows, JsonOptions));
            Console.WriteLine($"wrote {dir}/results.md, results.csv, results.json and forecast-H*.png");
            return 0;
        });
        return command;
    }

    private sealed record CompareRow(string Model, int Horizon, ForecastEvaluation[] Test, double SecondsPerEpoch);

    private static (string Markdown, string Csv) Tables(List<CompareRow> rows, List<string> notes, bool original)
    {
        var table = new StringBuilder();
        table.AppendLine("| model | H | MSE | MAE |" + (original ? " MSE (original) | MAE (original) |" : "") + " s per epoch |");
        table.AppendLine("|---|---:|---:|---:|" + (original ? "---:|---:|" : "") + "---:|");
        var csv = new StringBuilder("model,horizon,seed,mse,mae,seconds_per_epoch\n");
        foreach (var r in rows)
        {
            table.Append($"| {r.Model} | {r.Horizon} | {SeedStats.Format(r.Test.Select(e => e.Mse))} | {SeedStats.Format(r.Test.Select(e => e.Mae))} |");
            if (original) table.Append($" {SeedStats.Format(r.Test.Select(e => e.Original!.Mse))} | {SeedStats.Format(r.Test.Select(e => e.Original!.Mae))} |");
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $" {r.SecondsPerEpoch:F2} |"));
            for (int s = 0; s < r.Test.Length; s++)
                csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model},{r.Horizon},{s},{r.Test[s].Mse:R},{r.Test[s].Mae:R},{r.SecondsPerEpoch:R}"));
        }
        foreach (var note in notes) table.AppendLine($"\n{note}");
        return (table.ToString(), csv.ToString());
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Errors(ForecastEvaluation e) =>
        string.Create(CultureInfo.InvariantCulture, $"MSE {e.Mse:F4}  MAE {e.Mae:F4}") +
        (e.Original is { } o ? string.Create(CultureInfo.InvariantCulture, $"  (original scale: MSE {o.Mse:G5}  MAE {o.Mae:G5})") : "");

    private static int[] ParseInts(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
                throw new ArgumentException($"{option}: '{parts[i]}' is not a positive integer.");
        if (values.Length == 0) throw new ArgumentException($"{option} needs at least one value.");
        return values;
    }

    private static string DataLabel(TimeSeries series) => DataLabel(series.Name);
    private static string DataLabel(string data) => Path.GetFileNameWithoutExtension(data).ToLowerInvariant();

    private static SplitProtocol ProtocolOf(ParseResult parse) => parse.GetValue(Protocol)!.ToLowerInvariant() switch
    {
        "tsl" => SplitProtocol.Tsl,
        "tpgn" => SplitProtocol.Tpgn,
        var p => throw new ArgumentException($"--protocol: unknown protocol '{p}'; use tsl or tpgn."),
    };

    private static TimeSeries Series(ParseResult parse)
    {
        var series = ForecastDatasets.Load(parse.GetValue(DataOption)!);
        return parse.GetValue(Columns) is { } columns
            ? series.Select(columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : series;
    }

    private static ChannelMode ModeOf(ParseResult parse) => parse.GetValue(Independent) ? ChannelMode.ChannelIndependent : ChannelMode.Multivariate;

    private static ForecastData Data(ParseResult parse, TimeSeries series, int horizon) =>
        ForecastData.Create(series, ProtocolOf(parse), parse.GetValue(Input), horizon, ModeOf(parse));

    private static (ForecastModel Model, ForecastFitResult Result, double Seconds) Run(ParseResult parse, string name, TimeSeries series, ForecastData data, ulong seed, bool verbose)
    {
        var options = new ForecastModelOptions
        {
            InputLength = data.Train.InputLength,
            Horizon = data.Train.Horizon,
            Channels = data.Train.SampleChannels,
            DModel = parse.GetValue(DModel),
            Period = parse.GetValue(Period) ?? (series.Periods.Length > 0 ? series.Periods[0] : 24),
            RevIn = parse.GetValue(RevIn),
        };
        var model = ForecastModel.Create(name, options, seed);
        var train = new ForecastTrainOptions
        {
            Epochs = parse.GetValue(Epochs), BatchSize = parse.GetValue(BatchSize), LearningRate = parse.GetValue(Lr),
            Patience = parse.GetValue(Patience), Seed = seed, OriginalScale = parse.GetValue(OriginalScale),
            SkipNonFinite = parse.GetValue(SkipNonFinite),
        };
        if (verbose) Console.WriteLine($"{name}: {model.ParameterCount:N0} parameters");
        var clock = Stopwatch.StartNew();
        IProgress<ForecastEpoch>? progress = verbose ? new SyncProgress<ForecastEpoch>(e => Console.WriteLine(
            $"epoch {e.Epoch}: train loss {e.TrainLoss:F4}  validation {Errors(e.Validation)}  ({e.Seconds:F1} s)" + CommonOptions.Skips(e.Skipped))) : null;
        var result = ForecastTrainer.Fit(model, data, train, progress);
        return (model, result, clock.Elapsed.TotalSeconds);
    }
}
