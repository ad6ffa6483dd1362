using System.Diagnostics;
using System.Runtime.Intrinsics;
using Activa.Data;
using Activa.IO;
using Activa.Losses;
using Activa.Models;
using Activa.Nn;
using Activa.Optim;

namespace Activa.Training;

/// <summary>
/// Trains a classifier with cross-entropy: mini-batches in a seeded order, an optimiser and optional
/// schedule, clipping, NaN/∞ detection, per-epoch validation, and a checkpoint after every epoch that
/// lets a resumed run continue exactly as an uninterrupted one.
/// </summary>
public sealed class Trainer
{
    private readonly Dictionary<Tensor, string> _names;
    private readonly List<EpochMetrics> _history = [];

    /// <summary>The model being trained.</summary>
    public Module Model { get; }
    /// <summary>Its architecture.</summary>
    public ModelConfig Config { get; }
    /// <summary>Run settings.</summary>
    public TrainOptions Options { get; }
    /// <summary>The optimiser.</summary>
    public Optimizer Optimizer { get; }
    /// <summary>Folder for checkpoint.safetensors, metrics.json and metrics.csv (null: nothing is written).</summary>
    public string? OutputDirectory { get; }
    /// <summary>Epochs completed.</summary>
    public int EpochsCompleted { get; private set; }
    /// <summary>Batches trained (global step).</summary>
    public long Step { get; private set; }
    /// <summary>Per-epoch metrics.</summary>
    public IReadOnlyList<EpochMetrics> History => _history;

    /// <summary>Called after each batch with (batch index from 1, batches per epoch, running mean loss).</summary>
    public event Action<int, int, double>? BatchCompleted;
    /// <summary>Called after each epoch.</summary>
    public event Action<EpochMetrics>? EpochCompleted;

    /// <summary>Called with the step after each backward pass, before the NaN/∞ check and the optimiser step (gradient inspection, fault injection).</summary>
    public Action<long>? AfterBackward { get; set; }

    /// <summary>Path of the checkpoint in <see cref="OutputDirectory"/>.</summary>
    public string? CheckpointPath => OutputDirectory == null ? null : Path.Combine(OutputDirectory, "checkpoint.safetensors");

    /// <summary>Sets up a new run: seeds <see cref="Generator.Default"/>, builds the model and the optimiser.</summary>
    public Trainer(ModelConfig config, TrainOptions options, string? outputDirectory = null)
        : this(config, options, outputDirectory, config.Build(new Generator(options.Seed)))
    {
        Generator.Default.ManualSeed(options.Seed ^ 0x5EED);
    }

    private Trainer(ModelConfig config, TrainOptions options, string? outputDirectory, Module model)
    {
        options.Validate();
        Config = config;
        Options = options;
        OutputDirectory = outputDirectory;
        Model = model;
        _names = model.NamedParameters().ToDictionary(p => p.Parameter, p => p.Name);
        // activation parameters get their own group, without weight decay
        var groups = Activations.Learnable.ActivationParameterGroups.Split(model, options.Lr, options.WeightDecay);
        Optimizer = options.Optimizer switch
        {
            "adam" => new Adam(groups, options.Lr, weightDecay: options.WeightDecay),
            "adamw" => new AdamW(groups, options.Lr, weightDecay: options.WeightDecay),
            "sgd" => new Sgd(groups, options.Lr, momentum: options.Momentum, weightDecay: options.WeightDecay),
            "adagrad" => new Adagrad(groups, options.Lr, weightDecay: options.WeightDecay),
            _ => throw new ArgumentException($"Unknown optimizer '{options.Optimizer}'."),
        };
    }

    /// <summary>The per-batch learning-rate schedule of the options, or null for a constant rate.</summary>
    private LrScheduler? BuildSchedule(int batchesPerEpoch)
    {
        if (Options.Schedule == "none" && Options.WarmupSteps == 0) return null;
        int total = Math.Max(1, Options.Epochs * batchesPerEpoch);
        return Options.Schedule switch
        {
            "cosine" => LrScheduler.WarmupCosine(Optimizer, Options.WarmupSteps, total),
            "step" => new LrScheduler(Optimizer, t => (t < Options.WarmupSteps ? (t + 1.0) / (Options.WarmupSteps + 1.0) : 1.0) * Math.Pow(0.1, t / Math.Max(1, total / 3))),
            _ => LrScheduler.WarmupCosine(Optimizer, Options.WarmupSteps),
        };
    }

