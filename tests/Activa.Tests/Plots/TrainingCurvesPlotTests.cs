using Activa.Cli;
using Activa.Data;
using Activa.Models;
using Activa.Training;

namespace Activa.Tests.Plots;

/// <summary>`activa plot RUN` with no option: the training curves of the run.</summary>
public sealed class TrainingCurvesPlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-curves-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PlotWithoutOptionsDrawsLossAccuracyAndLearningRatePerEpoch()
    {
        var (train, _) = Datasets.Load("digits");
        string run = Path.Combine(_dir, "run");
        var options = new TrainOptions { Epochs = 3, BatchSize = 64, Lr = 1e-2f, Schedule = "cosine", Seed = 1 };
        var (fit, validation) = train.Split(0.2, 1);
        new Trainer(new ModelConfig { Inputs = 64, Hidden = [16], Outputs = 10, Dataset = "digits" }, options, run).Fit(fit, validation);

        var csv = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        Assert.EndsWith(",learning_rate", csv[0]);
        var rates = csv[1..].Select(l => double.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(rates[0] > rates[^1], "the cosine schedule lowers the learning rate epoch by epoch");

        Assert.Equal(0, PlotCommand.Create().Parse([run]).Invoke());
        var png = File.ReadAllBytes(Path.Combine(run, "curves.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(3 * 520, BitConverter.ToInt32([.. png[16..20].Reverse()]));   // three panels side by side (IHDR width)
    }
}
