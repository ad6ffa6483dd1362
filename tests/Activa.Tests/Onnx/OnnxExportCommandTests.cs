using Activa.Cli;
using Activa.Data.Ctr;
using Activa.Data.Ctr.Features;
using Activa.Data.Forecasting;
using Activa.IO;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Models.Forecasting;
using Activa.Onnx;
using Activa.Tests.Ctr.Features;
using Activa.Tests.Ctr.Fields;
using Activa.Training;

namespace Activa.Tests.Onnx;

/// <summary>
/// <c>activa export RUN --onnx FILE</c> on a forecasting and a CTR run: the file it writes runs in ONNX Runtime and
/// gives the checkpoint's outputs and the command names the inputs and outputs.
/// </summary>
[Collection("GlobalSettings")]   // captures the console
public sealed class OnnxExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-onnx-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Output) Capture(string[] args)
    {
        var saved = Console.Out;
        var text = new StringWriter();
        Console.SetOut(text);
        try
        {
            return (ExportCommand.Create().Parse(args).Invoke(), text.ToString());
        }
        finally
        {
            Console.SetOut(saved);
        }
    }

    [Fact]
    public void AForecastRunExportsWithItsShapes()
    {
        var options = new ForecastModelOptions { InputLength = 10, Horizon = 4, Channels = 2, DModel = 5, RevIn = true, RevInAffine = true };
        var model = ForecastModel.Create("pgn", options, 41);
        OnnxCheck.Perturb(model, 42, 0.05f);
        string run = Path.Combine(_dir, "forecast"), file = Path.Combine(_dir, "forecast.onnx");
        Directory.CreateDirectory(run);
        ForecastCheckpoint.Save(Path.Combine(run, "checkpoint.safetensors"), model,
            new ForecastRunInfo("pgn", options, "synthetic", ["a", "b"], SplitProtocol.Tsl, ChannelMode.Multivariate, 41, [0.5f, -1f], [2f, 3f]));
        var (code, output) = Capture([run, "--onnx", file]);
        Assert.Equal(0, code);
        Assert.Contains("input 'input' [batch, 10, 2] float", output);
        Assert.Contains("output 'forecast' [batch, 4, 2] float", output);
        var x = Tensor.Uniform([3, 10, 2], -2f, 2f, new Generator(43));
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Forward(x).ToArray();
        OnnxCheck.Same(expected, OnnxCheck.Run(File.ReadAllBytes(file), OnnxForecast.OutputName, OnnxCheck.Float("input", x)));
    }

    [Fact]
    public void ACtrRunExportsWithItsShapesAndADamagedOneIsAnError()
    {
        var data = new SyntheticClicks { Users = 40, Items = 30, Categories = 5, SamplesPerUser = 5, MaxHistory = 6 }.Generate(44);
        var options = new CtrModelOptions { EmbeddingDim = 4, Hidden = [8], AttentionHidden = 5 };
        var model = CtrModel.Create("din", data.Train, options, 45);
        OnnxCheck.Perturb(model, 46, 0.05f);
        string run = Path.Combine(_dir, "ctr"), file = Path.Combine(_dir, "ctr.onnx");
        Directory.CreateDirectory(run);
        CtrCheckpoint.Save(Path.Combine(run, "checkpoint.safetensors"), model, new CtrRunInfo("din", options, data.Train.Vocabulary, "synthetic", 45));
        var (code, output) = Capture([run, "--onnx", file]);
        Assert.Equal(0, code);
        Assert.Contains("'history_items' [batch, 6] int64", output);
        Assert.Contains("'mask' [batch, 6] float", output);
        Assert.Contains("'probability' [batch] float", output);

        var batch = new CtrBatch(data.Train, [0, 1, 2, 3, 4]);
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Logits(batch).ToArray();
        var s = data.Train;
        long[] Ids(int[] v, int w) => [.. v.Take(5 * w).Select(i => (long)i)];
        var actual = OnnxCheck.Run(File.ReadAllBytes(file), OnnxCtr.LogitOutput,
            OnnxCheck.Int64("user", Ids(s.User, 1), 5), OnnxCheck.Int64("item", Ids(s.Item, 1), 5), OnnxCheck.Int64("category", Ids(s.Category, 1), 5),
            OnnxCheck.Int64("history_items", Ids(s.HistoryItems, 6), 5, 6), OnnxCheck.Int64("history_categories", Ids(s.HistoryCategories, 6), 5, 6),
            OnnxCheck.Float("mask", batch.Mask));
        OnnxCheck.Same(expected, actual);

        // a damaged checkpoint is a one-line error with exit code 1
        string damaged = Path.Combine(_dir, "damaged.safetensors");
        SafeTensors.Save(damaged, new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(1) }, new Dictionary<string, string> { ["activa.format"] = CtrCheckpoint.FieldsFormat });
        var error = new StringWriter();
        var savedError = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, Capture([damaged, "--onnx", Path.Combine(_dir, "d.onnx")]).Code);
        }
        finally
        {
            Console.SetError(savedError);
        }
        Assert.Contains("damaged.safetensors", error.ToString());
    }

    [Fact]
    public void AFieldModelRunExportsWithItsInputs()
    {
        using var files = new TempFiles();
        var path = files.Write(ClickFile.Make(20, seed: 47, tail: 5).Csv);
        FeaturePipeline pipeline;
        using (var rows = new CsvRowSource(path)) pipeline = FeaturePipeline.Fit(FeatureSchema.FromJson(ClickFile.Schema), rows);
        FeatureBatch batch;
        using (var again = new CsvRowSource(path)) batch = pipeline.Transform(again);
        var options = new CtrModelOptions { EmbeddingDim = 3, Hidden = [6], AttentionHidden = 4 };
        var model = FieldCtrModel.Create("din", new FieldLayout(pipeline), options, seed: 48);
        OnnxCheck.Perturb(model, 49, 0.05f);
        string run = Path.Combine(_dir, "fields"), file = Path.Combine(_dir, "fields.onnx");
        Directory.CreateDirectory(run);
        CtrCheckpoint.Save(Path.Combine(run, "checkpoint.safetensors"), model, new FieldRunInfo("din", options, new CtrFileSpec { Data = path }, 48, null), pipeline);
        var (code, output) = Capture([run, "--onnx", file]);
        Assert.Equal(0, code);
        Assert.Contains("'categorical' [batch, 3] int64", output);
        Assert.Contains("'history' [batch, history_length] int64", output);
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Logits(batch).ToArray();
        var feeds = OnnxFieldCtr.Feeds(model.Layout, batch).Select(f => f.Ids != null
            ? OnnxCheck.Int64(f.Name, f.Ids, f.Dims)
            : Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(f.Name, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(f.Values!, f.Dims)));
        OnnxCheck.Same(expected, OnnxCheck.Run(File.ReadAllBytes(file), OnnxCtr.LogitOutput, [.. feeds]));
    }
}