    /// <summary>Continues the run saved in <paramref name="checkpointPath"/>; the output folder is the checkpoint's.</summary>
    public static Trainer Resume(string checkpointPath, int? epochs = null)
    {
        var data = Checkpoint.Load(checkpointPath);
        var options = epochs is { } e ? data.Progress.Options with { Epochs = e } : data.Progress.Options;
        var trainer = new Trainer(data.Config, options, Path.GetDirectoryName(Path.GetFullPath(checkpointPath)), data.Config.Build(new Generator(options.Seed)));
        trainer.Model.LoadStateDict(data.Model);
        var byName = trainer.Model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        trainer.Optimizer.LoadStateDict(data.Optimizer, byName, data.Progress.OptimizerSteps);
        trainer.EpochsCompleted = data.Progress.EpochsCompleted;
        trainer.Step = data.Progress.Step;
        trainer._history.AddRange(data.Progress.History);
        trainer._resumedSchedulerSteps = data.Progress.SchedulerSteps;
        trainer._resumeBatch = data.Progress.BatchesInEpoch;
        if (data.Progress.Generator is { } g) Generator.Default.SetState(g);
        if (data.Progress.Pruned)
        {
            trainer._pruned = true;
            Pruning.PruningMasks.FromZeros(trainer.Model).KeepDuring(trainer);    // for the trainer's lifetime
        }
        return trainer;
    }

    private int _resumedSchedulerSteps;
    private int _resumeBatch;
    private bool _pruned;

