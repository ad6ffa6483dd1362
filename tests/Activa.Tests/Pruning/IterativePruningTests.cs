using Activa.Data;
using Activa.Models;
using Activa.Pruning;
using Activa.Training;

namespace Activa.Tests.Pruning;

/// <summary>IMP: the per-cycle sparsity schedule, weight rewinding, and accuracy after pruning the digits MLP.</summary>
[Collection("GlobalSettings")] // rewinding is compared bit for bit with a separate run: the thread count must stay put
public class IterativePruningTests
{
    private static readonly (Dataset Train, Dataset Test) Digits = global::Activa.Data.Digits.Load();
    private static readonly ModelConfig Config = new()
    {
        Inputs = 64, Hidden = [64], Outputs = 10, InputMean = Digits.Train.Statistics().Mean, InputStd = Digits.Train.Statistics().Std, Dataset = "digits",
    };
    private static readonly TrainOptions Options = new() { Epochs = 3, BatchSize = 64, Lr = 3e-3f, Seed = 7 };

    private static Dictionary<string, Tensor> Trained(TrainOptions options)
    {
        var trainer = new Trainer(Config, options);
        trainer.Fit(Digits.Train);
        return IterativePruning.Snapshot(trainer.Model);
    }

    private static int[] Bits(Tensor t) => [.. t.ToArray().Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void ScheduleReachesTheTargetWithTheSameRateEachCycle()
    {
        Assert.Equal(1 - Math.Pow(0.1, 0.2), new PruningOptions { TargetSparsity = 0.9, Cycles = 5 }.PerCycleRate, 12);
        double[] expected = [0.36904265551980675, 0.6018928294465028, 0.748811356849042, 0.8415106807538887, 0.9];
        for (int c = 1; c <= 5; c++) Assert.Equal(expected[c - 1], PruningOptions.SparsityAfterCycle(0.9, 5, c), 12);

        var pruning = new IterativePruning(Config, Options, new PruningOptions { TargetSparsity = 0.9, Cycles = 5, EpochsPerCycle = 0 });
        var result = pruning.Run(Config.Build(new Generator(1)).StateDict(), Digits.Train);
        long total = result.Masks.Total;
        Assert.Equal(5, result.Cycles.Count);
        long alive = total;
        foreach (var cycle in result.Cycles)
        {
            Assert.InRange(cycle.Sparsity * total, cycle.TargetSparsity * total - 0.5, cycle.TargetSparsity * total + 0.5);
            // each cycle removes ≈ 36.9 % of what survived the previous one
            Assert.Equal(0.369, (double)(alive - cycle.RemainingWeights) / alive, 2);
            alive = cycle.RemainingWeights;
        }
        Assert.Equal((long)Math.Round(0.9 * total), result.Masks.Pruned);
    }

    [Fact]
    public void RewindingRestoresSurvivingWeightsToTheirIterationKValues()
    {
        var trained = Trained(Options);
        int batchesPerEpoch = new DataLoader(Digits.Train, Options.BatchSize, shuffle: true, seed: Options.Seed).BatchCount;
        // iteration k = one epoch: computed independently by a one-epoch run of the same settings
        var oneEpoch = new Trainer(Config, Options with { Epochs = 1 });
        oneEpoch.Fit(Digits.Train);
        var expected = oneEpoch.Model.StateDict();

        var rewound = new List<Dictionary<string, Tensor>>();
        var masksSeen = new List<PruningMasks>();
        var pruning = new IterativePruning(Config, Options, new PruningOptions { TargetSparsity = 0.75, Cycles = 2, RewindStep = batchesPerEpoch, EpochsPerCycle = 1 });
        pruning.Rewound += (_, model, masks) => { rewound.Add(IterativePruning.Snapshot(model)); masksSeen.Add(masks.Clone()); };
        var result = pruning.Run(trained, Digits.Train);

        Assert.Equal(2, rewound.Count);
        for (int c = 0; c < 2; c++)
            foreach (var (name, t) in expected)
            {
                var got = rewound[c][name].ToArray();
                var want = t.ToArray();
                bool masked = masksSeen[c].Names.Contains(name);
                for (int i = 0; i < want.Length; i++)
                    Assert.Equal(masked && masksSeen[c][name][i] == 0 ? 0f : want[i], got[i]);
            }
        Assert.NotEqual(Bits(trained["2.weight"]), Bits(expected["2.weight"]));
        Assert.Equal(0.75, result.Masks.Sparsity, 3);

        // rewinding to step 0 is the initialisation
        var init = IterativePruning.WeightsAtStep(Config, Options, Digits.Train, 0);
        var built = Config.Build(new Generator(Options.Seed)).StateDict();
        foreach (var (name, t) in built) Assert.Equal(Bits(t), Bits(init[name]));
        Assert.Throws<ArgumentException>(() => IterativePruning.WeightsAtStep(Config, Options, Digits.Train, 3L * batchesPerEpoch + 1));
    }

    [Fact]
    public void DigitsMlpKeepsItsAccuracyAt80PercentSparsityAfterFineTuning()
    {
        var options = Options with { Epochs = 8 };
        var trained = Trained(options);
        var dense = Config.Build();
        dense.LoadStateDict(trained);
        double denseAccuracy = Trainer.Evaluate(dense, Digits.Test).Accuracy;
        Assert.True(denseAccuracy > 0.93, $"dense accuracy {denseAccuracy}");

        // pruned once to 80 % without fine-tuning, the accuracy drops; two fine-tuning epochs bring it back within 2 points
        var oneShot = new IterativePruning(Config, options, new PruningOptions { TargetSparsity = 0.8, Cycles = 1, EpochsPerCycle = 0 }).Run(trained, Digits.Train);
        var tuned = new IterativePruning(Config, options, new PruningOptions { TargetSparsity = 0.8, Cycles = 1, EpochsPerCycle = 2 }).Run(trained, Digits.Train);
        double tunedAccuracy = Trainer.Evaluate(tuned.Model, Digits.Test).Accuracy;
        Assert.Equal(0.8, tuned.Masks.Sparsity, 3);
        Assert.Equal(tuned.Masks.Pruned, PruningMasks.FromZeros(tuned.Model).Pruned);
        Assert.True(tunedAccuracy >= denseAccuracy - 0.02, $"pruned {tunedAccuracy:P2} vs dense {denseAccuracy:P2}");
        Assert.True(tunedAccuracy >= Trainer.Evaluate(oneShot.Model, Digits.Test).Accuracy);
    }

    /// <summary>Prunes the largest weights first and records the cycle-start weights it is shown (what AP will need).</summary>
    private sealed class LargestFirst : IPruningCriterion
    {
        public List<(int Cycle, IReadOnlyDictionary<string, Tensor>? Start)> Seen { get; } = [];
        public string Name => "largest-first";

        public void Score(PruningContext context, string name, Tensor weight, Span<float> scores)
        {
            if (Seen.Count == 0 || Seen[^1].Cycle != context.Cycle) Seen.Add((context.Cycle, context.CycleStart));
            var w = weight.AsSpan();
            for (int i = 0; i < w.Length; i++) scores[i] = -Math.Abs(w[i]);
        }
    }

    [Fact]
    public void StagesShareEachCycleAndSeeTheCycleStartWeights()
    {
        var trained = Config.Build(new Generator(4)).StateDict();
        var all = trained.Where(kv => kv.Key.EndsWith(".weight", StringComparison.Ordinal)).SelectMany(kv => kv.Value.ToArray().Select(Math.Abs)).Order().ToArray();
        var largest = new LargestFirst();
        var starts = new List<Dictionary<string, Tensor>>();
        var pruning = new IterativePruning(Config, Options, new PruningOptions
        {
            TargetSparsity = 0.64, Cycles = 2, EpochsPerCycle = 0,
            Stages = [new PruningStage(MagnitudeCriterion.Instance, 0.75), new PruningStage(largest, 0.25)],
        });
        pruning.Rewound += (_, model, _) => starts.Add(IterativePruning.Snapshot(model));
        var result = pruning.Run(trained, Digits.Train);

        // cycle 1 goes to 40 %: 30 % smallest by magnitude, then 10 % largest; cycle 2 to 64 % the same way
        Assert.Equal(0.4, result.Cycles[0].Sparsity, 3);
        Assert.Equal(0.64, result.Masks.Sparsity, 3);
        var kept = PrunableWeights.Of(result.Model).SelectMany(w => w.Weight.ToArray()).Where(v => v != 0).Select(Math.Abs).ToArray();
        int n = all.Length;
        Assert.True(kept.Min() >= all[(int)(0.3 * n) - 1], "a weight among the smallest 30 % survived");
        Assert.True(kept.Max() <= all[n - (int)(0.1 * n)], "a weight among the largest 10 % survived");

        Assert.Equal([1, 2], largest.Seen.Select(s => s.Cycle));
        // cycle 1 started from the run's initialisation (replayed from its seed), cycle 2 from the rewound weights
        var initial = IterativePruning.WeightsAtStep(Config, Options, Digits.Train, 0);
        Assert.Equal(initial["2.weight"].ToArray(), largest.Seen[0].Start!["2.weight"].ToArray());
        Assert.Equal(starts[0]["2.weight"].ToArray(), largest.Seen[1].Start!["2.weight"].ToArray());
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new IterativePruning(Config, Options, new PruningOptions { TargetSparsity = 1 }));
        Assert.Throws<ArgumentException>(() => new IterativePruning(Config, Options, new PruningOptions { Cycles = 0 }));
        Assert.Throws<ArgumentException>(() => new IterativePruning(Config, Options, new PruningOptions { RewindStep = -1 }));
        Assert.Throws<ArgumentException>(() => new IterativePruning(Config, Options,
            new PruningOptions { Stages = [new PruningStage(MagnitudeCriterion.Instance, 0.6)] }));
    }
}
