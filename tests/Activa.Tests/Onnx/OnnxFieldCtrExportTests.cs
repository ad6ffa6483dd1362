using Activa.Data.Ctr.Features;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Onnx;
using Activa.Tests.Ctr.Features;
using Activa.Tests.Ctr.Fields;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Activa.Tests.Onnx;

/// <summary>
/// Every CTR model trained on a file (field models: categorical, numeric, multi-hot and sequence fields), exported and
/// fed the encoded batch (<see cref="OnnxFieldCtr.Feeds"/>), gives Activa's logits within 1e-5 in ONNX Runtime.
/// </summary>
public sealed class OnnxFieldCtrExportTests
{
    private static readonly (FeaturePipeline Pipeline, FeatureBatch Batch) Data = Encoded();

    private static (FeaturePipeline, FeatureBatch) Encoded()
    {
        using var files = new TempFiles();
        var path = files.Write(ClickFile.Make(23, seed: 61, tail: 5).Csv);
        FeaturePipeline pipeline;
        using (var rows = new CsvRowSource(path)) pipeline = FeaturePipeline.Fit(FeatureSchema.FromJson(ClickFile.Schema), rows);
        using var again = new CsvRowSource(path);
        return (pipeline, pipeline.Transform(again));
    }

    private static NamedOnnxValue Input(OnnxFieldCtr.Feed f) => f.Ids != null
        ? NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<long>(f.Ids, f.Dims))
        : NamedOnnxValue.CreateFromTensor(f.Name, new DenseTensor<float>(f.Values!, f.Dims));

    [Theory]
    [InlineData("lr", "dice", false, BagMode.Sum)]
    [InlineData("dnn", "dice", false, BagMode.Mean)]
    [InlineData("deepfm", "prelu", false, BagMode.Sum)]
    [InlineData("din", "dice", false, BagMode.Sum)]
    [InlineData("din", "relu", true, BagMode.Mean)]
    [InlineData("finalmlp", "dice", false, BagMode.Sum)]
    [InlineData("dualmlp", "gelu", false, BagMode.Mean)]
    public void AnExportedFieldModelComputesWhatActivaComputes(string name, string activation, bool softmax, BagMode pooling)
    {
        var (pipeline, batch) = Data;
        var options = new CtrModelOptions { EmbeddingDim = 3, Hidden = [8, 4], SecondHidden = [6, 4], AttentionHidden = 5, FusionHeads = 2,
            Activation = activation, AttentionSoftmax = softmax, Pooling = pooling };
        var model = FieldCtrModel.Create(name, new FieldLayout(pipeline), options, seed: 62);
        OnnxCheck.Perturb(model, 63, 0.05f);
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Logits(batch).ToArray();
        var feeds = OnnxFieldCtr.Feeds(model.Layout, batch);
        Assert.Equal(["categorical", "numeric", "tags", "history"], feeds.Select(f => f.Name));
        var onnx = OnnxFieldCtr.Model(model);
        OnnxCheck.Same(expected, OnnxCheck.Run(onnx, OnnxCtr.LogitOutput, [.. feeds.Select(Input)]));
    }

    [Theory]
    [InlineData("lr")]
    [InlineData("dnn")]
    [InlineData("deepfm")]
    public void ASchemaOfOneNumericFieldExports(string name)
    {
        using var files = new TempFiles();
        var path = files.Write(ClickFile.Make(11, seed: 64, tail: 3).Csv);
        const string schema = """{ "label": { "column": "click" }, "fields": [ { "kind": "numeric", "column": "price" } ] }""";
        FeaturePipeline pipeline;
        using (var rows = new CsvRowSource(path)) pipeline = FeaturePipeline.Fit(FeatureSchema.FromJson(schema), rows);
        FeatureBatch batch;
        using (var again = new CsvRowSource(path)) batch = pipeline.Transform(again);
        var model = FieldCtrModel.Create(name, new FieldLayout(pipeline), new CtrModelOptions { EmbeddingDim = 2, Hidden = [4] }, seed: 65);
        OnnxCheck.Perturb(model, 66, 0.1f);
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Logits(batch).ToArray();
        var feeds = OnnxFieldCtr.Feeds(model.Layout, batch);
        Assert.Equal(["numeric"], feeds.Select(f => f.Name));
        OnnxCheck.Same(expected, OnnxCheck.Run(OnnxFieldCtr.Model(model), OnnxCtr.LogitOutput, [.. feeds.Select(Input)]));
    }
}
