using Activa.Data;
using Activa.Nn;
using Activa.Sparsity;
using Activa.Training;
using Xunit.Abstractions;

namespace Activa.Tests.Sparsity;

/// <summary>Per-layer thresholds calibrated to a loss budget, checked against values computed independently.</summary>
[Collection("GlobalSettings")]
public class ThresholdCalibrationTests(ITestOutputHelper output)
{
    private static readonly Lazy<(Sequential Relu, Sequential Silu, Dataset Calibration)> Trained = new(() =>
    {
        var (fit, calibration) = Digits.Load().Train.Split(0.25, seed: 5);
        Sequential Train(string act)
        {
            var trainer = new Trainer(SparsityClaimsTests.Config(act, [64, 64]), new TrainOptions { Epochs = 8, BatchSize = 32, ValidationFraction = 0 });
            trainer.Fit(fit);
            return (Sequential)trainer.Model;
        }
        return (Train("relu"), Train("silu"), calibration);
    });

    /// <summary>Exact zeros of the activation outputs, by running the layers one by one (no hooks).</summary>
    private static double CountZeros(Sequential model, Dataset data)
    {
        long zeros = 0, total = 0;
        model.Eval();
        using var _ = Tensor.NoGrad();
        Tensor h = data.Features;
        foreach (var layer in model.Layers)
        {
            h = layer.Forward(h);
            if (layer is Act or ThresholdedActivation)
            {
                zeros += h.ToArray().Count(v => v == 0f);
                total += h.Numel;
            }
        }
        return (double)zeros / total;
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    public void LossStaysWithinTheBudgetAndSparsityRises(double budget)
    {
        var (relu, _, calibration) = Trained.Value;
        var result = ThresholdCalibration.Calibrate(relu, calibration, budget);
        output.WriteLine($"budget {budget:P0}: loss {result.DenseLoss:F4} → {result.Loss:F4}, sparsity {result.DenseSparsity:P2} → {result.Sparsity:P2}, " +
                         $"accuracy {result.DenseAccuracy:P2} → {result.Accuracy:P2}, thresholds {string.Join(", ", result.Thresholds)}");
        Assert.Equal(["3", "5"], result.Layers);               // after Flatten, Standardize and the first Linear
        var dense = Trainer.Evaluate(relu, calibration);
        var sparse = Trainer.Evaluate(ActivationThresholds.Apply(relu, result.Thresholds), calibration);
        Assert.Equal(dense.Loss, result.DenseLoss, 9);
        Assert.Equal(sparse.Loss, result.Loss, 9);
        Assert.True(sparse.Loss <= dense.Loss * (1 + budget) + 1e-9, $"loss {sparse.Loss} over the budget {dense.Loss * (1 + budget)}");
        Assert.True(result.Thresholds.All(t => t > 0), "every layer should take part of the budget");
        Assert.Equal(CountZeros(relu, calibration), result.DenseSparsity, 9);
        Assert.Equal(CountZeros(result.Model, calibration), result.Sparsity, 9);
        Assert.True(result.Sparsity >= result.DenseSparsity + 0.02, $"sparsity {result.DenseSparsity:P2} → {result.Sparsity:P2}");
        Assert.True(result.Accuracy >= result.DenseAccuracy - 0.02);
    }

    [Fact]
    public void SmoothActivationsGetExactZerosWithinTheBudget()
    {
        var (_, silu, calibration) = Trained.Value;
        var result = ThresholdCalibration.Calibrate(silu, calibration, 0.02);
        output.WriteLine($"silu: loss {result.DenseLoss:F4} → {result.Loss:F4}, sparsity {result.DenseSparsity:P2} → {result.Sparsity:P2}");
        Assert.Equal(0, result.DenseSparsity);
        Assert.True(result.Sparsity > 0.05, $"sparsity {result.Sparsity:P2}");
        Assert.True(result.Loss <= result.DenseLoss * 1.02 + 1e-9);
        Assert.All(result.Model.Layers.Where(l => l is not Linear and not Dropout and not Flatten and not Standardize), l => Assert.IsType<ThresholdedActivation>(l));
    }

    [Fact]
    public void AZeroBudgetNeverRaisesTheLoss()
    {
        var (relu, _, calibration) = Trained.Value;
        var result = ThresholdCalibration.Calibrate(relu, calibration, 0, new CalibrationOptions { Iterations = 8 });
        Assert.True(result.Loss <= result.DenseLoss + 1e-9);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var (relu, _, calibration) = Trained.Value;
        Assert.Contains("budget", Assert.Throws<ArgumentException>(() => ThresholdCalibration.Calibrate(relu, calibration, -0.01)).Message);
        Assert.Throws<ArgumentException>(() => ThresholdCalibration.Calibrate(relu, calibration, double.NaN));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => ThresholdCalibration.Calibrate(relu, calibration.Subset([]), 0.01)).Message);
        Assert.Contains("iterations", Assert.Throws<ArgumentException>(() => ThresholdCalibration.Calibrate(relu, calibration, 0.01, new CalibrationOptions { Iterations = 0 })).Message);
        Assert.Contains("calibration split", Assert.Throws<ArgumentException>(() => ProSparse.Train(relu, calibration, new ProSparseOptions { Budget = 0.01 })).Message);
    }
}
