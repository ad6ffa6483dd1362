using System.CommandLine;
using System.Globalization;
using Activa.Data;
using Activa.IO;
using Activa.Kan;
using Activa.Pruning;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// <c>activa kan prune RUN</c>: prunes a trained KAN by attribution (<see cref="KanPruner"/>) on samples of the run's
/// training data, prints what was kept per layer and the test accuracy before and after, and writes a run folder with
/// the smaller checkpoint (hidden nodes removed, weak edges zeroed) and kan-pruning.json.
/// </summary>
internal static class KanPruneCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or checkpoint) of a KAN written by 'activa train --model kan'." };
        var edge = new Option<double>("--edge-threshold") { Description = "Zero edges whose attribution is below this share of the strongest edge of their layer.", DefaultValueFactory = _ => 0.02 };
        var node = new Option<double>("--node-threshold") { Description = "Remove hidden nodes whose attribution is below this share of the strongest node of their layer (input and output nodes are kept).", DefaultValueFactory = _ => 0.02 };
        var samples = SamplesOption();
        var dataDir = CommonOptions.DataDir();
        var output = new Option<string?>("--out") { Description = "Output run folder (default: RUN-pruned)." };
        var fineTune = new Option<int>("--fine-tune-epochs") { Description = "Train the pruned KAN this many epochs with the run's settings, zeroed edges held at zero (0: none).", DefaultValueFactory = _ => 0 };
        var command = new Command("prune", "Prune a trained KAN: remove weak hidden nodes, zero weak edges, optionally fine-tune; writes checkpoint.safetensors and kan-pruning.json.")
        {
            run, edge, node, samples, fineTune, dataDir, output,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            CheckThreshold(parse.GetValue(edge), "--edge-threshold");
            CheckThreshold(parse.GetValue(node), "--node-threshold");
            string runPath = parse.GetValue(run)!;
            string outDir = parse.GetValue(output) ?? DefaultOutput(runPath);
            if (parse.GetValue(fineTune) < 0) throw new ArgumentException($"--fine-tune-epochs must be ≥ 0, got {parse.GetValue(fineTune)}.");
            return Run(CommonOptions.ResolveCheckpoint(runPath), parse.GetValue(edge), parse.GetValue(node), parse.GetValue(samples), parse.GetValue(fineTune),
                parse.GetValue(dataDir), outDir);
        });
        return command;
    }

    /// <summary>The --samples option shared with <c>kan symbolic</c>.</summary>
    internal static Option<int> SamplesOption() => new("--samples")
    {
        Description = "Training samples the scores (or edge ranges) are measured on, spread evenly over the training split.",
        DefaultValueFactory = _ => 2048,
    };

    /// <summary>A KAN checkpoint's model, config and data: the training split's samples and the test split.</summary>
    /// <exception cref="ArgumentException">Not a KAN, too few samples, or data that does not fit the model.</exception>
    internal static (Nn.Sequential Model, CheckpointData Source, Tensor Samples, Dataset Test, string DataName) Load(string checkpointPath, int samples, string? dataDir)
    {
        if (samples < 1) throw new ArgumentException($"--samples must be at least 1, got {samples}.");
        var source = Checkpoint.Load(checkpointPath);
        if (source.Config.Model != "kan") throw new ArgumentException($"activa kan works on KAN runs; {checkpointPath} holds a '{source.Config.Model}'.");
        var model = (Nn.Sequential)source.Config.Build();
        model.LoadStateDict(source.Model);
        model.Eval();
        string dataName = source.Config.Dataset ?? "digits";
        var (train, test) = Datasets.Load(dataName, dataDir);
        if (train.SampleSize != source.Config.Inputs)
            throw new ArgumentException($"Dataset '{dataName}' has {train.SampleSize} features but the KAN has {source.Config.Inputs} inputs.");
        int n = Math.Min(samples, train.Count);
        var subset = train.Subset([.. Enumerable.Range(0, n).Select(k => (int)((long)k * train.Count / n))]);
        return (model, source, subset.Features, test, dataName);
    }

    private static int Run(string checkpointPath, double edgeThreshold, double nodeThreshold, int samples, int fineTuneEpochs, string? dataDir, string outDir)
    {
        var (model, source, x, test, dataName) = Load(checkpointPath, samples, dataDir);
        var result = KanPruner.Prune(model, x, edgeThreshold, nodeThreshold);
        var before = Trainer.Evaluate(model, test);
        var after = Trainer.Evaluate(result.Model, test);
        var config = source.Config with { Hidden = result.HiddenAfter };

        // the checkpoint must rebuild from its config alone: check before writing it
        var rebuilt = config.Build();
        rebuilt.LoadStateDict(result.Model.StateDict());
        Nn.Module pruned = result.Model;
        (double Loss, double Accuracy)? tuned = null;
        if (fineTuneEpochs > 0)
        {
            var (train, _) = Datasets.Load(dataName, dataDir);
            var trainer = new Trainer(config, source.Progress.Options with { Epochs = fineTuneEpochs, GridUpdateEpochs = 0 });
            trainer.Model.LoadStateDict(result.Model.StateDict());
            using (PruningMasks.FromZeros(trainer.Model).KeepDuring(trainer)) trainer.Fit(train);
            pruned = trainer.Model;
            tuned = Trainer.Evaluate(pruned, test);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"activa kan prune: {source.Config.Inputs}-{string.Join("-", source.Config.Hidden)}-{source.Config.Outputs} KAN ({source.Config.Basis}) on {dataName}, " +
            $"scored on {x.Shape[0]} training samples, edge threshold {edgeThreshold}, node threshold {nodeThreshold}"));
        Console.WriteLine($"{"layer",-6}{"inputs",-12}{"outputs",-12}{"edges",-14}");
        foreach (var l in result.Layers)
            Console.WriteLine($"{l.Layer,-6}{$"{l.InputsBefore} → {l.InputsAfter}",-12}{$"{l.OutputsBefore} → {l.OutputsAfter}",-12}{$"{l.EdgesBefore} → {l.EdgesAfter}",-14}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parameters {result.ParametersBefore:N0} → {result.ParametersAfter:N0}; hidden {string.Join("-", result.HiddenBefore)} → {string.Join("-", result.HiddenAfter)}; " +
            $"test accuracy {before.Accuracy:P2} → {after.Accuracy:P2}, loss {before.Loss:F4} → {after.Loss:F4}"));
        foreach (var note in result.Notes) Console.WriteLine($"note: {note}");
        if (tuned is { } t)
            Console.WriteLine($"after {fineTuneEpochs} fine-tuning epoch(s), zeroed edges held at zero: test accuracy {t.Accuracy:P2}, loss {t.Loss:F4}");

        Directory.CreateDirectory(outDir);
        Checkpoint.Save(Path.Combine(outDir, "checkpoint.safetensors"), new CheckpointData(config, pruned.StateDict(), new Dictionary<string, Tensor>(),
            source.Progress with { Pruned = true }));
        var report = new
        {
            source = Path.GetFullPath(checkpointPath),
            dataset = dataName,
            samples = x.Shape[0],
            edgeThreshold,
            nodeThreshold,
            hiddenBefore = result.HiddenBefore,
            hiddenAfter = result.HiddenAfter,
            parametersBefore = result.ParametersBefore,
            parametersAfter = result.ParametersAfter,
            layers = result.Layers,
            before = new { testAccuracy = before.Accuracy, testLoss = before.Loss },
            after = new { testAccuracy = after.Accuracy, testLoss = after.Loss },
            fineTuneEpochs,
            afterFineTuning = tuned is { } ft ? new { testAccuracy = ft.Accuracy, testLoss = ft.Loss } : null,
            notes = result.Notes,
        };
        MetricsWriter.WriteJson(Path.Combine(outDir, "kan-pruning.json"), report);
        Console.WriteLine($"run folder: {outDir} (checkpoint.safetensors, kan-pruning.json)");
        return 0;
    }

    private static void CheckThreshold(double value, string option)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentException($"{option} must be in [0, 1) (a share of the strongest edge or node of the layer), got {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static string DefaultOutput(string runPath)
    {
        string full = Path.GetFullPath(Directory.Exists(runPath) ? runPath : Path.GetDirectoryName(Path.GetFullPath(runPath))!).TrimEnd(Path.DirectorySeparatorChar);
        return full + "-pruned";
    }
}
