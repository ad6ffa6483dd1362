using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Activa.Data.Ctr;
using Activa.IO;
using Activa.Metrics;
using Activa.Models.Ctr;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// <c>activa ctr train</c> and <c>activa ctr compare</c>: click-through-rate models (LR, DNN, DeepFM, DIN, FinalMLP,
/// DualMLP) on the synthetic click log (the default, no setup) or on MovieLens (<c>data/get.sh movielens</c>).
/// </summary>
internal static class CtrCommand
{
    private static readonly Option<string> DataOption = new("--data")
    {
        Description = "synthetic (generated, known ceiling AUC), movielens (data/get.sh movielens derives it), or (train) a CSV/TSV/Parquet/Criteo file with --schema.",
        DefaultValueFactory = _ => "synthetic",
    };
    private static readonly Option<bool> SkipNonFinite = CommonOptions.SkipNonFinite();
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Most epochs (early stopping on validation AUC).", DefaultValueFactory = _ => 12 };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Samples per step.", DefaultValueFactory = _ => 256 };
    private static readonly Option<float> Lr = new("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 3e-3f };
    private static readonly Option<int> Dim = new("--dim") { Description = "Embedding dimension per id.", DefaultValueFactory = _ => 16 };
    private static readonly Option<string> Activation = new("--activation") { Description = "Hidden activation: dice, prelu, or any activation name.", DefaultValueFactory = _ => "dice" };
    private static readonly Option<bool> Softmax = new("--softmax") { Description = "DIN: softmax-normalise the attention weights (the official code; off in the paper)." };
    private static readonly Option<float> L2 = new("--l2") { Description = "λ of DIN's mini-batch-aware L2 on the id embeddings (0: off).", DefaultValueFactory = _ => 3f };
    private static readonly Option<int> Patience = new("--patience") { Description = "Epochs without a better validation AUC before stopping.", DefaultValueFactory = _ => 2 };

    /// <summary>The options train and compare share: data, training, model size, NaN/∞ policy, and those of a file's columns.</summary>
    private static Option[] TrainingOptions => [DataOption, Epochs, BatchSize, Lr, Dim, Activation, Softmax, L2, Patience, SkipNonFinite, .. CtrFileOptions.TrainOptions];

    public static Command Create()
    {
        var command = new Command("ctr", "Click-through-rate prediction: DIN, FinalMLP and baselines on behaviour logs.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Compare());
        return command;
    }

    private static Command Train()
    {
        var model = new Option<string>("--model") { Description = $"One of {string.Join(", ", CtrModel.Names)}.", DefaultValueFactory = _ => "din" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the data, weights and batch order.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Run folder for the checkpoint and metrics (default runs/ctr-<data>-<model>-<seed>)." };
        var command = CommonOptions.NewCommand("train", "Train one CTR model and report validation per epoch and test at the best epoch.", [model, seed, output, .. TrainingOptions]);
        CommonOptions.SetThreadedAction(command, parse =>
        {
            string dataName = parse.GetValue(DataOption)!.ToLowerInvariant(), name = parse.GetValue(model)!.ToLowerInvariant();
            ulong s = parse.GetValue(seed);
            if (CtrFileOptions.IsFile(parse.GetValue(DataOption)!)) return TrainFile(parse, name, s, parse.GetValue(output));
            if (parse.GetValue(CtrFileOptions.Schema) != null)
                throw new ArgumentException($"--schema applies to --data FILE; '{dataName}' is a built-in log with its own features.");
            var data = LoadLog(dataName, s);
            var (trained, result, seconds) = Run(parse, name, data, s, verbose: true);
            Console.WriteLine($"test at epoch {result.BestEpoch}: AUC {result.Test.Auc:F4}  gAUC {result.Test.GroupAuc:F4}  logloss {result.Test.LogLoss:F4}  ({seconds:F1} s)");
            string dir = parse.GetValue(output) ?? Path.Combine("runs", $"ctr-{dataName}-{name}-{s}");
            Directory.CreateDirectory(dir);
            CtrCheckpoint.Save(Path.Combine(dir, "checkpoint.safetensors"), trained, new CtrRunInfo(name, trained.Options, trained.Vocabulary, dataName, s));
            MetricsWriter.WriteAtomic(Path.Combine(dir, "history.json"), JsonSerializer.Serialize(result, JsonOptions));
            Console.WriteLine($"wrote {dir}/checkpoint.safetensors and history.json");
            return 0;
        });
        return command;
    }

    private static int TrainFile(ParseResult parse, string name, ulong seed, string? output)
    {
        string data = parse.GetValue(DataOption)!;
        string dir = output ?? Path.Combine("runs", $"ctr-{Path.GetFileNameWithoutExtension(data)}-{name}-{seed}");
        var (run, seconds) = RunFile(parse, name, seed, dir, verbose: true);
        var r = run.Result;
        var test = r.Fit.Test;
        Console.WriteLine($"test at epoch {r.Fit.BestEpoch}: AUC {test.Auc:F4}  " + (double.IsNaN(test.GroupAuc) ? "" : $"gAUC {test.GroupAuc:F4}  ") +
                          $"logloss {test.LogLoss:F4}  ({seconds:F1} s)");
        Console.WriteLine($"rows: train {r.Train}; validation {r.Validation}; test {r.Test}");
        Console.WriteLine($"wrote {dir}/checkpoint.safetensors (feature pipeline inside) and history.json");
        return 0;
    }

    /// <summary>Trains <paramref name="name"/> on the --data file with the command's options into run folder <paramref name="dir"/>.</summary>
    private static (CtrFileTrainResult Run, double Seconds) RunFile(ParseResult parse, string name, ulong seed, string dir, bool verbose)
    {
        string data = parse.GetValue(DataOption)!;
        if (!File.Exists(data)) throw new ArgumentException($"--data '{data}': no such file, and not a built-in log (synthetic, movielens).");
        var files = CtrFileOptions.Spec(parse, data);
        var options = new CtrModelOptions
        {
            EmbeddingDim = parse.GetValue(Dim),
            Activation = parse.GetValue(Activation)!,
            AttentionSoftmax = parse.GetValue(Softmax),
            Pooling = CtrFileOptions.PoolingMode(parse.GetValue(CtrFileOptions.Pooling)!),
        };
        var training = CtrFileOptions.Training(parse, new CtrTrainOptions
        {
            Epochs = parse.GetValue(Epochs), BatchSize = parse.GetValue(BatchSize), LearningRate = parse.GetValue(Lr),
            Patience = parse.GetValue(Patience), Seed = seed, EmbeddingL2 = parse.GetValue(L2), SkipNonFinite = parse.GetValue(SkipNonFinite),
        });
        var clock = Stopwatch.StartNew();
        var progress = verbose ? new SyncProgress<CtrEpoch>(e => Console.WriteLine(
            $"epoch {e.Epoch}: train loss {e.TrainLoss:F4}  validation AUC {e.Validation.Auc:F4}  " +
            (double.IsNaN(e.Validation.GroupAuc) ? "" : $"gAUC {e.Validation.GroupAuc:F4}  ") + $"logloss {e.Validation.LogLoss:F4}  ({e.Seconds:F1} s)" + CommonOptions.Skips(e.Skipped))) : null;
        var run = CtrFileRun.Train(files, name, options, training, dir, verbose ? Console.Out : TextWriter.Null, progress);
        return (run, clock.Elapsed.TotalSeconds);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static Command Eval()
    {
        var run = new Argument<string>("run") { Description = "A run folder or checkpoint written by 'activa ctr train'." };
        var file = new Option<string?>("--data") { Description = "A model trained on a file: evaluate every row of this file (same layout) with the saved pipeline; default: the run's test split." };
        var command = new Command("eval", "Evaluate a trained CTR model on the test split of the data it was trained on, or on another file.") { run, file, CtrFileOptions.BadRows };
        CommonOptions.SetAction(command, parse =>
        {
            string path = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            if (CtrCheckpoint.FormatOf(path) == CtrCheckpoint.FieldsFormat)
            {
                var (evaluation, runInfo) = CtrFileRun.Evaluate(path, parse.GetValue(file), CtrFileOptions.Policy(parse.GetValue(CtrFileOptions.BadRows)!));
                var m = evaluation.Metrics;
                Console.WriteLine($"{runInfo.Model} on {parse.GetValue(file) ?? runInfo.Files.Data + " (test split)"}, {m.Count} samples: AUC {m.Auc:F4}  " +
                                  (double.IsNaN(m.GroupAuc) ? "" : $"gAUC {m.GroupAuc:F4}  ") + $"logloss {m.LogLoss:F4}; rows: {evaluation.Rows}");
                return 0;
            }
            if (parse.GetValue(file) != null) throw new ArgumentException($"{path} was trained on a built-in log; --data applies to models trained on a file.");
            var (model, info) = CtrCheckpoint.Load(path);
            var data = LoadLog(info.Data, info.Seed);
            if (data.Test.Vocabulary != info.Vocabulary)
                throw new ArgumentException($"The checkpoint was built for {info.Vocabulary}, but '{info.Data}' now has {data.Test.Vocabulary}.");
            var test = CtrTrainer.Evaluate(model, data.Test);
            Console.WriteLine($"{info.Model} on {info.Data} (seed {info.Seed}), {test.Count} test samples: AUC {test.Auc:F4}  gAUC {test.GroupAuc:F4}  logloss {test.LogLoss:F4}");
            return 0;
        });
        return command;
    }

    private static Command Compare()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated models; the first is the base of RelaImpr.", DefaultValueFactory = _ => "dnn,lr,deepfm,din,finalmlp" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per model (mean ± sd reported).", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Folder for results.md/.csv/.json and validation-auc.png (default runs/ctr-compare-<data>; with --data FILE also one run folder per model and seed)." };
        var command = CommonOptions.NewCommand("compare", "Train several CTR models over several seeds (on a built-in log or a file) and print AUC, gAUC, logloss, RelaImpr and time.", [models, seeds, output, .. TrainingOptions]);
        CommonOptions.SetThreadedAction(command, parse =>
        {
            var names = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            int n = parse.GetValue(seeds);
            if (names.Length == 0 || n < 1) throw new ArgumentException("--models needs at least one model and --seeds at least 1.");
            if (names.FirstOrDefault(n => !CtrModel.Names.Contains(n.ToLowerInvariant())) is { } unknown)
                throw new ArgumentException($"Unknown CTR model '{unknown}'. Valid: {string.Join(", ", CtrModel.Names)}.");
            string dataName = parse.GetValue(DataOption)!.ToLowerInvariant();
            bool file = CtrFileOptions.IsFile(parse.GetValue(DataOption)!);
            if (!file && parse.GetValue(CtrFileOptions.Schema) != null)
                throw new ArgumentException($"--schema applies to --data FILE; '{dataName}' is a built-in log with its own features.");
            string dir = parse.GetValue(output) ?? Path.Combine("runs", $"ctr-compare-{(file ? Path.GetFileNameWithoutExtension(parse.GetValue(DataOption)!) : dataName)}");
            var rows = new List<(string Model, CtrEvaluation[] Test, double Seconds)>();
            var curves = new List<(string Label, IReadOnlyList<double> Values)>();
            double? ceiling = null;
            foreach (var name in names)
            {
                var tests = new CtrEvaluation[n];
                var validation = new List<double[]>();
                double seconds = 0;
                for (int s = 0; s < n; s++)
                {
                    CtrFitResult result;
                    double t;
                    if (file)
                    {
                        var (run, seconds1) = RunFile(parse, name, (ulong)s, Path.Combine(dir, $"{name}-{s}"), verbose: false);
                        (result, t) = (run.Result.Fit, seconds1);
                    }
                    else
                    {
                        var data = LoadLog(dataName, (ulong)s);
                        ceiling ??= data.CeilingAuc;
                        (_, result, t) = Run(parse, name, data, (ulong)s, verbose: false);
                    }
                    tests[s] = result.Test;
                    validation.Add([.. result.History.Select(e => e.Validation.Auc)]);
                    seconds += t;
                    Console.Error.WriteLine($"  {name} seed {s}: test AUC {result.Test.Auc:F4} gAUC {result.Test.GroupAuc:F4} (best epoch {result.BestEpoch}, {t:F1} s)");
                }
                rows.Add((name, tests, seconds / n));
                int epochs = validation.Min(v => v.Length);
                curves.Add((name, [.. Enumerable.Range(0, epochs).Select(e => validation.Average(v => v[e]))]));
            }
            double baseAuc = rows[0].Test.Average(e => e.Auc);
            var table = new System.Text.StringBuilder();
            table.AppendLine($"| model | AUC | gAUC | logloss | RelaImpr vs {rows[0].Model} | s per run |");
            table.AppendLine("|---|---:|---:|---:|---:|---:|");
            var csv = new System.Text.StringBuilder("model,seed,auc,gauc,logloss\n");
            foreach (var (model, test, seconds) in rows)
            {
                table.AppendLine($"| {model} | {SeedStats.Format(test.Select(e => e.Auc))} | {SeedStats.Format(test.Select(e => e.GroupAuc))} | {SeedStats.Format(test.Select(e => e.LogLoss))} " +
                                 $"| {Binary.RelaImpr(test.Average(e => e.Auc), baseAuc):+0.00;-0.00} % | {seconds:F1} |");
                for (int s = 0; s < test.Length; s++)
                    csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{model},{s},{test[s].Auc:R},{test[s].GroupAuc:R},{test[s].LogLoss:R}"));
            }
            if (ceiling is { } c) table.AppendLine($"\nCeiling AUC of the synthetic log (true probabilities, seed 0 test split): {c:F4}");
            Console.Write(table);
            Directory.CreateDirectory(dir);
            MetricsWriter.WriteAtomic(Path.Combine(dir, "results.md"), table.ToString());
            MetricsWriter.WriteAtomic(Path.Combine(dir, "results.csv"), csv.ToString());
            MetricsWriter.WriteAtomic(Path.Combine(dir, "results.json"), JsonSerializer.Serialize(
                rows.Select(r => new { r.Model, r.Seconds, Test = r.Test }), JsonOptions));
            Plots.CurvePlot.Save(curves, "validation AUC, mean over seeds", Path.Combine(dir, "validation-auc.png"));
            Console.WriteLine($"wrote {dir}/results.md, results.csv, results.json and validation-auc.png");
            return 0;
        });
        return command;
    }

    /// <summary>The built-in click log <paramref name="name"/> (synthetic or movielens) split with <paramref name="seed"/>.</summary>
    internal static BehaviorSplits LoadLog(string name, ulong seed) => name.ToLowerInvariant() switch
    {
        "synthetic" => new SyntheticClicks().Generate(seed),
        "movielens" => MovieLens.Load(seed: seed),
        _ => throw new ArgumentException($"Unknown CTR data '{name}': use synthetic or movielens (ctr compare runs on the built-in logs; train a file with ctr train --data FILE --schema S)."),
    };

    private static (CtrModel Model, CtrFitResult Result, double Seconds) Run(ParseResult parse, string name, BehaviorSplits data, ulong seed, bool verbose)
    {
        var options = new CtrModelOptions
        {
            EmbeddingDim = parse.GetValue(Dim),
            Activation = parse.GetValue(Activation)!,
            AttentionSoftmax = parse.GetValue(Softmax),
        };
        var model = CtrModel.Create(name, data.Train, options, seed);
        var train = new CtrTrainOptions
        {
            Epochs = parse.GetValue(Epochs), BatchSize = parse.GetValue(BatchSize), LearningRate = parse.GetValue(Lr),
            Patience = parse.GetValue(Patience), Seed = seed, EmbeddingL2 = parse.GetValue(L2), SkipNonFinite = parse.GetValue(SkipNonFinite),
        };
        if (verbose)
        {
            Console.WriteLine($"{name} on {data.Name}: {data.Train.Count} train, {data.Validation.Count} validation, {data.Test.Count} test samples; " +
                              $"{model.ParameterCount:N0} parameters" + (data.CeilingAuc is { } c ? $"; ceiling AUC {c:F4}" : ""));
        }
        var clock = Stopwatch.StartNew();
        var progress = verbose ? new SyncProgress<CtrEpoch>(e => Console.WriteLine(
            $"epoch {e.Epoch}: train loss {e.TrainLoss:F4}  validation AUC {e.Validation.Auc:F4}  gAUC {e.Validation.GroupAuc:F4}  logloss {e.Validation.LogLoss:F4}  ({e.Seconds:F1} s)" + CommonOptions.Skips(e.Skipped))) : null;
        var result = CtrTrainer.Fit(model, data, train, progress);
        return (model, result, clock.Elapsed.TotalSeconds);
    }
}
