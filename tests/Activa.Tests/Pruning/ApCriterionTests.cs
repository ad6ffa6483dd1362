using Activa.Models;
using Activa.Nn;
using Activa.Pruning;

namespace Activa.Tests.Pruning;

/// <summary>AP's criterion: only surviving negative weights, the least moved over the cycle first.</summary>
public class ApCriterionTests
{
    private static readonly ModelConfig Config = new() { Inputs = 16, Hidden = [8], Outputs = 4 };

    [Fact]
    public void ScoresNegativeWeightsByTheirChangeAndNeverPositiveOnes()
    {
        var model = Config.Build(new Generator(2));
        var start = model.StateDict().ToDictionary(p => p.Key, p => p.Value.Detach().Clone());
        var (name, weight) = PrunableWeights.Of(model)[0];
        var w = weight.AsSpan();
        for (int i = 0; i < w.Length; i++) w[i] += 0.001f * (i % 7);          // moved by 0, 0.001, …, 0.006
        var scores = new float[w.Length];
        ApCriterion.Instance.Score(new PruningContext(model, PruningMasks.Dense(model), 1, start), name, weight, scores);
        var w0 = start[name].ToArray();
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] < 0) Assert.Equal(MathF.Abs(w[i] - w0[i]), scores[i]);
            else Assert.Equal(float.PositiveInfinity, scores[i]);
        }
    }

    [Fact]
    public void PruningWithApRemovesOnlyTheMostStagnantNegativeWeights()
    {
        var model = Config.Build(new Generator(3));
        var start = model.StateDict().ToDictionary(p => p.Key, p => p.Value.Detach().Clone());
        foreach (var (_, weight) in PrunableWeights.Of(model))
        {
            var w = weight.AsSpan();
            for (int i = 0; i < w.Length; i++) w[i] -= 0.01f * ((i * 37) % 11);   // most weights move, some not at all
        }
        var before = PrunableWeights.Of(model).ToDictionary(p => p.Name, p => p.Weight.ToArray());
        var masks = PruningMasks.Dense(model);
        var context = new PruningContext(model, masks, 1, start);
        Pruner.PruneTo(model, masks, ApCriterion.Instance, 0.1, PruningScope.Global, context);

        float maxPrunedChange = 0, minKeptNegativeChange = float.MaxValue;
        foreach (var (name, values) in before)
        {
            var w0 = start[name].ToArray();
            var mask = masks[name];
            for (int i = 0; i < values.Length; i++)
            {
                float change = MathF.Abs(values[i] - w0[i]);
                if (mask[i] == 0)
                {
                    Assert.True(values[i] < 0, $"{name}[{i}] = {values[i]} was pruned by AP but is not negative");
                    maxPrunedChange = MathF.Max(maxPrunedChange, change);
                }
                else if (values[i] < 0) minKeptNegativeChange = MathF.Min(minKeptNegativeChange, change);
            }
        }
        Assert.Equal((long)Math.Round(0.1 * masks.Total), masks.Pruned);
        Assert.True(maxPrunedChange <= minKeptNegativeChange, $"pruned a change of {maxPrunedChange}, kept one of {minKeptNegativeChange}");
    }

    [Fact]
    public void WithoutTheCycleStartWeightsItIsAnError()
    {
        var model = Config.Build(new Generator(4));
        var (name, weight) = PrunableWeights.Of(model)[0];
        Assert.Throws<InvalidOperationException>(() =>
            ApCriterion.Instance.Score(new PruningContext(model, PruningMasks.Dense(model)), name, weight, new float[weight.Numel]));
    }
}
