using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Data;
using Activa.Models;
using Activa.Nn;

namespace Activa.Training;

/// <summary>
/// Settings of a leaderboard: the same MLP trained once per activation and seed, or (<see cref="Model"/> = "kan") a
/// KAN per basis, each beside an MLP of the same parameter count.
/// </summary>
public sealed record LeaderboardOptions
{
    /// <summary>
    /// Activation specs (fixed or learnable names, optionally with hyper-parameters); with <see cref="Model"/> = "kan",
    /// the activations of the equal-parameter MLPs.
    /// </summary>
    public string[] Activations { get; init; } = ["relu", "gelu", "silu", "mish"];
    /// <summary>Hidden widths of the MLP, or of the KANs with <see cref="Model"/> = "kan".</summary>
    public int[] Hidden { get; init; } = [512, 512];
    /// <summary>"mlp": one MLP per activation; "kan": one KAN per basis of <see cref="Bases"/>, each followed by MLPs of its parameter count.</summary>
    public string Model { get; init; } = "mlp";
    /// <summary>KAN basis specs (<see cref="Kan.KanBases"/>) ranked when <see cref="Model"/> = "kan".</summary>
    public string[] Bases { get; init; } = ["bspline"];
    /// <summary>Seeds per activation (0, 1, ...).</summary>
    public int Seeds { get; init; } = 3;
    /// <summary>Training options shared by every run (the seed is replaced per run).</summary>
    public TrainOptions Train { get; init; } = new() { ValidationFraction = 0 };

    /// <summary>Splits "relu,elu(alpha=0.5,x=1),gelu" at the commas outside parentheses.</summary>
    public static string[] SplitSpecs(string text)
    {
        var specs = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var spec = text[start..i].Trim();
                if (spec.Length > 0) specs.Add(spec);
                start = i + 1;
            }
            else if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
        }
        return [.. specs];
    }

    /// <summary>Throws when an activation name is unknown (listing the closest ones) or a setting is invalid.</summary>
    public void Validate()
    {
        if (Activations.Length == 0) throw new ArgumentException("The leaderboard needs at least one activation.");
        if (Seeds < 1) throw new ArgumentException($"Seeds must be at least 1, got {Seeds}.");
        foreach (var a in Activations)
            LearnableActivations.Validate(a);
        if (Model != "mlp" && Model != "kan") throw new ArgumentException($"The leaderboard model must be mlp or kan, got '{Model}'.");
        if (Model == "kan")
        {
            if (Bases.Length == 0) throw new ArgumentException("A KAN leaderboard needs at least one basis.");
            foreach (var b in Bases) Kan.KanBases.Validate(b);
        }
        Train.Validate();
    }

    /// <summary>
    /// The models to train, in order, for data of <paramref name="inputs"/> features and <paramref name="outputs"/>
    /// classes (input statistics are filled in by <see cref="Leaderboard.Run"/>). MLP mode: "relu", "gelu", ... KAN mode:
    /// per basis "kan bspline" and then, per activation, the MLP with as many hidden layers, all of the width whose
    /// parameter count is closest to that KAN's (<see cref="Kan.KanFitBaseline"/>), named "mlp relu 784-575-10"; an MLP
    /// already listed for an earlier basis is not repeated.
    /// </summary>
    public IReadOnlyList<LeaderboardEntry> Entries(int inputs, int outputs)
    {
        var entries = new List<LeaderboardEntry>();
        if (Model != "kan")
        {
            foreach (var a in Activations)
                entries.Add(new(a, new ModelConfig { Inputs = inputs, Hidden = Hidden, Outputs = outputs, Activation = a }));
            return entries;
        }
        foreach (var basis in Bases)
        {
            var kan = new ModelConfig { Model = "kan", Inputs = inputs, Hidden = Hidden, Outputs = outputs, Basis = basis };
            entries.Add(new($"kan {basis}", kan));
            long parameters = kan.ParameterCount();
            var widths = Kan.KanFitBaseline.EqualParameterWidths(inputs, outputs, Math.Max(1, Hidden.Length), parameters);
            foreach (var a in Activations)
            {
                string name = $"mlp {a} {inputs}-{string.Join("-", widths)}-{outputs}";
                if (entries.All(e => e.Name != name))
                    entries.Add(new(name, new ModelConfig { Inputs = inputs, Hidden = widths, Outputs = outputs, Activation = a }));
            }
        }
        return entries;
    }
}

/// <summary>One model of a leaderboard: its row name and its architecture.</summary>
public sealed record LeaderboardEntry(string Name, ModelConfig Config);

