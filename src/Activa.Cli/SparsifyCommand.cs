using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Activa.Data;
using Activa.IO;
using Activa.Nn;
using Activa.Sparsity;
using Activa.Training;
using Spectre.Console;

namespace Activa.Cli;

/// <summary>
/// <c>activa sparsify RUN --budget 1%</c>: calibrates per-layer activation thresholds of a trained MLP so that the loss on a
/// held-out split of the training data rises by at most the budget, then reports the activation sparsity (exact zeros)
/// reached per layer on that split, the test loss and accuracy before and after, writes the thresholds to sparsify.json and
/// the thresholded model as a checkpoint (<see cref="Models.ModelConfig.ActivationThresholds"/>).
/// </summary>
internal static class SparsifyCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder or checkpoint written by 'activa train' (an MLP)." };
        var budget = new Option<string>("--budget") { Description = "Allowed rise of the calibration loss: '1%' or 0.01.", DefaultValueFactory = _ => "1%" };
        var fraction = new Option<double?>("--calibration-fraction")
        {
            Description = "Share of the training data used for calibration (default: the run's validation fraction, the same held-out samples; 0.1 if it had none).",
        };
        var iterations = new Option<int>("--iterations") { Description = "Bisection steps per layer.", DefaultValueFactory = _ => 20 };
        var data = CommonOptions.Data("auto");
        data.Description = "Dataset (default: the one the model was trained on).";
        var dataDir = CommonOptions.DataDir();
        var output = new Option<string?>("--out") { Description = "Where to write the thresholds as JSON (default RUN/sparsify.json)." };
        var save = new Option<string?>("--save") { Description = "Run folder for the thresholded model's checkpoint, which eval, predict and analyze read (default RUN-sparse-<budget>)." };
        var command = new Command("sparsify", "Calibrate per-layer ReLU_t thresholds of a trained MLP to a loss budget and report the activation sparsity reached.")
        {
            run, budget, fraction, iterations, data, dataDir, output, save,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            double p = ParseBudget(parse.GetValue(budget)!);
            string path = CommonOptions.ResolveCheckpoint(parse.GetValue(run)!);
            var loaded = LoadedModel.Load(path, parse.GetValue(data), parse.GetValue(dataDir));
            if (loaded.Model is not Sequential model)
                throw new ArgumentException($"activa sparsify works on MLP checkpoints; '{path}' holds a {loaded.Config.Model} model.");
            var options = Checkpoint.Load(path).Progress.Options;
            double share = parse.GetValue(fraction) ?? (options.ValidationFraction > 0 ? options.ValidationFraction : 0.1);
            if (share is <= 0 or >= 1) throw new ArgumentException($"--calibration-fraction must be in (0, 1), got {share}.");
            var (_, calibration) = Datasets.Load(loaded.DataName, parse.GetValue(dataDir)).Train.Split(share, options.Seed);

            var result = ThresholdCalibration.Calibrate(model, calibration, p, new CalibrationOptions { Iterations = parse.GetValue(iterations) });
            var dense = Trainer.Evaluate(model, loaded.Test);
            var sparse = Trainer.Evaluate(result.Model, loaded.Test);

            Console.WriteLine($"activa sparsify: {loaded.Config.Activation} MLP, budget {p:P2} on {calibration.Count:N0} calibration samples of {loaded.DataName}");
            var table = new Table();
            foreach (var c in new[] { "layer", "threshold", "dense sparsity", "sparsity" }) table.AddColumn(new TableColumn(c).RightAligned());
            for (int k = 0; k < result.Layers.Length; k++)
                table.AddRow(result.Layers[k], result.Thresholds[k].ToString("G4", CultureInfo.InvariantCulture), $"{result.DenseLayerSparsity[k]:P2}",
                    $"{result.LayerSparsity[k]:P2}");
            table.AddRow("all", "", $"{result.DenseSparsity:P2}", $"{result.Sparsity:P2}");
            AnsiConsole.Write(table);
            Console.WriteLine($"calibration: loss {result.DenseLoss:F4} → {result.Loss:F4} ({result.Loss / Math.Max(result.DenseLoss, 1e-12) - 1:+0.00%;-0.00%}), " +
                              $"accuracy {result.DenseAccuracy:P2} → {result.Accuracy:P2}");
            Console.WriteLine($"test: loss {dense.Loss:F4} → {sparse.Loss:F4}, accuracy {dense.Accuracy:P2} → {sparse.Accuracy:P2}");

            string file = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "sparsify.json");
            MetricsWriter.WriteAtomic(file, JsonSerializer.Serialize(new
            {
                budget = p, layers = result.Layers, thresholds = result.Thresholds,
                calibration = new { samples = calibration.Count, denseLoss = result.DenseLoss, loss = result.Loss, denseAccuracy = result.DenseAccuracy,
                    accuracy = result.Accuracy, denseSparsity = result.DenseSparsity, sparsity = result.Sparsity },
                test = new { denseLoss = dense.Loss, loss = sparse.Loss, denseAccuracy = dense.Accuracy, accuracy = sparse.Accuracy },
            }, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"thresholds: {file}");

            string runDir = parse.GetValue(save) ?? DefaultRun(path, p);
            Directory.CreateDirectory(runDir);
            var source = Checkpoint.Load(path);
            Checkpoint.Save(Path.Combine(runDir, "checkpoint.safetensors"), new CheckpointData(
                source.Config with { ActivationThresholds = result.Thresholds }, result.Model.StateDict(), new Dictionary<string, Tensor>(), source.Progress));
            Console.WriteLine($"thresholded model: {Path.Combine(runDir, "checkpoint.safetensors")} (activa eval --checkpoint {runDir})");
            return 0;
        });
        return command;
    }

    private static string DefaultRun(string checkpoint, double budget)
    {
        string run = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!.TrimEnd(Path.DirectorySeparatorChar);
        return $"{run}-sparse-{(budget * 100).ToString("0.##", CultureInfo.InvariantCulture)}";
    }

    /// <summary>"1%" → 0.01, "0.01" → 0.01.</summary>
    internal static double ParseBudget(string text)
    {
        string s = text.Trim();
        bool percent = s.EndsWith('%');
        if (percent) s = s[..^1].Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0)
            throw new ArgumentException($"--budget: '{text}' is not a non-negative number or percentage (e.g. 1% or 0.01).");
        return percent ? value / 100 : value;
    }
}
