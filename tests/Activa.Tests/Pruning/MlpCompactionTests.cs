using Activa.Models;
using Activa.Nn;
using Activa.Pruning;

namespace Activa.Tests.Pruning;

/// <summary>Compaction removes hidden units whose incoming or outgoing weights are all pruned, computing the same function.</summary>
public class MlpCompactionTests
{
    // mean/std ≠ 0/1: a Standardize layer comes first, so the Linear layers are 2, 4 and 6
    private static ModelConfig Config(string act) => new() { Inputs = 20, Hidden = [16, 12], Outputs = 5, Activation = act, InputMean = 0.3f, InputStd = 2f };

    private static void ZeroRow(Tensor w, int row) => w.AsSpan().Slice(row * w.Shape[1], w.Shape[1]).Clear();

    private static void ZeroColumn(Tensor w, int col)
    {
        var s = w.AsSpan();
        for (int r = 0; r < w.Shape[0]; r++) s[r * w.Shape[1] + col] = 0;
    }

    /// <summary>
    /// Layer-1 units 0 and 3 lose all inputs (constants), unit 5 all outputs; layer-2 unit 7 takes input only from layer-1
    /// unit 0, so it becomes constant once unit 0 is folded away (a cascade); layer-2 unit 2 loses all outputs.
    /// </summary>
    private static Module PrunedModel(ModelConfig config, out int[] expectedHidden)
    {
        var model = config.Build(new Generator(11));
        var w = PrunableWeights.Of(model).Select(p => p.Weight).ToArray();
        using (Tensor.NoGrad())
        {
            foreach (var j in new[] { 0, 3 }) ZeroRow(w[0], j);
            ZeroColumn(w[1], 5);
            ZeroRow(w[1], 7);
            w[1].AsSpan()[7 * 16 + 0] = 0.8f;
            ZeroColumn(w[2], 2);
            // and bias values that make the folded constants matter
            var b = ((Linear)((Sequential)model).Layers[2]).Bias!.AsSpan();
            b[0] = 0.7f;
            b[3] = -0.4f;
        }
        expectedHidden = [13, 10];
        return model;
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("relu")]
    [InlineData("tanh")]
    [InlineData("prelu")] // a learnable activation with one slope for the layer
    public void CompactedModelComputesTheSameFunctionWithFewerUnits(string act)
    {
        var config = Config(act);
        var model = PrunedModel(config, out var expectedHidden);
        model.Eval();
        var compacted = MlpCompaction.Compact(model, config);
        Assert.Equal(expectedHidden, compacted.HiddenAfter);
        Assert.Equal([16, 12], compacted.HiddenBefore);
        Assert.Equal(5, compacted.UnitsRemoved);
        Assert.Equal(20 * 13 + 13 + 13 * 10 + 10 + 10 * 5 + 5, compacted.ParametersAfter - (act == "prelu" ? 2 : 0));

        var x = Tensor.Randn([64, 20], new Generator(5)) * 3f;
        var expected = model.Forward(x).ToArray();
        var got = compacted.Model.Forward(x).ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - got[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"output {i}: {expected[i]} vs {got[i]}");
    }

    [Fact]
    public void MagnitudePrunedModelStillMatchesAfterCompaction()
    {
        var config = Config("silu") with { Dropout = 0.2f }; // dropout layers in between shift the layer positions
        var model = config.Build(new Generator(3));
        var masks = PruningMasks.Dense(model);
        Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, 0.85, PruningScope.Layer);
        model.Eval();
        var compacted = MlpCompaction.Compact(model, config);
        var x = Tensor.Randn([32, 20], new Generator(9));
        var expected = model.Forward(x).ToArray();
        var got = compacted.Model.Forward(x).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - got[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])));
        // what is left keeps its zeros: the sparsity of the survivors is still high
        Assert.True(PruningMasks.FromZeros(compacted.Model).Sparsity > 0.8);
    }

    [Fact]
    public void AnEmptiedOutputLayerLeavesOneIgnoredUnitPerLayer()
    {
        var config = Config("gelu");
        var model = config.Build(new Generator(6));
        using (Tensor.NoGrad()) PrunableWeights.Of(model)[2].Weight.AsSpan().Clear();
        model.Eval();
        var compacted = MlpCompaction.Compact(model, config);
        Assert.Equal([1, 1], compacted.HiddenAfter);
        var x = Tensor.Randn([4, 20], new Generator(1));
        var bias = ((Linear)((Sequential)model).Layers[6]).Bias!.ToArray();
        var got = compacted.Model.Forward(x).ToArray();
        for (int i = 0; i < got.Length; i++) Assert.Equal(bias[i % 5], got[i]);
    }

    [Fact]
    public void DenseModelIsUnchangedAndPerUnitActivationsAreRefused()
    {
        var config = Config("relu");
        var model = config.Build(new Generator(1));
        var same = MlpCompaction.Compact(model, config);
        Assert.Equal(0, same.UnitsRemoved);
        var x = Tensor.Randn([8, 20], new Generator(2));
        Assert.Equal(model.Forward(x).ToArray(), same.Model.Forward(x).ToArray());

        var perUnit = Config("prelu(sharing=1)");
        var ex = Assert.Throws<ArgumentException>(() => MlpCompaction.Compact(PrunedModel(perUnit, out _), perUnit));
        Assert.Contains("per-unit", ex.Message);
        Assert.Throws<ArgumentException>(() => MlpCompaction.Compact(model, config with { Hidden = [16] }));
    }
}
