using Activa.Data;
using Activa.Models;
using Activa.Training;

namespace Activa.Tests.Data;

/// <summary>
/// Real Fashion-MNIST from Debian's dataset-fashion-mnist package. CI installs it and sets
/// ACTIVA_REQUIRE_FASHION_MNIST=1, so there these tests must find it; elsewhere, without the package,
/// they check that loading fails with the documented message instead.
/// </summary>
[Collection("GlobalSettings")]
public class FashionMnistTests
{
    private static bool Installed()
    {
        if (IdxDataset.FashionMnist.IsAvailable()) return true;
        Assert.True(Environment.GetEnvironmentVariable("ACTIVA_REQUIRE_FASHION_MNIST") != "1",
            "Fashion-MNIST is required here: apt-get install dataset-fashion-mnist");
        var e = Assert.Throws<DirectoryNotFoundException>(() => IdxDataset.FashionMnist.Load());
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        return false;
    }

    [Fact]
    public void LoadsBothSplitsWithTheirShapes()
    {
        if (!Installed()) return;
        var (train, test) = IdxDataset.FashionMnist.Load();
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal([28, 28], train.SampleShape);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(6000, train.Labels.Count(l => l == c)));
        var (mean, std) = train.Statistics();
        Assert.InRange(mean, 0.28f, 0.29f); // the published pixel mean 0.2860 and std 0.3530
        Assert.InRange(std, 0.35f, 0.356f);
    }

    [Fact]
    public void TwoEpochsOfASmallMlpReachEightyFivePercent()
    {
        if (!Installed()) return;
        var (train, test) = IdxDataset.FashionMnist.Load();
        var (mean, std) = train.Statistics();
        var config = new ModelConfig { Inputs = 784, Hidden = [128], Outputs = 10, InputMean = mean, InputStd = std };
        var trainer = new Trainer(config, new TrainOptions { Epochs = 2, BatchSize = 128, Lr = 1e-3f, Seed = 0 });
        trainer.Fit(train);
        double accuracy = trainer.Evaluate(test).Accuracy;
        Assert.True(accuracy >= 0.85, $"test accuracy {accuracy:P2} after 2 epochs");
    }
}