/// <summary>One training run of the leaderboard.</summary>
/// <param name="Activation">The activation spec (the entry name, e.g. "kan bspline", in a KAN leaderboard).</param>
/// <param name="Seed">Seed of weights and data order.</param>
/// <param name="TestAccuracy">Accuracy on the test split after the last epoch.</param>
/// <param name="TestLoss">Mean cross-entropy on the test split after the last epoch.</param>
/// <param name="History">Per-epoch metrics; their validation figures are on the test split.</param>
/// <param name="Seconds">Training time (all epochs, without evaluation).</param>
/// <param name="Parameters">Trainable parameters, activation parameters included.</param>
/// <param name="Model">The trained model.</param>
public sealed record LeaderboardRun(string Activation, ulong Seed, double TestAccuracy, double TestLoss,
    IReadOnlyList<EpochMetrics> History, double Seconds, long Parameters, Module Model)
{
    /// <summary>
    /// Training samples per second of the median epoch: the first epochs of a process also pay for JIT compilation,
    /// which a short run would otherwise charge to whichever activation trains first.
    /// </summary>
    public double SamplesPerSecond
    {
        get
        {
            if (History.Count == 0) return 0;
            var rates = History.Select(h => h.SamplesPerSecond).Order().ToArray();
            int n = rates.Length;
            return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
        }
    }
}

/// <summary>The leaderboard line of one activation: means and standard deviations over its seeds.</summary>
public sealed record LeaderboardRow(string Activation, int Runs, double MeanAccuracy, double StdAccuracy, double MeanFinalTrainLoss,
    double MeanTestLoss, double MeanSeconds, double MeanSamplesPerSecond, long Parameters);

/// <summary>
/// The activation leaderboard: trains the same MLP with each activation and seed on one dataset and ranks the
/// activations by mean test accuracy; in KAN mode it ranks KANs of each basis beside MLPs of equal parameter count.
/// </summary>
public static class Leaderboard
{
    /// <summary>Runs every (activation, seed) pair in order, reporting each as it finishes.</summary>
    public static List<LeaderboardRun> Run(LeaderboardOptions options, Dataset train, Dataset test, Action<LeaderboardRun>? finished = null,
        Action<Trainer>? starting = null, CancellationToken cancel = default)
    {
        options.Validate();
        var (mean, std) = train.Statistics();
        var entries = options.Entries(train.SampleSize, train.Classes)
            .Select(e => e with { Config = e.Config with { InputMean = mean, InputStd = std, ClassNames = train.ClassNames, Dataset = train.Name } }).ToList();
        WarmUp(options, entries[0].Config, train, cancel);
        var runs = new List<LeaderboardRun>();
        foreach (var (act, config) in entries)
            for (int s = 0; s < options.Seeds && !cancel.IsCancellationRequested; s++)
            {
                // B-spline KANs start with their grids on the data and move them after the first epochs, as in 'activa train'
                var trainer = new Trainer(config, options.Train with { Seed = (ulong)s, GridUpdateEpochs = config.Model == "kan" ? 3 : 0 });
                Kan.KanDataGrids.Fit(trainer.Model, train, seed: (ulong)s);
                starting?.Invoke(trainer);
                if (!trainer.Fit(train, test, cancel)) break;
                var (loss, accuracy) = trainer.Evaluate(test);
                var run = new LeaderboardRun(act, (ulong)s, accuracy, loss, trainer.History, trainer.History.Sum(h => h.Seconds),
                    trainer.Model.ParameterCount, trainer.Model);
                runs.Add(run);
                finished?.Invoke(run);
            }
        return runs;
    }

    /// <summary>
    /// Short untimed fits (first entry, one epoch on at most 2,048 samples, for about half a second) so that the
    /// shared code — GEMM,
    /// linear layers, loss, optimiser — is compiled and tiered up before the first timed run; otherwise a short
    /// leaderboard charges the JIT to whichever activation trains first.
    /// </summary>
    private static void WarmUp(LeaderboardOptions options, ModelConfig config, Dataset train, CancellationToken cancel)
    {
        int n = Math.Min(train.Count, 2048);
        var indices = Enumerable.Range(0, n).ToArray();
        var subset = train.Subset(indices);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Tiered compilation promotes hot methods only after a quiet spell, so warm up for a while, not once.
        for (int rep = 0; rep < 20 && clock.Elapsed.TotalSeconds < 0.5 && !cancel.IsCancellationRequested; rep++)
            new Trainer(config, options.Train with { Epochs = 1, Seed = 0 }).Fit(subset, null, cancel);
    }

    /// <summary>One row per activation, best mean test accuracy first (sample standard deviation over seeds).</summary>
    public static List<LeaderboardRow> Summarise(IEnumerable<LeaderboardRun> runs) =>
        [.. runs.GroupBy(r => r.Activation).Select(g =>
        {
            var acc = g.Select(r => r.TestAccuracy).ToArray();
            double mean = acc.Average();
            double std = acc.Length > 1 ? Math.Sqrt(acc.Sum(a => (a - mean) * (a - mean)) / (acc.Length - 1)) : 0;
            return new LeaderboardRow(g.Key, acc.Length, mean, std, g.Average(r => r.History[^1].TrainLoss), g.Average(r => r.TestLoss),
                g.Average(r => r.Seconds), g.Average(r => r.SamplesPerSecond), g.First().Parameters);
        }).OrderByDescending(r => r.MeanAccuracy)];
}
