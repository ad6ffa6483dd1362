using Activa.Models;
using Activa.Nn;
using Activa.Pruning;

namespace Activa.Tests.Pruning;

/// <summary>Magnitude pruning to a target sparsity, globally and per layer, and the criterion extension point.</summary>
public class PrunerTests
{
    // fan-ins 64, 32, 16: default init bounds 1/8, 1/√32, 1/4, so the first layer has the smallest weights
    private static readonly ModelConfig Config = new() { Inputs = 64, Hidden = [32, 16], Outputs = 10 };

    private static Module Model(ulong seed = 1) => Config.Build(new Generator(seed));

    [Fact]
    public void PrunableWeightsAreTheLinearWeightsOnly()
    {
        var names = PrunableWeights.Of(Model()).Select(w => w.Name).ToArray();
        Assert.Equal(["1.weight", "3.weight", "5.weight"], names);
        Assert.Equal(64 * 32 + 32 * 16 + 16 * 10, PruningMasks.Dense(Model()).Total);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.8)]
    public void GlobalPruningReachesTheTargetAndCutsBelowOneThreshold(double target)
    {
        var model = Model();
        var masks = PruningMasks.Dense(model);
        var original = PrunableWeights.Of(model).ToDictionary(w => w.Name, w => w.Weight.ToArray());
        Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, target, PruningScope.Global);

        Assert.Equal((long)Math.Round(target * masks.Total), masks.Pruned);
        float maxPruned = 0, minKept = float.MaxValue;
        foreach (var (name, w) in original)
            for (int i = 0; i < w.Length; i++)
                if (masks[name][i] == 0) maxPruned = Math.Max(maxPruned, Math.Abs(w[i]));
                else minKept = Math.Min(minKept, Math.Abs(w[i]));
        Assert.True(maxPruned <= minKept, $"a pruned weight ({maxPruned}) is larger than a kept one ({minKept})");
        // the model's weights are zeroed exactly where the mask is 0
        foreach (var (name, w) in PrunableWeights.Of(model))
        {
            var values = w.ToArray();
            for (int i = 0; i < values.Length; i++) Assert.Equal(masks[name][i] == 0 ? 0f : original[name][i], values[i]);
        }
    }

    [Fact]
    public void LayerPruningReachesTheTargetInEveryLayerWhereGlobalDoesNot()
    {
        var layerModel = Model();
        var layer = PruningMasks.Dense(layerModel);
        Pruner.PruneTo(layerModel, layer, MagnitudeCriterion.Instance, 0.5, PruningScope.Layer);
        foreach (var name in layer.Names)
            Assert.Equal((long)Math.Round(0.5 * layer[name].Length), layer.PrunedIn(name));

        var globalModel = Model();
        var global = PruningMasks.Dense(globalModel);
        Pruner.PruneTo(globalModel, global, MagnitudeCriterion.Instance, 0.5, PruningScope.Global);
        // global ranking takes most from the layer with the smallest weights. Uniform weights in ±1/√fan-in pruned below one
        // threshold t: 2048·8t + 512·√32·t + 160·4t = 1360 → t ≈ 0.068, expected sparsities ≈ 0.55, 0.39, 0.27
        Assert.InRange(global.SparsityOf("1.weight"), 0.52, 0.58);
        Assert.InRange(global.SparsityOf("3.weight"), 0.33, 0.45);
        Assert.InRange(global.SparsityOf("5.weight"), 0.17, 0.37);
        Assert.InRange(Math.Abs(global.Pruned - layer.Pruned), 0, 2); // both ≈ half of all weights, rounded per tensor or overall
    }

    [Fact]
    public void MasksOnlyGrowAndBadTargetsAreRefused()
    {
        var model = Model();
        var masks = PruningMasks.Dense(model);
        Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, 0.6, PruningScope.Global);
        var ex = Assert.Throws<ArgumentException>(() => Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, 0.3, PruningScope.Global));
        Assert.Contains("only grow", ex.Message);
        Assert.Throws<ArgumentException>(() => Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, 1.0, PruningScope.Global));
        Assert.Throws<ArgumentException>(() => Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, double.NaN, PruningScope.Layer));
        // pruning further to the same target is a no-op
        Assert.Equal(0, Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, 0.6, PruningScope.Global));
    }

    /// <summary>A criterion that prunes the largest weights first and never touches the output layer.</summary>
    private sealed class LargestFirstExceptOutput : IPruningCriterion
    {
        public string Name => "largest-first";

        public void Score(PruningContext context, string name, Tensor weight, Span<float> scores)
        {
            var w = weight.AsSpan();
            for (int i = 0; i < w.Length; i++) scores[i] = name == "5.weight" ? float.PositiveInfinity : -Math.Abs(w[i]);
        }
    }

    [Fact]
    public void ACustomCriterionDecidesWhatIsPrunedAndInfinityProtects()
    {
        var model = Model();
        var before = PrunableWeights.Of(model).ToDictionary(w => w.Name, w => w.Weight.ToArray());
        var masks = PruningMasks.Dense(model);
        Pruner.PruneTo(model, masks, new LargestFirstExceptOutput(), 0.5, PruningScope.Global);
        Assert.Equal(0, masks.PrunedIn("5.weight"));
        float minPruned = float.MaxValue, maxKept = 0;
        foreach (var name in new[] { "1.weight", "3.weight" })
            for (int i = 0; i < before[name].Length; i++)
                if (masks[name][i] == 0) minPruned = Math.Min(minPruned, Math.Abs(before[name][i]));
                else maxKept = Math.Max(maxKept, Math.Abs(before[name][i]));
        Assert.True(minPruned >= maxKept);

        // with the output layer protected, per-layer pruning cannot reach the target there
        var other = Model();
        var ex = Assert.Throws<InvalidOperationException>(() =>
            Pruner.PruneTo(other, PruningMasks.Dense(other), new LargestFirstExceptOutput(), 0.5, PruningScope.Layer));
        Assert.Contains("5.weight", ex.Message);
    }

    [Fact]
    public void MasksRecoveredFromZerosMatchAndMismatchedModelsAreRefused()
    {
        var model = Model();
        var masks = PruningMasks.Dense(model);
        Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, 0.7, PruningScope.Layer);
        var recovered = PruningMasks.FromZeros(model);
        foreach (var name in masks.Names) Assert.Equal(masks[name].ToArray(), recovered[name].ToArray());

        var wider = new ModelConfig { Inputs = 64, Hidden = [33, 16], Outputs = 10 }.Build();
        Assert.Throws<ShapeMismatchException>(() => masks.Apply(wider));
        Assert.Throws<ArgumentException>(() => masks.SparsityOf("nope"));
    }
}
