using Activa.Data.Forecasting;
using Activa.IO;
using Activa.Metrics;
using Activa.Models.Forecasting;
using Activa.Training;
using Xunit.Abstractions;

namespace Activa.Tests.Forecasting;

public class TrainerTests(ITestOutputHelper output)
{
    private static ForecastData Synthetic(int length, int channels, int l, int h, ChannelMode mode = ChannelMode.Multivariate, ulong seed = 1) =>
        ForecastData.Create(SyntheticSeries.Generate(new SyntheticSeriesOptions { Length = length, Channels = channels, Seed = seed }),
            SplitProtocol.Tsl, l, h, mode);

    private static ForecastModelOptions OptionsFor(ForecastData data) => new()
    {
        InputLength = data.Train.InputLength, Horizon = data.Train.Horizon, Channels = data.Train.SampleChannels,
    };

    [Fact]
    public void ErrorsArePerHorizonStepOverWindowsAndChannels()
    {
        // Two windows, H = 2, C = 2: errors (p − t) chosen by hand.
        var predicted = Tensor.FromArray([1f, 2f, 3f, 4f, 0f, 0f, 0f, 0f], 2, 2, 2);
        var target = Tensor.FromArray([0f, 0f, 0f, 0f, 1f, -1f, 2f, 2f], 2, 2, 2);
        var errors = new ForecastErrors(2);
        errors.Add(predicted, target);
        var e = errors.Result();
        // step 1: errors 1, 2, −1, 1 → MSE 7/4, MAE 5/4; step 2: 3, 4, −2, −2 → MSE 33/4, MAE 11/4
        Assert.Equal([7 / 4.0, 33 / 4.0], e.MsePerStep);
        Assert.Equal([5 / 4.0, 11 / 4.0], e.MaePerStep);
        Assert.Equal(5.0, e.Mse, 12);
        Assert.Equal(2.0, e.Mae, 12);
        Assert.Equal(2, e.Windows);
        Assert.Throws<ArgumentException>(() => errors.Add(predicted, target.Narrow(1, 0, 1)));
        Assert.Throws<InvalidOperationException>(() => new ForecastErrors(3).Result());
    }

    [Theory]
    [InlineData(ChannelMode.Multivariate)]
    [InlineData(ChannelMode.ChannelIndependent)]
    public void EvaluationCoversEveryTestWindowAndItsOriginalScaleIsTheInverseOfTheStandardised(ChannelMode mode)
    {
        var data = Synthetic(1200, 3, 48, 24, mode);
        var model = ForecastModel.Create("linear", OptionsFor(data), 3);
        var e = ForecastTrainer.Evaluate(model, data.Test, data.Scaler, batchSize: 50);   // 50 does not divide the count
        Assert.Equal(data.Test.Count, e.Windows);

        // The same errors computed window by window, by hand, on both scales.
        double sq = 0, sqOriginal = 0;
        long n = 0;
        model.Eval();
        using (Tensor.NoGrad())
            for (int s = 0; s < data.Test.Count; s++)
            {
                var (input, target) = data.Test.Batch([s]);
                var p = model.Forward(input).ToArray();
                var t = target.ToArray();
                for (int i = 0; i < t.Length; i++)
                {
                    int c = data.Test.ChannelOf(s) ?? i % 3;
                    double d = p[i] - t[i];
                    sq += d * d;
                    sqOriginal += d * d * data.Scaler.Std[c] * data.Scaler.Std[c];
                    n++;
                }
            }
        Assert.Equal(sq / n, e.Mse, 5);
        Assert.Equal(sqOriginal / n, e.Original!.Mse, 3);
    }

