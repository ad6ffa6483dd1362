using Activa.Data;
using Activa.Models;
using Activa.Nn;
using Activa.Sparsity;
using Activa.Training;
using Xunit.Abstractions;

namespace Activa.Tests.Sparsity;

/// <summary>Small-scale versions of the sparsity claims of issue 15 (ReLU², ProSparse, SELU), on the embedded digits.</summary>
[Collection("GlobalSettings")]
public class SparsityClaimsTests(ITestOutputHelper output)
{
    private static readonly (Dataset Train, Dataset Test) Data = Digits.Load();

    internal static ModelConfig Config(string act, int[] hidden, Init init = Init.Default)
    {
        var (mean, std) = Data.Train.Statistics();
        return new ModelConfig { Inputs = 64, Hidden = hidden, Outputs = 10, Activation = act, Init = init, InputMean = mean, InputStd = std };
    }

    internal static Trainer Fit(ModelConfig config, int epochs, ulong seed = 0, float lr = 1e-3f, string optimizer = "adam", int batch = 32)
    {
        var trainer = new Trainer(config, new TrainOptions { Epochs = epochs, BatchSize = batch, Lr = lr, Optimizer = optimizer, Seed = seed, ValidationFraction = 0 });
        trainer.Fit(Data.Train);
        return trainer;
    }

    [Fact]
    public void ReluSquaredIsSparserThanSiluAndGeluAtComparableAccuracy()
    {
        var results = new Dictionary<string, (double Accuracy, double Sparsity)>();
        foreach (var act in new[] { "relu-squared", "silu", "gelu" })
        {
            var trainer = Fit(Config(act, [64, 64]), epochs: 12);
            double accuracy = trainer.Evaluate(Data.Test).Accuracy;
            double sparsity = ZeroCount.Measure((Sequential)trainer.Model, Data.Test).Overall;
            results[act] = (accuracy, sparsity);
            output.WriteLine($"{act}: test accuracy {accuracy:P2}, activation sparsity {sparsity:P2}");
        }
        var relu2 = results["relu-squared"];
        foreach (var other in new[] { "silu", "gelu" })
        {
            Assert.True(relu2.Sparsity >= results[other].Sparsity + 0.1, $"relu² sparsity {relu2.Sparsity:P2} vs {other} {results[other].Sparsity:P2}");
            Assert.True(relu2.Accuracy >= results[other].Accuracy - 0.03, $"relu² accuracy {relu2.Accuracy:P2} vs {other} {results[other].Accuracy:P2}");
        }
    }

    [Fact]
    public void SeluWithLeCunInitTrainsA32LayerNetThatPlainReluCannot()
    {
        int[] deep = Enumerable.Repeat(64, 32).ToArray();
        var selu = Fit(Config("relu", deep).AsSelfNormalizing(), epochs: 5, batch: 64);
        var relu = Fit(Config("relu", deep), epochs: 5, batch: 64);
        double seluAccuracy = selu.Evaluate(Data.Test).Accuracy, reluAccuracy = relu.Evaluate(Data.Test).Accuracy;
        output.WriteLine($"32 × 64 fully connected, 5 epochs of batch 64: selu + LeCun-normal {seluAccuracy:P2}, relu + default init {reluAccuracy:P2}");
        Assert.True(seluAccuracy >= 0.75, $"selu accuracy {seluAccuracy:P2}");
        Assert.True(reluAccuracy <= 0.3, $"relu accuracy {reluAccuracy:P2}");
    }

    [Fact]
    public void ProSparseRaisesActivationSparsity()
    {
        var dense = Fit(Config("silu", [64, 64]), epochs: 10);
        var (fit, calibration) = Data.Train.Split(0.2, seed: 3);
        Sequential Copy()
        {
            var model = (Sequential)Config("silu", [64, 64]).Build(new Generator(1));
            model.LoadStateDict(dense.Model.StateDict());
            return model;
        }
        var plain = ProSparse.Train(Copy(), fit, new ProSparseOptions { Stages = [new(300, 0f)] });
        var pro = ProSparse.Train(Copy(), fit, new ProSparseOptions { Stages = [new(100, 0f), new(100, 0.05f), new(100, 0.1f)], Budget = 0.01 }, calibration);
        double plainSparsity = ZeroCount.Measure(plain.Model, Data.Test).Overall, proSparsity = ZeroCount.Measure(pro.ReluModel, Data.Test).Overall;
        double shiftedSparsity = ZeroCount.Measure(pro.Model, Data.Test).Overall;
        double plainAccuracy = Trainer.Evaluate(plain.Model, Data.Test).Accuracy, proAccuracy = Trainer.Evaluate(pro.Model, Data.Test).Accuracy;
        output.WriteLine($"ReLU fine-tune: sparsity {plainSparsity:P2}, accuracy {plainAccuracy:P2}; ProSparse: {proSparsity:P2} before the shift, {shiftedSparsity:P2} after (thresholds {string.Join(", ", pro.Thresholds)}), accuracy {proAccuracy:P2}");
        foreach (var s in pro.Stages) output.WriteLine($"  stage {s.Stage}: λ {s.Lambda}, CE {s.Loss:F4}, L1 {s.Penalty:F4}, sparsity {s.Sparsity:P2}");
        Assert.Equal([1, 2, 3], pro.Stages.Select(s => s.Stage));
        Assert.True(pro.Stages[2].Sparsity > pro.Stages[0].Sparsity + 0.1, "the L1 stages should raise the sparsity seen in training");
        Assert.True(pro.Stages[2].Penalty < pro.Stages[0].Penalty, "the L1 term should fall as λ rises");
        Assert.True(proSparsity >= plainSparsity + 0.1, $"sparsity {proSparsity:P2} vs {plainSparsity:P2}");
        Assert.True(shiftedSparsity >= proSparsity, $"threshold shift {shiftedSparsity:P2} vs {proSparsity:P2}");
        Assert.True(proAccuracy >= plainAccuracy - 0.03, $"accuracy {proAccuracy:P2} vs {plainAccuracy:P2}");
    }
}
