using Activa.Data;
using Activa.Data.Ctr;
using Activa.Data.Ctr.Features;
using Activa.Data.Forecasting;
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
/// NaN/∞ injected into the inputs, the weights and the gradients of every model family (MLP, KAN, CTR on a behaviour
/// log, CTR on a file, forecasting) is caught at the step it appears, with the place named; with skipping on, training
/// goes on, counts the skipped batches and ends with finite weights.
/// </summary>
[Collection("GlobalSettings")]
public class NumericalFaultTests
{
    public enum Fault { Input, Weight, Gradient }

    /// <summary>One family's training with <paramref name="fault"/> injected; <paramref name="step"/> is where it first shows
    /// (<see cref="FaultStep"/> unless the family says otherwise); returns the skipped-batch count when training completes.</summary>
    private delegate long Run(Fault fault, bool skip, out long step);

    private const long FaultStep = 3;
    private const int Batch = 16;

    public static TheoryData<string, Fault> Cases()
    {
        var cases = new TheoryData<string, Fault>();
        foreach (var family in new[] { "mlp", "kan", "ctr", "ctr-file", "forecast" })
            foreach (var fault in Enum.GetValues<Fault>())
                if (!(family == "ctr-file" && fault == Fault.Input)) // the file reader rejects non-finite cells (FileReaderRejectsNonFiniteCells)
                    cases.Add(family, fault);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FaultIsCaughtWhereItAppearsAndCanBeSkipped(string family, Fault fault)
    {
        var run = Family(family);
        long step = 0;
        var e = Assert.Throws<NonFiniteException>(() => run(fault, skip: false, out step));
        Assert.Equal(step, e.Step);
        Assert.Contains($"step {step}", e.Message);
        switch (fault)
        {
            case Fault.Input:
                Assert.Equal(NonFiniteSource.Input, e.Fault);
                Assert.Matches("the input '[^']+' is not finite \\(sample \\d+", e.Message);
                if (family is "mlp" or "kan") Assert.Contains("the input 'x' is not finite (sample 5, feature 1 is NaN)", e.Message);
                break;
            case Fault.Weight:
                Assert.Equal(NonFiniteSource.Weight, e.Fault);
                Assert.NotNull(e.Parameter);
                Assert.Contains($"the weight '{e.Parameter}' is not finite (index 0 is NaN)", e.Message);
                break;
            case Fault.Gradient:
                Assert.Equal(NonFiniteSource.Gradient, e.Fault);
                Assert.Contains($"the gradient of '{e.Parameter}' is not finite", e.Message);
                break;
        }
        if (fault == Fault.Weight)
        {
            // Skipping batches cannot mend a weight: training stops all the same.
            Assert.Equal(NonFiniteSource.Weight, Assert.Throws<NonFiniteException>(() => run(fault, skip: true, out _)).Fault);
            return;
        }
        // A poisoned gradient spoils one batch; a poisoned input spoils its batch in each of the 2 epochs.
        Assert.Equal(fault == Fault.Input ? 2 : 1, run(fault, skip: true, out _));
    }

    [Fact]
    public void ForwardOverflowNamesTheFirstFailingLayer()
    {
        // Finite inputs and weights whose product overflows: the loss is not finite and the replay names the Linear layer.
        var config = new ModelConfig { Inputs = 2, Hidden = [4], Outputs = 2, Activation = "relu", Dataset = "spirals" };
        var trainer = new Trainer(config, new TrainOptions { Epochs = 1, BatchSize = 16, Seed = 1 });
        var first = trainer.Model.NamedParameters().First(p => p.Name.EndsWith("weight")).Parameter;
        first.AsSpan().Fill(3e38f);
        var data = Synthetic.Spirals(samplesPerArm: 16);
        var e = Assert.Throws<NonFiniteException>(() => trainer.Fit(new Dataset("big", data.Features.Mul(1e3f), data.Labels, 2)));
        Assert.Equal(NonFiniteSource.Loss, e.Fault);
        Assert.Matches("the first non-finite output is layer \\d+, Linear", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void FileReaderRejectsNonFiniteCells(string cell)
    {
        // A click file cannot feed NaN/∞ to a model: such a cell makes its row malformed (file, line and column named).
        using var files = new TempFiles();
        string path = files.Write($"y,x\n1,0.5\n0,{cell}\n");
        var schema = FeatureSchema.FromJson("""{ "label": { "column": "y" }, "fields": [ { "kind": "numeric", "column": "x" } ] }""");
        using var rows = new CsvRowSource(path);
        Assert.Contains($"line 3, column 'x': '{cell}' is not a finite number", Assert.Throws<DataFormatException>(() => FeaturePipeline.Fit(schema, rows)).Message);
    }

    private static Run Family(string name) => name switch
    {
        "mlp" => (Fault fault, bool skip, out long step) => Classifier(new ModelConfig { Inputs = 2, Hidden = [16], Outputs = 2, Activation = "tanh", Dataset = "spirals" }, fault, skip, out step),
        "kan" => (Fault fault, bool skip, out long step) => Classifier(new ModelConfig { Model = "kan", Inputs = 2, Hidden = [4], Outputs = 2, Basis = "bspline(grid=3)", Dataset = "spirals" }, fault, skip, out step),
        "ctr" => BehaviourLog,
        "ctr-file" => ClickFileRun,
        "forecast" => Forecast,
        _ => throw new ArgumentException(name),
    };

    private static long Classifier(ModelConfig config, Fault fault, bool skip, out long step)
    {
        step = FaultStep;
        var clean = Synthetic.Spirals(samplesPerArm: 64);
        var data = clean;
        var options = new TrainOptions { Epochs = 2, BatchSize = Batch, Lr = 1e-2f, Seed = 4, SkipNonFinite = skip, GridUpdateEpochs = 0 };
        if (fault == Fault.Input)
        {
            var x = clean.Features.ToArray();
            x[2 * new DataLoader(clean, Batch, shuffle: true, seed: 4).Order(0)[(int)(FaultStep - 1) * Batch + 5] + 1] = float.NaN; // sample 5, feature 1
            data = new Dataset("poisoned", Tensor.FromArray(x, clean.Count, 2), clean.Labels, 2);
        }
        var trainer = new Trainer(config, options);
        Inject(trainer.Model, fault, f => trainer.AfterBackward = f);
        trainer.Fit(data);
        return trainer.History.Sum(h => h.SkippedBatches);
    }

    private static long BehaviourLog(Fault fault, bool skip, out long step)
    {
        step = FaultStep;
        var data = new SyntheticClicks { Users = 60, Items = 40, Categories = 4, SamplesPerUser = 6 }.Generate(2);
        if (fault == Fault.Input)
        {
            var order = Enumerable.Range(0, data.Train.Count).ToArray();
            new Generator(5).Shuffle<int>(order); // the trainer's epoch-1 order for seed 5
            data.Train.Labels[order[(int)(FaultStep - 1) * Batch + 5]] = float.NaN;
        }
        var model = CtrModel.Create("din", data.Train, new CtrModelOptions { EmbeddingDim = 4, Hidden = [8], AttentionHidden = 8 }, seed: 5);
        Action<long>? afterBackward = null;
        Inject(model, fault, f => afterBackward = f);
        var options = new CtrTrainOptions { Epochs = 2, BatchSize = Batch, Patience = 5, Seed = 5, SkipNonFinite = skip, AfterBackward = afterBackward };
        return CtrTrainer.Fit(model, data, options).History.Sum(h => h.Skipped);
    }

    private static long ClickFileRun(Fault fault, bool skip, out long step)
    {
        step = FaultStep;
        using var files = new TempFiles();
        var (splits, pipeline) = ClickFile.Prepare(files, 600, seed: 3, tail: 100);
        var model = FieldCtrModel.Create("dnn", new FieldLayout(pipeline), FieldModelTrainingTests.Small, seed: 5);
        Action<long>? afterBackward = null;
        Inject(model, fault, f => afterBackward = f);
        var options = new FieldTrainOptions
        {
            Training = new CtrTrainOptions { Epochs = 2, BatchSize = 64, Patience = 5, Seed = 5, SkipNonFinite = skip, AfterBackward = afterBackward },
            ShuffleBuffer = 1024,
        };
        return FieldCtrTrainer.Fit(model, pipeline, splits, options).Fit.History.Sum(h => h.Skipped);
    }

    private static long Forecast(Fault fault, bool skip, out long step)
    {
        step = FaultStep;
        var series = SyntheticSeries.Generate(new SyntheticSeriesOptions { Length = 600, Channels = 2, Seed = 1 });
        var data = ForecastData.Create(series, SplitProtocol.Tsl, 24, 12, ChannelMode.Multivariate);
        if (fault == Fault.Input)
        {
            // ∞ at the last step of the training range: it shows at the first batch (in the trainer's epoch-1 order for seed 5)
            // that holds one of the windows reaching that step.
            var order = Enumerable.Range(0, data.Train.Count).ToArray();
            new Generator(5).Shuffle<int>(order);
            int last = data.Train.Range.Start + data.Train.Range.Length - 1;
            bool Holds(int w) => data.Train.InputStart(w) <= last && last < data.Train.TargetStart(w) + 12;
            int firstBatch = Array.FindIndex(order, Holds) / Batch + 1;
            var values = series.Values.ToArray();
            values[last * series.Channels + 1] = float.PositiveInfinity;
            data = data with { Train = new WindowDataset(series.WithValues(values), data.Train.Range, 24, 12, ChannelMode.Multivariate) };
            step = firstBatch;
        }
        var model = ForecastModel.Create("dlinear", new ForecastModelOptions { InputLength = 24, Horizon = 12, Channels = 2 }, 0);
        Action<long>? afterBackward = null;
        Inject(model, fault, f => afterBackward = f);
        var options = new ForecastTrainOptions { Epochs = 2, BatchSize = Batch, Patience = 5, Seed = 5, SkipNonFinite = skip, AfterBackward = afterBackward };
        return ForecastTrainer.Fit(model, data, options).History.Sum(h => h.Skipped);
    }

    /// <summary>
    /// A weight (the model's last parameter, an output bias that every sample's output depends on) set to NaN right after
    /// the backward pass of step <see cref="FaultStep"/> − 1, so that the optimiser keeps it NaN and step
    /// <see cref="FaultStep"/>'s forward meets it; or one element of that parameter's gradient set to NaN at step <see cref="FaultStep"/>.
    /// </summary>
    private static void Inject(Module model, Fault fault, Action<Action<long>> setHook)
    {
        var (_, target) = model.NamedParameters().Last();
        if (fault == Fault.Weight)
            setHook(step =>
            {
                if (step == FaultStep - 1) Poison(target);
            });
        if (fault == Fault.Gradient)
            setHook(step =>
            {
                if (step == FaultStep) Poison((target.SparseGrad?.Values ?? target.Grad)!);
            });
    }

    private static void Poison(Tensor t) => t.AsSpan()[0] = float.NaN; // parameters and gradients are contiguous
}
