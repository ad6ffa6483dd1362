using Activa.Cli;
using Activa.Data.Ctr;
using Activa.Data.Forecasting;
using Activa.IO;
using Activa.Models.Ctr;
using Activa.Models.Forecasting;
using Activa.Onnx;

namespace Activa.Tests.Onnx;

/// <summary>
/// <c>activa export RUN --onnx FILE</c> on a forecasting and a CTR run: the file it writes runs in ONNX Runtime and
/// gives the checkpoint's outputs, the command names the inputs and outputs, and field-model runs are refused by name.
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
    public void ACtrRunExportsWithItsShapesAndFieldModelsAreRefusedByName()
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

        // a checkpoint of a model trained on a file is named as not covered, with exit code 1
        string fields = Path.Combine(_dir, "fields.safetensors");
        SafeTensors.Save(fields, new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(1) }, new Dictionary<string, string> { ["activa.format"] = CtrCheckpoint.FieldsFormat });
        var error = new StringWriter();
        var savedError = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, Capture([fields, "--onnx", Path.Combine(_dir, "f.onnx")]).Code);
        }
        finally
        {
            Console.SetError(savedError);
        }
        Assert.Contains("field models", error.ToString());
    }
}
