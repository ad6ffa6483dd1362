using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Activa.Activations;
using Activa.Data;
using Activa.Models;
using Activa.Training;
using Spectre.Console;

namespace Activa.Cli;

/// <summary><c>activa train</c>: trains a model, with a live progress bar, metrics and a checkpoint per epoch.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model family: mlp, or kan (Kolmogorov–Arnold network; see --basis).", DefaultValueFactory = _ => "mlp" };
        model.AcceptOnlyFromAmong("mlp", "kan");
        var basis = new Option<string?>("--basis")
        {
            Description = $"KAN basis spec with --model kan: {string.Join(", ", Kan.KanBases.Names)} (default bspline; options as in 'activa kan bases', e.g. \"bspline(grid=5)\").",
        };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden layer widths, comma-separated (default 512,512 for mlp, 64 for kan)." };
        var gridUpdates = new Option<int?>("--grid-updates") { Description = "With --model kan: move the B-spline grids to the data again after each of the first N epochs (default 3; 0: only before training)." };
        var act = new Option<string>("--act")
        {
            Description = $"Activation between layers: any of the {Activation.Catalog.Count} in 'activa zoo' (e.g. gelu, \"elu(alpha=0.5)\") or a learnable one ({string.Join(", ", Activations.Learnable.LearnableActivations.Names)}).",
            DefaultValueFactory = _ => "relu",
        };
        var data = CommonOptions.Data("auto");
        var dataDir = CommonOptions.DataDir();
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 256 };
        var lr = new Option<float>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-3f };
        var optimizer = new Option<string>("--optimizer") { Description = "Optimiser.", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong(TrainOptions.Optimizers);
        var weightDecay = new Option<float>("--weight-decay") { Description = "Weight decay (decoupled for adamw)." };
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule, per batch.", DefaultValueFactory = _ => "none" };
        schedule.AcceptOnlyFromAmong(TrainOptions.Schedules);
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up batches." };
        var clip = new Option<double?>("--clip-norm") { Description = "Clip the global gradient norm to this value." };
        var smoothing = new Option<float>("--label-smoothing") { Description = "Label smoothing of the cross-entropy." };
        var dropout = new Option<float>("--dropout") { Description = "Dropout after each hidden activation." };
        var init = new Option<Nn.Init>("--init") { Description = "Weight initialisation.", DefaultValueFactory = _ => Nn.Init.Default };
        var snn = new Option<bool>("--snn") { Description = "Self-normalising MLP (Klambauer et al., 2017): SELU, LeCun-normal init, AlphaDropout for --dropout." };
        var noStandardize = new Option<bool>("--no-standardize") { Description = "Feed raw inputs (default: the model standardises them with the training set's mean and std)." };
        var valFraction = new Option<double>("--val-fraction") { Description = "Share of the training data held out for validation.", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of weights, data order and dropout." };
        var output = new Option<string?>("--out") { Description = "Run folder for checkpoint and metrics (default runs/<data>-<act>-<seed>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint or run folder (its settings are used; --epochs may extend it)." };
        var kanSparsity = new Option<float?>("--kan-sparsity") { Description = "With --model kan: λ of the KAN paper's sparsification penalty (edge L1 + entropy), so that 'activa kan prune' can remove edges and nodes (e.g. 1e-3; default 0)." };
        var probe = new Option<bool>("--probe") { Description = "Record activation statistics of every training epoch (dead-neuron rates, zeros) in probes.json; 'activa analyze RUN' draws them." };
        var skip = CommonOptions.SkipNonFinite();

        var command = new Command("train", "Train a model and report accuracy; writes checkpoint.safetensors, metrics.json and metrics.csv.")
        {
            model, basis, hidden, gridUpdates, kanSparsity, act, data, dataDir, epochs, batch, lr, optimizer, weightDecay, schedule, warmup, clip, smoothing,
            dropout, init, snn, noStandardize, valFraction, seed, output, resume, skip, probe,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            string? dir = parse.GetValue(dataDir);
            Trainer trainer;
            string dataName;
            bool fitGrids = false;
            if (parse.GetValue(resume) is { } resumePath)
            {
                var path = CommonOptions.ResolveCheckpoint(resumePath);
                var epochsResult = parse.GetResult(epochs);
                trainer = Trainer.Resume(path, epochsResult is { Implicit: false } ? parse.GetValue(epochs) : null);
                dataName = trainer.Config.Dataset ?? "digits";
            }
            else
            {
                string actName = parse.GetValue(act)!;
                string modelName = parse.GetValue(model)!;
                bool selfNormalizing = parse.GetValue(snn);
                string basisSpec = parse.GetValue(basis) ?? "bspline";
                if (modelName == "kan")
                {
                    // a KAN's non-linearity is on its edges: the MLP-only options would be silently ignored
                    if (parse.GetResult(act) is { Implicit: false }) throw new ArgumentException("--act does not apply to --model kan (its edges are the non-linearity); choose the basis with --basis.");
                    if (selfNormalizing) throw new ArgumentException("--snn is an MLP option; it cannot be combined with --model kan.");
                    if (parse.GetValue(dropout) > 0) throw new ArgumentException("--dropout is an MLP option; it cannot be combined with --model kan.");
                    if (parse.GetResult(init) is { Implicit: false }) throw new ArgumentException("--init is an MLP option; a KAN initialises its coefficients itself.");
                    Kan.KanBases.Validate(basisSpec); // unknown bases and options fail here, listing the valid ones
                    fitGrids = true;
                }
                else if (parse.GetValue(basis) is { } given)
                    throw new ArgumentException($"--basis {given} needs --model kan.");
                else if (parse.GetValue(gridUpdates) is not null)
                    throw new ArgumentException("--grid-updates needs --model kan.");
                else if (parse.GetValue(kanSparsity) is not null)
                    throw new ArgumentException("--kan-sparsity needs --model kan.");
                if (selfNormalizing)
                {
                    if (parse.GetResult(act) is { Implicit: false } && !actName.Equals("selu", StringComparison.OrdinalIgnoreCase))
                        throw new ArgumentException($"--snn uses SELU; it cannot be combined with --act {actName}.");
                    if (parse.GetResult(init) is { Implicit: false } && parse.GetValue(init) != Nn.Init.LeCunNormal)
                        throw new ArgumentException($"--snn uses LeCun-normal init; it cannot be combined with --init {parse.GetValue(init)}.");
                    actName = "selu";
                }
                Activations.Learnable.LearnableActivations.Validate(actName); // unknown names fail here, listing the closest
                dataName = CommonOptions.ResolveDataName(parse.GetValue(data)!, dir);
                var (trainProbe, _) = Datasets.Load(dataName, dir);
                var (mean, std) = parse.GetValue(noStandardize) ? (0f, 1f) : trainProbe.Statistics();
                var config = new ModelConfig
                {
                    Model = modelName,
                    Inputs = trainProbe.SampleShape.Aggregate(1, (a, b) => a * b),
                    Hidden = ParseWidths(parse.GetValue(hidden) ?? (modelName == "kan" ? "64" : "512,512")),
                    Basis = basisSpec,
                    Outputs = trainProbe.Classes,
                    Activation = actName,
                    Dropout = parse.GetValue(dropout),
                    Init = parse.GetValue(init),
                    InputMean = mean,
                    InputStd = std,
                    ClassNames = trainProbe.ClassNames,
                    Dataset = dataName,
                };
                if (selfNormalizing) config = config.AsSelfNormalizing();
                var options = new TrainOptions
                {
                    Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), Lr = parse.GetValue(lr),
                    Optimizer = parse.GetValue(optimizer)!, WeightDecay = parse.GetValue(weightDecay), Schedule = parse.GetValue(schedule)!,
                    WarmupSteps = parse.GetValue(warmup), ClipNorm = parse.GetValue(clip), LabelSmoothing = parse.GetValue(smoothing),
                    Seed = parse.GetValue(seed), SkipNonFinite = parse.GetValue(skip), ValidationFraction = parse.GetValue(valFraction),
                    GridUpdateEpochs = modelName == "kan" ? parse.GetValue(gridUpdates) ?? 3 : 0,
                    KanSparsity = parse.GetValue(kanSparsity) ?? 0,
                };
                string what = modelName == "kan" ? $"kan-{Kan.KanBasisOptions.Parse(basisSpec).Name}" : actName;
                string outDir = parse.GetValue(output) ?? Path.Combine("runs", $"{dataName}-{what}-{options.Seed}");
                trainer = new Trainer(config, options, outDir);
            }
            using var probes = parse.GetValue(probe) ? ProbeRecord.Attach(trainer) : null;
            return Run(trainer, dataName, dir, fitGrids);
        });
        return command;
    }

    internal static int[] ParseWidths(string text, string option = "--hidden")
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries).Select(s =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int w) && w > 0
                ? w : throw new ArgumentException($"{option}: '{s}' is not a positive integer (expected e.g. {(option == "--hidden" ? "512,512" : "3,5,10,20")})."))
            .ToArray();
    }

    private static int Run(Trainer trainer, string dataName, string? dataDir, bool fitGrids = false)
    {
        var (fullTrain, test) = Datasets.Load(dataName, dataDir);
        var options = trainer.Options;
        var (train, validation) = options.ValidationFraction > 0 ? fullTrain.Split(options.ValidationFraction, options.Seed) : (fullTrain, null);
        string nonlinearity = trainer.Config.Model == "kan" ? $"basis {trainer.Config.Basis}" : $"act {trainer.Config.Activation}";
        Console.WriteLine($"activa train: {trainer.Config.Model} {trainer.Config.Inputs}-{string.Join("-", trainer.Config.Hidden)}-{trainer.Config.Outputs} " +
                          $"({trainer.Model.ParameterCount:N0} parameters), {nonlinearity}, data {dataName} " +
                          $"({train.Count:N0} train / {validation?.Count ?? 0:N0} val / {test.Count:N0} test), {options.Optimizer} lr {options.Lr:G3}, " +
                          $"batch {options.BatchSize}, {options.Epochs} epochs, seed {options.Seed}, {Kernels.Parallelism.Threads} threads");
        if (fitGrids && Kan.KanDataGrids.Fit(trainer.Model, train, seed: options.Seed) is > 0 and var grids)
            Console.WriteLine($"moved the B-spline grids of {grids} KAN layers to the training data (percentiles of {Math.Min(train.Count, 2048):N0} samples)");
        if (trainer.Step > 0) Console.WriteLine($"resuming at step {trainer.Step + 1} (epoch {trainer.EpochsCompleted + 1}) from {trainer.CheckpointPath}");

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            if (stop.IsCancellationRequested) return; // a second Ctrl+C ends the process at once
            e.Cancel = true;
            stop.Cancel();
            Console.Error.WriteLine("activa: stopping after this batch (Ctrl+C again to abort)...");
        };
        Console.CancelKeyPress += onCtrlC;
        bool finished;
        try
        {
            finished = ProgressDisplay.Run(trainer, () => trainer.Fit(train, validation, stop.Token));
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
        if (!finished)
        {
            Console.WriteLine($"stopped at step {trainer.Step}; checkpoint saved. Continue with: activa train --resume {trainer.OutputDirectory}");
            return 130;
        }

        var (testLoss, testAccuracy) = trainer.Evaluate(test);
        var last = trainer.History.LastOrDefault();
        Console.WriteLine($"test: loss {testLoss:F4}, accuracy {testAccuracy:P2}" +
                          (last != null ? $" | train {last.SamplesPerSecond:N0} samples/s" : ""));
        if (trainer.OutputDirectory is { } outDir)
        {
            MetricsWriter.WriteAtomic(Path.Combine(outDir, "test.json"),
                JsonSerializer.Serialize(new { dataset = dataName, loss = testLoss, accuracy = testAccuracy, epochs = trainer.EpochsCompleted }));
            Console.WriteLine($"run folder: {outDir} (checkpoint.safetensors, metrics.json, metrics.csv, test.json)");
        }
        return 0;
    }
}
