using Activa.Data;
using Activa.Losses;
using Activa.Models;
using Activa.Optim;
using Activa.Pruning;
using Activa.Training;

namespace Activa.Tests.Pruning;

/// <summary>Pruned weights stay exactly zero through optimiser steps, with every optimiser.</summary>
public class MaskTrainingTests
{
    private static readonly ModelConfig Config = new() { Inputs = 2, Hidden = [16, 16], Outputs = 2, Activation = "tanh" };

    [Theory]
    [InlineData("adam", 0.01f)]
    [InlineData("adamw", 0.05f)]
    [InlineData("sgd", 0.01f)]
    [InlineData("adagrad", 0f)]
    public void PrunedWeightsStayZeroAtEveryStepWhileTheOthersTrain(string optimizer, float weightDecay)
    {
        var data = Synthetic.Spirals(samplesPerArm: 60);
        var trainer = new Trainer(Config, new TrainOptions { Epochs = 3, BatchSize = 16, Lr = 1e-2f, Optimizer = optimizer, WeightDecay = weightDecay, Seed = 2 });
        // give the optimiser moments first, so that pruned weights have momentum pushing them
        trainer.Fit(data);
        var masks = PruningMasks.Dense(trainer.Model);
        Pruner.PruneTo(trainer.Model, masks, MagnitudeCriterion.Instance, 0.6, PruningScope.Global);
        var before = PrunableWeights.Of(trainer.Model).ToDictionary(w => w.Name, w => w.Weight.ToArray());

        var cont = new Trainer(Config, trainer.Options with { Epochs = 2 });
        cont.Model.LoadStateDict(trainer.Model.StateDict());
        int checkedSteps = 0;
        using (masks.KeepDuring(cont))
        {
            cont.BatchCompleted += (_, _, _) =>
            {
                foreach (var (name, w) in PrunableWeights.Of(cont.Model))
                {
                    var values = w.ToArray();
                    for (int i = 0; i < values.Length; i++)
                        if (masks[name][i] == 0) Assert.Equal(0, BitConverter.SingleToInt32Bits(values[i])); // +0.0 exactly
                }
                checkedSteps++;
            };
            cont.Fit(data);
        }
        Assert.True(checkedSteps > 10);
        int moved = 0;
        foreach (var (name, w) in PrunableWeights.Of(cont.Model))
        {
            var values = w.ToArray();
            for (int i = 0; i < values.Length; i++) if (masks[name][i] == 1 && values[i] != before[name][i]) moved++;
        }
        Assert.True(moved > (masks.Total - masks.Pruned) / 2, $"only {moved} of {masks.Total - masks.Pruned} surviving weights changed");
        Assert.Equal(masks.Pruned, PruningMasks.FromZeros(cont.Model).Pruned);
    }

    [Fact]
    public void MaskingGradientsAloneLetsAdamMovePrunedWeightsWhichIsWhyMasksAreReapplied()
    {
        var data = Synthetic.Spirals(samplesPerArm: 60);
        var model = Config.Build(new Generator(3));
        var adam = new Adam(model.Parameters(), lr: 1e-2f, weightDecay: 0.01f);
        void StepOnce(PruningMasks? maskGrads)
        {
            adam.ZeroGrad();
            Loss.CrossEntropy(model.Forward(data.Features), data.Labels).Backward();
            maskGrads?.MaskGradients(model);
            adam.Step();
        }
        for (int i = 0; i < 5; i++) StepOnce(null);
        var masks = PruningMasks.Dense(model);
        Pruner.PruneTo(model, masks, MagnitudeCriterion.Instance, 0.5, PruningScope.Global);
        StepOnce(masks);
        // the first moment still carries pre-pruning gradients: some pruned weights are no longer zero
        Assert.True(PruningMasks.FromZeros(model).Pruned < masks.Pruned / 2);
        masks.Apply(model);
        Assert.Equal(masks.Pruned, PruningMasks.FromZeros(model).Pruned);
    }
}
