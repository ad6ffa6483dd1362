using Activa.Analysis;
using Activa.Data;
using Activa.Data.Forecasting;
using Activa.IO;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// What <c>activa analyze</c> needs of any run: a line describing the model and its data, and a pass over the test split
/// with probes attached to the model — for a classifier trained by <c>activa train</c>, a CTR model (built-in log or
/// file) or a forecaster. Each kind runs its own evaluation path, so the probes see exactly the batches its eval sees.
/// </summary>
internal sealed record AnalyzedRun(string Description, ActivationProbes Probes, int Samples, int Batches)
{
    /// <summary>Loads the run behind <paramref name="checkpoint"/>, attaches probes and runs its test split.</summary>
    /// <param name="checkpoint">The checkpoint file.</param>
    /// <param name="options">Probe settings.</param>
    /// <param name="mlp">Runs an <c>activa train</c> checkpoint (the dataset and batch options apply to that kind only).</param>
    public static AnalyzedRun Run(string checkpoint, ProbeOptions options, Func<ProbeOptions, AnalyzedRun> mlp)
    {
        var format = CtrCheckpoint.FormatOf(checkpoint);
        if (format == CtrCheckpoint.FieldsFormat)
        {
            ActivationProbes? probes = null;
            var (evaluation, info) = CtrFileRun.Evaluate(checkpoint, null, prepare: model => probes = Attach(model, options, "CTR model"));
            return new AnalyzedRun($"ctr {info.Model} on {info.Files.Data} (test split)", probes!, (int)evaluation.Metrics.Count, 0);
        }
        if (format == CtrCheckpoint.Format)
        {
            var (model, info) = CtrCheckpoint.Load(checkpoint);
            var data = CtrCommand.LoadLog(info.Data, info.Seed);
            model.Eval();
            var probes = Attach(model, options, "CTR model");
            var test = CtrTrainer.Evaluate(model, data.Test);
            return new AnalyzedRun($"ctr {info.Model}, act {info.Options.Activation}, on {info.Data} (seed {info.Seed}) test", probes, test.Count, 0);
        }
        if (format == ForecastCheckpoint.Format)
        {
            var (model, info) = ForecastCheckpoint.Load(checkpoint);
            var series = ForecastDatasets.Load(info.Data).Select([.. info.Columns]);
            var data = ForecastData.Create(series, info.Protocol, model.Options.InputLength, model.Options.Horizon, info.Mode, new Standardizer(info.Mean, info.Std));
            model.Eval();
            var probes = Attach(model, options, $"forecaster '{info.Model}' (only TSMixer has activation layers; PGN, TPGN and the GRU fuse their gates into their layers)");
            var test = ForecastTrainer.Evaluate(model, data.Test);
            return new AnalyzedRun($"forecast {info.Model} (L={model.Options.InputLength}, H={model.Options.Horizon}) on {info.Data} test, MSE {test.Mse:F4}",
                probes, data.Test.Count, 0);
        }
        return mlp(options);
    }

    private static ActivationProbes Attach(Nn.Module model, ProbeOptions options, string info)
    {
        if (!model.NamedModules().Any(m => ActivationProbes.IsActivationModule(m.Module)))
            throw new ArgumentException($"This {info} has no activation layer to probe.");
        return ActivationProbes.Attach(model, options);
    }
}
