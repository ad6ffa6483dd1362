using Activa.Data;
using Activa.Data.Ctr;
using Activa.Data.Ctr.Features;
using Activa.Data.Forecasting;
using Activa.Kernels;
using Activa.Models;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Models.Forecasting;
using Activa.Nn;
using Activa.Tests.Ctr.Features;
using Activa.Tests.Ctr.Fields;
using Activa.Training;

namespace Activa.Tests.Reliability;

/// <summary>
/// Determinism of every model family: two runs with the same seed and thread count give bit-identical weights, and so do
/// runs on 1, 2 and 3 threads — the design promises it: work is split into items by size, never by thread count or
/// timing, and partial results are combined in item order (<see cref="Parallelism"/>).
/// </summary>
[Collection("GlobalSettings")]
public class DeterminismTests
{
    public static TheoryData<string> Families() => ["mlp", "mlp-wide", "mlp-pau", "kan", "ctr-din", "ctr-file-finalmlp", "forecast-tpgn", "forecast-gru"];

    [Theory]
    [MemberData(nameof(Families))]
    public void SameSeedGivesTheSameBitsOnAnyThreadCount(string family)
    {
        var reference = Train(family, threads: 2);
        foreach (int threads in new[] { 2, 1, 3 })
        {
            var again = Train(family, threads);
            Assert.Equal(reference.Keys.Order(), again.Keys.Order());
            foreach (var (name, w) in reference)
            {
                int at = w.AsSpan().CommonPrefixLength(again[name]);
                Assert.True(at == w.Length, $"{family}: '{name}' differs between 2 threads and {threads} (element {at}: {(at < w.Length ? $"{w[at]:R} vs {again[name][at]:R}" : "")})");
            }
        }
    }

    private static Dictionary<string, float[]> Train(string family, int threads)
    {
        int old = Parallelism.Threads;
        Parallelism.Threads = threads;
        try
        {
            Generator.Default.ManualSeed(123); // dropout draws from it
            var model = family switch
            {
                "mlp" => Classifier(new ModelConfig { Inputs = 2, Hidden = [64, 64], Outputs = 2, Activation = "gelu", Dataset = "spirals", Dropout = 0.1f }),
                "mlp-wide" => Classifier(new ModelConfig { Inputs = 64, Hidden = [512, 512], Outputs = 10, Activation = "silu", Dataset = "digits" }, Digits.LoadAll(), 256),
                "mlp-pau" => Classifier(new ModelConfig { Inputs = 2, Hidden = [64, 64], Outputs = 2, Activation = "pau", Dataset = "spirals" }),
                "kan" => Classifier(new ModelConfig { Model = "kan", Inputs = 2, Hidden = [16], Outputs = 2, Basis = "bspline(grid=5)", Dataset = "spirals" }),
                "ctr-din" => BehaviourLog(),
                "ctr-file-finalmlp" => ClickFileRun(),
                "forecast-tpgn" => Forecast("tpgn"),
                "forecast-gru" => Forecast("gru"),
                _ => throw new ArgumentException(family),
            };
            return model.StateDict().ToDictionary(p => p.Key, p => p.Value.Contiguous().ToArray());
        }
        finally { Parallelism.Threads = old; }
    }

    private static Module Classifier(ModelConfig config, Dataset? data = null, int batch = 64)
    {
        var trainer = new Trainer(config, new TrainOptions { Epochs = data == null ? 3 : 1, BatchSize = batch, Lr = 1e-2f, Seed = 4 });
        trainer.Fit(data ?? Synthetic.Spirals(samplesPerArm: 256));
        return trainer.Model;
    }

    private static Module BehaviourLog()
    {
        var data = new SyntheticClicks { Users = 60, Items = 50, Categories = 6, SamplesPerUser = 6 }.Generate(2);
        var model = CtrModel.Create("din", data.Train, new CtrModelOptions { EmbeddingDim = 8, Hidden = [32, 16], AttentionHidden = 16 }, seed: 5);
        CtrTrainer.Fit(model, data, new CtrTrainOptions { Epochs = 2, BatchSize = 64, Patience = 5, Seed = 5 });
        return model;
    }

    private static Module ClickFileRun()
    {
        using var files = new TempFiles();
        var (splits, pipeline) = ClickFile.Prepare(files, 1200, seed: 3, tail: 200);
        var model = FieldCtrModel.Create("finalmlp", new FieldLayout(pipeline), FieldModelTrainingTests.Small, seed: 5);
        FieldCtrTrainer.Fit(model, pipeline, splits, new FieldTrainOptions
        {
            Training = new CtrTrainOptions { Epochs = 2, BatchSize = 64, Patience = 5, Seed = 5 }, ShuffleBuffer = 512,
        });
        return model;
    }

    private static Module Forecast(string name)
    {
        var series = SyntheticSeries.Generate(new SyntheticSeriesOptions { Length = 600, Channels = 3, Seed = 1 });
        var data = ForecastData.Create(series, SplitProtocol.Tsl, 48, 24, ChannelMode.Multivariate);
        var model = ForecastModel.Create(name, new ForecastModelOptions { InputLength = 48, Horizon = 24, Channels = 3, Period = 24 }, 0);
        ForecastTrainer.Fit(model, data, new ForecastTrainOptions { Epochs = 1, BatchSize = 16, Patience = 5, Seed = 5 });
        return model;
    }
}
