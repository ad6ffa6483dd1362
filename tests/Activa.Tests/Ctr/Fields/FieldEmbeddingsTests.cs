using Activa.Data.Ctr.Features;
using Activa.Models.Ctr.Fields;
using Activa.Tests.Nn;
using Activa.Training;

namespace Activa.Tests.Ctr.Fields;

/// <summary>The input adapter: table layout, pooled values computed from the tables by hand, gradients by finite differences.</summary>
public class FieldEmbeddingsTests
{
    private static readonly string[] Columns = ClickFile.Header.Split(',');

    // Row 1: an empty bag and an empty history; row 3: a missing price and a history longer than maxLength (8).
    private static readonly string[][] Rows =
    [
        ["1", "u1", "i1", "c1", "10", "a|b", "i1 i2 i3"],
        ["0", "u2", "i2", "c2", "12", "", ""],
        ["1", "u1", "i3", "c1", "8", "b", "i2"],
        ["0", "u3", "i1", "c2", "", "a|b|c", "i3 i1 i2 i1 i2 i3 i1 i2 i3 i4"],
    ];

    private static MemoryRowSource Source() =>
        new(Columns, [.. Rows.Select(r => (IReadOnlyDictionary<string, string?>)Columns.Zip(r).ToDictionary(p => p.First, p => (string?)p.Second))]);

    private static (FeaturePipeline Pipeline, FeatureBatch Batch) Encoded()
    {
        var pipeline = FeaturePipeline.Fit(FeatureSchema.FromJson(ClickFile.Schema), Source());
        return (pipeline, pipeline.Transform(Source()));
    }

    private static FieldEmbeddings Embeddings(FeaturePipeline pipeline, BagMode pooling, bool shared = true) =>
        new(new FieldLayout(pipeline), 3, pooling, sparse: true, initStd: 1f, new Generator(21), shared);

    [Fact]
    public void ASequenceWithVocabularyFromSharesItsCandidatesTableAndIsAttendedByIt()
    {
        var (pipeline, _) = Encoded();
        var layout = new FieldLayout(pipeline);
        Assert.Equal(["user", "item", "color", "tags"], layout.Tables.Select(t => t.Owner));
        Assert.Equal(["user", "item", "color", "tags", "history"], layout.Slots.Select(s => s.Field));
        Assert.Equal(["price"], layout.NumericFields);
        Assert.Equal([new AttendedSequence(4, 1)], layout.Attended);
        var shared = Embeddings(pipeline, BagMode.Sum);
        Assert.Same(shared.TableOf(1), shared.TableOf(4));
        Assert.Equal([5, 6, 4, 5], shared.Tables.Select(t => t.Weight.Dims[0]));   // padding + OOV + 3 users, 4 items, 2 colours, 3 tags
        var own = Embeddings(pipeline, BagMode.Sum, shared: false);
        Assert.NotSame(own.TableOf(1), own.TableOf(4));
        Assert.Equal(5, own.Tables.Count);
    }

    [Theory]
    [InlineData(BagMode.Sum)]
    [InlineData(BagMode.Mean)]
    public void PooledFieldsEqualTheTableRowsPooledByHand(BagMode pooling)
    {
        var (pipeline, batch) = Encoded();
        var e = Embeddings(pipeline, pooling);
        var x = e.Forward(batch);
        Assert.Equal(5 * 3 + 1, e.Width);
        Assert.Equal([4, 5 * 3 + 1], x.Flat().Shape.ToArray());
        Assert.Equal([4, 5, 3], x.Stacked().Shape.ToArray());
        Assert.Equal(batch.Numeric, x.Dense!.ToArray());
        for (int i = 0; i < batch.Count; i++)
        {
            Assert.Equal(Pool(e.TableOf(1), [batch.CategoricalId(i, "item")], BagMode.Sum), x.Slots[1]!.ToArray()[(i * 3)..(i * 3 + 3)]);
            Assert.Equal(Pool(e.TableOf(3), batch.Bag("tags").Of(i).ToArray(), pooling), x.Slots[3]!.ToArray()[(i * 3)..(i * 3 + 3)], Close);
            Assert.Equal(Pool(e.TableOf(4), batch.Sequence("history").Of(i).ToArray(), pooling), x.Slots[4]!.ToArray()[(i * 3)..(i * 3 + 3)], Close);
        }
        Assert.All(x.Slots[3]!.ToArray()[3..6], v => Assert.Equal(0f, v));     // row 1's empty bag
        Assert.All(x.Slots[4]!.ToArray()[3..6], v => Assert.Equal(0f, v));     // row 1's empty history
        Assert.Equal(8, batch.Sequence("history").Lengths[3]);
    }