    /// <summary>
    /// Trains from where the run stands up to <see cref="TrainOptions.Epochs"/>. When <paramref name="cancel"/> is
    /// signalled, the current batch finishes, the checkpoint is written (mid-epoch if need be) and Fit returns
    /// false; <see cref="Resume"/> then continues exactly where it stopped.
    /// </summary>
    /// <returns>True when all epochs are done, false when stopped by <paramref name="cancel"/>.</returns>
    /// <exception cref="NonFiniteException">A loss or gradient was NaN/∞ (and <see cref="TrainOptions.SkipNonFinite"/> is off).</exception>
    public bool Fit(Dataset train, Dataset? validation = null, CancellationToken cancel = default)
    {
        if (train.SampleShape.Aggregate(1, (a, b) => a * b) != Config.Inputs)
            throw new ArgumentException($"The dataset '{train.Name}' has {string.Join("×", train.SampleShape)} features per sample; the model expects {Config.Inputs}.");
        if (OutputDirectory != null && Directory.Exists(OutputDirectory)) RemoveUnfinishedWrites(OutputDirectory);
        var loader = new DataLoader(train, Options.BatchSize, shuffle: true, seed: Options.Seed);
        var scheduler = BuildSchedule(loader.BatchCount);
        scheduler?.Restore(_resumedSchedulerSteps);
        var parameters = Model.NamedParameters().ToList();
        var guard = new NonFiniteGuard("Training", parameters, Options.SkipNonFinite);
        for (int epoch = EpochsCompleted; epoch < Options.Epochs; epoch++)
        {
            Model.Train();
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0, seen = 0, skippedBefore = guard.Skipped;
            int batchIndex = _resumeBatch;
            foreach (var batch in loader.Epoch(epoch, firstBatch: _resumeBatch))
            {
                batchIndex++;
                Step++;
                Optimizer.ZeroGrad(recycle: true);
                var logits = Model.Forward(batch.X);
                var loss = Loss.CrossEntropy(logits, batch.Labels, Options.LabelSmoothing);
                float lossValue = loss.Item();
                IReadOnlyList<(string, Tensor)> Inputs() => [("x", batch.X)];
                string? SaveLastGood()
                {
                    Step--; // this step did not happen: the checkpoint holds the state before it
                    SaveCheckpoint(scheduler, batchIndex - 1);
                    Step++;
                    return CheckpointPath != null ? $"The last good state is in {CheckpointPath}." : null;
                }
                void Backward() => (Options.KanSparsity > 0 ? loss.Add(Kan.KanRegularizer.Penalty(Model, Options.KanSparsity)) : loss).Backward();
                if (!guard.Step(lossValue, Step, epoch + 1, Inputs, Backward, AfterBackward, Model, SaveLastGood))
                {
                    batch.X.RecycleIfOwner();
                    continue;
                }
                if (Options.ClipNorm is { } maxNorm) GradientClipping.ClipByNorm(Model.Parameters(), maxNorm);
                Optimizer.Step();
                scheduler?.Step();
                lossSum += lossValue * batch.Labels.Length;
                correct += CountCorrect(logits, batch.Labels);
                seen += batch.Labels.Length;
                batch.X.RecycleIfOwner(); // gathered for this step alone (DataLoader copies every batch)
                BatchCompleted?.Invoke(batchIndex, loader.BatchCount, lossSum / Math.Max(1, seen));
                if (cancel.IsCancellationRequested && batchIndex < loader.BatchCount)
                {
                    SaveCheckpoint(scheduler, batchIndex);
                    return false;
                }
            }
            _resumeBatch = 0;
            if (epoch < Options.GridUpdateEpochs) Kan.KanDataGrids.Fit(Model, train, seed: Options.Seed + (ulong)epoch + 1);
            double seconds = clock.Elapsed.TotalSeconds;
            (double Loss, double Accuracy)? val = validation is { Count: > 0 } ? Evaluate(validation) : null;
            var metrics = new EpochMetrics(epoch + 1, lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen),
                val?.Loss, val?.Accuracy, seconds, seen / Math.Max(seconds, 1e-9), guard.Skipped - skippedBefore, Optimizer.Groups[0].Lr);
            _history.Add(metrics);
            EpochsCompleted = epoch + 1;
            SaveCheckpoint(scheduler);
            EpochCompleted?.Invoke(metrics);
            if (cancel.IsCancellationRequested && epoch + 1 < Options.Epochs) return false;
        }
        return true;
    }

    /// <summary>Mean cross-entropy and accuracy of the model on <paramref name="data"/> (evaluation mode, no gradients).</summary>
    public (double Loss, double Accuracy) Evaluate(Dataset data, int batchSize = 1024) => Evaluate(Model, data, batchSize);

    /// <summary>Mean cross-entropy and accuracy of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static (double Loss, double Accuracy) Evaluate(Module model, Dataset data, int batchSize = 1024)
    {
        bool wasTraining = model.Training;
        model.Eval();
        double lossSum = 0;
        long correct = 0;
        using (Tensor.NoGrad())
            foreach (var batch in new DataLoader(data, batchSize, shuffle: false, seed: 0).Epoch(0))
            {
                var logits = model.Forward(batch.X);
                lossSum += Loss.CrossEntropy(logits, batch.Labels, reduction: Reduction.Sum).Item();
                correct += CountCorrect(logits, batch.Labels);
            }
        model.Train(wasTraining);
        return (lossSum / Math.Max(1, data.Count), (double)correct / Math.Max(1, data.Count));
    }

    private static long CountCorrect(Tensor logits, int[] labels)
    {
        var predicted = logits.ArgMax(1);
        long correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return correct;
    }

    /// <summary>
    /// Deletes the temporary files ("checkpoint.safetensors.tmp-…", "metrics.json.tmp-…") that a process killed while
    /// writing left in the run folder: atomic writes never rename them over a good file, so they are only litter.
    /// </summary>
    private static void RemoveUnfinishedWrites(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.tmp-*")) File.Delete(file);
    }

    /// <summary>Writes the checkpoint (atomically) and metrics.json / metrics.csv, when there is an output folder.</summary>
    private void SaveCheckpoint(LrScheduler? scheduler, int batchesInEpoch = 0)
    {
        if (OutputDirectory == null) return;
        Directory.CreateDirectory(OutputDirectory);
        var progress = new TrainingProgress
        {
            EpochsCompleted = EpochsCompleted,
            BatchesInEpoch = batchesInEpoch,
            Step = Step,
            OptimizerSteps = Optimizer.StepCount,
            SchedulerSteps = scheduler?.StepCount ?? 0,
            Generator = Generator.Default.GetState(),
            Options = Options,
            History = [.. _history],
            Pruned = _pruned,
        };
        Checkpoint.Save(CheckpointPath!, new CheckpointData(Config, Model.StateDict(), Optimizer.StateDict(_names), progress));
        MetricsWriter.Write(OutputDirectory, _history);
    }
}