    [Fact]
    public void FitKeepsTheBestEpochAndStopsEarly()
    {
        var data = Synthetic(1500, 2, 48, 24);
        var model = ForecastModel.Create("dlinear", OptionsFor(data), 0);
        // A learning rate far too high makes validation worse after the first epochs, so patience 1 stops the run.
        var result = ForecastTrainer.Fit(model, data, new ForecastTrainOptions { Epochs = 8, Patience = 1, LearningRate = 0.05f });
        var bestMse = result.History.Min(e => e.Validation.Mse);
        Assert.Equal(bestMse, result.BestValidation.Mse);
        Assert.Equal(bestMse, ForecastTrainer.Evaluate(model, data.Validation).Mse, 6);          // the best weights were restored
        Assert.True(result.History.Count == 8 || result.History.Count == result.BestEpoch + 1);
        Assert.Equal(data.Test.Count, result.Test.Windows);
    }

    [Fact]
    public void ModelAndDataMustAgreeAndOptionsAreChecked()
    {
        var data = Synthetic(1200, 2, 48, 24);
        var wrong = ForecastModel.Create("linear", OptionsFor(data) with { Horizon = 12 }, 0);
        var e = Assert.Throws<ArgumentException>(() => ForecastTrainer.Fit(wrong, data, new ForecastTrainOptions()));
        Assert.Contains("H=12", e.Message);
        var model = ForecastModel.Create("linear", OptionsFor(data), 0);
        Assert.Throws<ArgumentException>(() => ForecastTrainer.Fit(model, data, new ForecastTrainOptions { Epochs = 0 }));
    }

    [Fact]
    public void CheckpointRoundTripGivesTheSameForecasts()
    {
        var data = Synthetic(1200, 2, 48, 24);
        var model = ForecastModel.Create("tpgn", OptionsFor(data) with { Period = 24, RevIn = true, RevInAffine = true }, 5);
        ForecastTrainer.Fit(model, data, new ForecastTrainOptions { Epochs = 1 });
        string path = Path.Combine(Path.GetTempPath(), $"activa-forecast-{Guid.NewGuid():N}.safetensors");
        try
        {
            var info = new ForecastRunInfo("tpgn", model.Options, "synthetic", data.Series.Columns, SplitProtocol.Tsl, ChannelMode.Multivariate, 5,
                data.Scaler.Mean, data.Scaler.Std);
            ForecastCheckpoint.Save(path, model, info);
            var (loaded, back) = ForecastCheckpoint.Load(path);
            Assert.Equal(info.Columns, back.Columns);
            Assert.Equal(info.Mean, back.Mean);
            Assert.Equal(model.Options.RevIn, back.Options.RevIn);
            Assert.Equal(ForecastTrainer.Evaluate(model, data.Test).Mse, ForecastTrainer.Evaluate(loaded, data.Test).Mse);

            SafeTensors.Save(path, model.StateDict(), new Dictionary<string, string> { ["activa.format"] = "activa-ctr/1" });
            Assert.Contains("not a forecasting checkpoint", Assert.Throws<CheckpointFormatException>(() => ForecastCheckpoint.Load(path)).Message);
        }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// The claim, small: at a long horizon PGN and TPGN forecast better than the GRU (all three with RevIN: the
    /// synthetic series shifts regime, and without it every model's test error is dominated by the shift).
    /// </summary>
    [Fact]
    public void PgnAndTpgnBeatTheGruAtALongHorizon()
    {
        var data = Synthetic(4400, 1, 96, 336);
        var options = new ForecastTrainOptions { Epochs = 5, BatchSize = 32, Seed = 0 };
        double Mse(string name)
        {
            var model = ForecastModel.Create(name, OptionsFor(data) with { RevIn = true }, 0);
            var mse = ForecastTrainer.Fit(model, data, options).Test.Mse;
            output.WriteLine($"{name}: test MSE {mse:F4}");
            return mse;
        }
        double gru = Mse("gru"), pgn = Mse("pgn"), tpgn = Mse("tpgn");
        Assert.True(pgn < gru, $"PGN {pgn:F4} vs GRU {gru:F4}");
        Assert.True(tpgn < gru, $"TPGN {tpgn:F4} vs GRU {gru:F4}");
    }
}