    private static readonly IEqualityComparer<float> Close = EqualityComparer<float>.Create((a, b) => Math.Abs(a - b) <= 1e-5f, v => 0);

    /// <summary>Sum or mean of the rows of the non-padding ids, in double.</summary>
    private static float[] Pool(Activa.Nn.Embedding table, int[] ids, BagMode mode)
    {
        var w = table.Weight.ToArray();
        int d = table.Weight.Dims[1];
        var sum = new double[d];
        var real = ids.Where(id => id != 0).ToArray();
        foreach (int id in real)
            for (int k = 0; k < d; k++) sum[k] += w[id * d + k];
        return [.. sum.Select(s => (float)(mode == BagMode.Mean && real.Length > 0 ? s / real.Length : s))];
    }

    [Fact]
    public void AnAttendedSequenceStaysUnpooledWithItsMask()
    {
        var (pipeline, batch) = Encoded();
        var e = Embeddings(pipeline, BagMode.Sum);
        var x = e.Forward(batch, attend: true);
        Assert.Null(x.Slots[4]);
        var h = Assert.Single(x.Histories);
        Assert.Equal((4, 1), (h.Slot, h.Candidate));
        Assert.Equal([4, 8, 3], h.Keys.Shape.ToArray());
        Assert.Equal(batch.Sequence("history").Mask(), h.Mask.ToArray());
        var keys = h.Keys.ToArray();
        var w = e.TableOf(4).Weight.ToArray();
        var ids = batch.Sequence("history").Ids;
        for (int j = 0; j < ids.Length; j++)
            Assert.Equal(ids[j] == 0 ? [0f, 0f, 0f] : w[(ids[j] * 3)..(ids[j] * 3 + 3)], keys[(j * 3)..(j * 3 + 3)]);
        Assert.Throws<InvalidOperationException>(() => x.Flat());
    }

    [Theory]
    [InlineData(BagMode.Sum, false)]
    [InlineData(BagMode.Mean, false)]
    [InlineData(BagMode.Sum, true)]
    [InlineData(BagMode.Mean, true)]
    public void TableGradientsMatchFiniteDifferences(BagMode pooling, bool attend)
    {
        var (pipeline, batch) = Encoded();
        var e = Embeddings(pipeline, pooling);
        ModuleGradCheck.Check(e, [], _ =>
        {
            var x = e.Forward(batch, attend);
            var parts = x.Slots.Where(s => s != null).Select(s => s!).ToList();
            foreach (var h in x.Histories) parts.Add(h.Keys.Mul(h.Mask.Unsqueeze(2)).Reshape(batch.Count, -1));
            return Tensor.Concat(parts, 1);
        });
    }

    [Fact]
    public void ABatchOfAnotherPipelineIsAnErrorNamingTheFields()
    {
        var (pipeline, batch) = Encoded();
        var other = FeaturePipeline.Fit(FeatureSchema.FromJson("""{ "label": { "column": "click" }, "fields": [ { "kind": "categorical", "column": "user" } ] }"""), Source());
        var e = Embeddings(other, BagMode.Sum);
        var error = Assert.Throws<ArgumentException>(() => e.Forward(batch));
        Assert.Contains("history", error.Message);
        Assert.Contains("pipeline", error.Message);
    }

    [Fact]
    public void GatheredRowsEqualTheRowsEncodedInThatOrder()
    {
        var (pipeline, batch) = Encoded();
        var gathered = FeatureBatchRows.Gather(batch, [3, 1, 0]);
        var reordered = pipeline.Transform(new MemoryRowSource(Columns,
            [.. new[] { 3, 1, 0 }.Select(i => (IReadOnlyDictionary<string, string?>)Columns.Zip(Rows[i]).ToDictionary(p => p.First, p => (string?)p.Second))]));
        Assert.Equal(reordered.Labels, gathered.Labels);
        Assert.Equal(reordered.Categorical, gathered.Categorical);
        Assert.Equal(reordered.Numeric, gathered.Numeric);
        Assert.Equal(reordered.Bag("tags").Ids, gathered.Bag("tags").Ids);
        Assert.Equal(reordered.Bag("tags").Offsets, gathered.Bag("tags").Offsets);
        Assert.Equal(reordered.Sequence("history").Ids, gathered.Sequence("history").Ids);
        Assert.Equal(reordered.Sequence("history").Lengths, gathered.Sequence("history").Lengths);
    }
}
