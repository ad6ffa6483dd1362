using Activa.Data.Ctr.Features;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Tests.Ctr.Features;

namespace Activa.Tests.Ctr.Fields;

/// <summary>The field models' shapes, gradients, DIN's attention and errors, on a small click file.</summary>
[Collection("GlobalSettings")]
public class FieldModelTests
{
    private static (FeaturePipeline Pipeline, FeatureBatch Batch) Encoded(string schema = ClickFile.Schema)
    {
        using var files = new TempFiles();
        var path = files.Write(ClickFile.Make(200, seed: 3, tail: 10).Csv);
        FeaturePipeline pipeline;
        using (var rows = new CsvRowSource(path)) pipeline = FeaturePipeline.Fit(FeatureSchema.FromJson(schema), rows);
        using var again = new CsvRowSource(path);
        return (pipeline, pipeline.Transform(again));
    }

    public static TheoryData<string> Models() => [.. FieldCtrModel.Names];

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryModelGivesOneLogitPerSampleAndAGradientToEveryParameter(string name)
    {
        var (pipeline, batch) = Encoded();
        var model = FieldCtrModel.Create(name, new FieldLayout(pipeline), FieldModelTrainingTests.Small, seed: 2);
        Assert.Equal(name, model.Name);
        var logits = model.Logits(batch);
        Assert.Equal([batch.Count], logits.Shape.ToArray());
        Activa.Losses.Loss.BinaryCrossEntropyWithLogits(logits, Tensor.FromArray(batch.Labels, batch.Count)).Backward();
        foreach (var (pname, p) in model.NamedParameters())
            Assert.True(p.Grad != null || p.SparseGrad != null, $"{name}: no gradient reached {pname}");
        Assert.All(model.Predict(batch), p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void DinWeightsAreZeroOnPaddingAndSoftmaxWeightsSumToOne()
    {
        var (pipeline, batch) = Encoded();
        var layout = new FieldLayout(pipeline);
        var w = Assert.Single(((FieldDin)FieldCtrModel.Create("din", layout, FieldModelTrainingTests.Small)).AttentionWeights(batch)).ToArray();
        var soft = Assert.Single(((FieldDin)FieldCtrModel.Create("din", layout, FieldModelTrainingTests.Small with { AttentionSoftmax = true }))
            .AttentionWeights(batch)).ToArray();
        var history = batch.Sequence("history");
        for (int i = 0; i < batch.Count; i++)
        {
            for (int j = history.Lengths[i]; j < history.MaxLength; j++) Assert.Equal(0f, w[i * history.MaxLength + j]);
            Assert.Equal(history.Lengths[i] > 0 ? 1f : 0f, soft.AsSpan(i * history.MaxLength, history.MaxLength).ToArray().Sum(), 4);
        }
    }

    [Fact]
    public void DinWithoutAnAttendedSequenceSaysHowToDeclareOne()
    {
        var schema = ClickFile.Schema.Replace(""", "vocabularyFrom": "item" """, " ");
        var (pipeline, _) = Encoded(schema);
        var e = Assert.Throws<ArgumentException>(() => FieldCtrModel.Create("din", new FieldLayout(pipeline)));
        Assert.Contains("vocabularyFrom", e.Message);
        Assert.Contains("history", e.Message);
        Assert.Throws<ArgumentException>(() => FieldDin.CheckSchema(FeatureSchema.FromJson(schema)));
        Assert.Throws<ArgumentException>(() => FieldCtrModel.Create("dien", new FieldLayout(pipeline)));
    }
}
