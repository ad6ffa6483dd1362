using Activa.Data.Ctr.Features;

namespace Activa.Tests.Ctr.Features;

/// <summary>Fitting vocabularies and statistics on training rows, and encoding with them.</summary>
public class FeatureEncodingTests
{
    private static MemoryRowSource Rows(string[] columns, params string?[][] rows) =>
        new(columns, rows.Select(r => (IReadOnlyDictionary<string, string?>)columns.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToArray());

    private static FeatureSchema Schema(string fields, string label = """{ "column": "y" }""") =>
        FeatureSchema.FromJson($$"""{ "label": {{label}}, "fields": [ {{fields}} ] }""");

    [Fact]
    public void VocabularyAppliesMinCountAndMapsRareAndUnseenValuesToOov()
    {
        var schema = Schema("""{ "kind": "categorical", "column": "c", "minCount": 2 }""");
        var train = Rows(["y", "c"], ["1", "a"], ["0", "b"], ["1", "a"], ["0", "c"], ["0", "b"], ["1", "a"]);
        var p = FeaturePipeline.Fit(schema, train);
        var v = p.VocabularyOf("c");
        Assert.Equal(["a", "b"], v.Values);          // by decreasing count; "c" (once) is below minCount
        Assert.Equal([3L, 2L], v.Counts);
        Assert.Equal(1, v.OovCount);
        Assert.Equal(4, v.Size);                      // padding, oov, a, b
        var batch = p.Transform(Rows(["y", "c"], ["1", "a"], ["0", "b"], ["0", "c"], ["1", "zzz"]));
        Assert.Equal([2, 3, 1, 1], batch.Categorical);
        Assert.Equal([1f, 0f, 0f, 1f], batch.Labels);
    }

    [Fact]
    public void CappedCountingKeepsFrequentValuesInBoundedMemory()
    {
        // 10 frequent values (500 each) among 20,000 singletons, counted with at most 200 distinct values held.
        var counter = new VocabularyCounter(maxDistinct: 200);
        var exact = new VocabularyCounter();
        var rng = new Random(11);
        int singleton = 0;
        for (int i = 0; i < 25_000; i++)
        {
            string v = rng.Next(5) == 0 ? $"f{i % 10}" : $"s{singleton++}";
            counter.Add(v);
            exact.Add(v);
        }
        Assert.True(counter.PeakDistinct <= 201, $"held {counter.PeakDistinct} distinct values");
        Assert.True(counter.Floor > 0);
        var truth = exact.Counts.ToDictionary(p => p.Key, p => p.Value);
        foreach (var (value, count) in counter.Counts)
            Assert.InRange(count, truth[value], truth[value] + counter.Floor);   // over-estimates by at most the floor
        // Singletons end at most at floor + 1 (about 200 here), the frequent values at 500 or more.
        var vocab = Vocabulary.FromCounts(counter.Counts, minCount: 300);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"f{i}").Order(StringComparer.Ordinal), vocab.Values.Order(StringComparer.Ordinal));

        var schema = Schema("""{ "kind": "categorical", "column": "c", "minCount": 100 }""");
        var rows = Enumerable.Range(0, 5000).Select(i => new string?[] { "1", i % 5 == 0 ? $"f{i % 3}" : $"s{i}" }).ToArray();
        var p = FeaturePipeline.Fit(schema, Rows(["y", "c"], rows), new FitOptions { MaxDistinct = 50 });
        Assert.Equal(["f0", "f1", "f2"], p.VocabularyOf("c").Values.Order(StringComparer.Ordinal));
        Assert.True(p.VocabularyOf("c").CountError > 0);
        Assert.Equal(p.VocabularyOf("c").CountError, FeaturePipeline.FromJson(p.ToJson()).VocabularyOf("c").CountError);
    }

    [Fact]
    public void HashingIsDeterministicAndInRange()
    {
        // FNV-1a 64 of "a" is a published test vector.
        Assert.Equal(0xaf63dc4c8601ec8cUL, Vocabulary.Hash("a"));
        var schema = Schema("""{ "kind": "categorical", "column": "c", "hashBuckets": 7 }""");
        var p1 = FeaturePipeline.Fit(schema, Rows(["y", "c"], ["1", "x"]));
        var p2 = FeaturePipeline.Fit(schema, Rows(["y", "c"], ["0", "something else"]));
        var values = Enumerable.Range(0, 200).Select(i => $"v{i}").ToArray();
        var ids1 = values.Select(v => p1.VocabularyOf("c").Id(v)).ToArray();
        Assert.Equal(ids1, values.Select(v => p2.VocabularyOf("c").Id(v)));
        Assert.All(ids1, id => Assert.InRange(id, 2, 8));
        Assert.Equal(7, ids1.Distinct().Count());     // 200 values fill all 7 buckets
        Assert.Equal(9, p1.IdCount("c"));
    }

    [Fact]
    public void StandardisationMatchesMeanAndSdComputedDirectly()
    {
        var schema = Schema("""{ "kind": "numeric", "column": "x" }, { "kind": "numeric", "name": "lx", "column": "x", "transform": "log1pStandardize" }""");
        var rng = new Random(3);
        var xs = Enumerable.Range(0, 500).Select(_ => Math.Round(rng.NextDouble() * 100 - 10, 3)).ToArray();
        var p = FeaturePipeline.Fit(schema, Rows(["y", "x"], xs.Select(x => new string?[] { "1", x.ToString("R") }).ToArray()));
        double mean = xs.Average(), sd = Math.Sqrt(xs.Select(x => (x - mean) * (x - mean)).Average());
        Assert.Equal(mean, p.StatsOf("x").Mean, 9);
        Assert.Equal(sd, p.StatsOf("x").StdDev, 9);
        var lx = xs.Select(x => Math.Sign(x) * Math.Log(1 + Math.Abs(x))).ToArray();
        double lmean = lx.Average(), lsd = Math.Sqrt(lx.Select(x => (x - lmean) * (x - lmean)).Average());
        Assert.Equal(lmean, p.StatsOf("lx").Mean, 9);
        var b = p.Transform(Rows(["y", "x"], ["1", "42"], ["0", ""]));
        Assert.Equal(["x", "lx"], b.NumericFields);
        Assert.Equal((42 - mean) / sd, b.NumericValue(0, "x"), 4);
        Assert.Equal((Math.Log(43) - lmean) / lsd, b.NumericValue(0, "lx"), 4);
        Assert.Equal(0f, b.NumericValue(1, "x"));     // missing -> the mean -> 0
    }

    [Fact]
    public void QuantileBucketsAreMonotoneAndRoughlyEqualSized()
    {
        var schema = Schema("""{ "kind": "numeric", "column": "x", "transform": "buckets", "buckets": 8 }""");
        var rng = new Random(5);
        var xs = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(rng.NextDouble() * 6)).ToArray(); // skewed
        string?[][] rows = xs.Select(x => new string?[] { "0", x.ToString("R") }).ToArray();
        var p = FeaturePipeline.Fit(schema, Rows(["y", "x"], rows), new FitOptions { QuantileSample = 2000, Seed = 1 });
        var stats = p.StatsOf("x");
        Assert.Equal(7, stats.Boundaries.Count);
        Assert.True(stats.Boundaries.Zip(stats.Boundaries.Skip(1)).All(q => q.First < q.Second));
        Assert.Equal(10, p.IdCount("x"));
        var batch = p.Transform(Rows(["y", "x"], rows));
        var order = xs.Select((x, i) => (x, id: batch.Categorical[i])).OrderBy(t => t.x).Select(t => t.id).ToArray();
        Assert.True(order.Zip(order.Skip(1)).All(q => q.First <= q.Second));   // monotone in x
        var sizes = batch.Categorical.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(8, sizes.Count);
        Assert.All(sizes.Values, n => Assert.InRange(n, 2500 * 0.8, 2500 * 1.2));
        Assert.Equal(1, p.Transform(Rows(["y", "x"], ["0", ""])).Categorical[0]);   // missing -> OOV id
    }

    [Fact]
    public void MultiHotBagsKeepTheFirstMaxItemsAndSequencesKeepTheMostRecent()
    {
        var schema = Schema("""
            { "kind": "categorical", "column": "item" },
            { "kind": "multiHot", "column": "genres", "separator": "|", "maxItems": 2 },
            { "kind": "sequence", "name": "history", "column": "hist", "separator": " ", "maxLength": 3, "vocabularyFrom": "item" }
            """);
        string[] cols = ["y", "item", "genres", "hist"];
        var train = Rows(cols, ["1", "a", "Drama|Comedy", "b c"], ["0", "b", "Comedy", "a"], ["1", "c", "", ""]);
        var p = FeaturePipeline.Fit(schema, train);
        // "item" counts: a 2 (row + history), b 2, c 2 -> ordinal ties: a=2, b=3, c=4.
        Assert.Equal(["a", "b", "c"], p.VocabularyOf("item").Values);
        Assert.Same(p.VocabularyOf("item"), p.VocabularyOf("history"));
        Assert.Equal(["Comedy", "Drama"], p.VocabularyOf("genres").Values);
        var b = p.Transform(Rows(cols,
            ["1", "a", "Drama|Horror|Comedy", "a b c a"],    // bag truncated to 2; sequence keeps the last 3: b c a
            ["0", "c", "", "c"],                             // empty bag; sequence padded
            ["0", "q", "Comedy", ""]));                      // empty history
        var bag = b.Bag("genres");
        Assert.Equal([0, 2, 2, 3], bag.Offsets);
        Assert.Equal([3, 1, 2], bag.Ids);                    // Drama, Horror (unseen -> OOV); Comedy
        var seq = b.Sequence("history");
        Assert.Equal([3, 4, 2, 4, 0, 0, 0, 0, 0], seq.Ids);
        Assert.Equal([3, 1, 0], seq.Lengths);
        Assert.Equal([1f, 1, 1, 1, 0, 0, 0, 0, 0], seq.Mask());
        Assert.Equal([2, 4, 1], b.Categorical);
    }

    [Fact]
    public void LabelThresholdAndBooleanLabels()
    {
        var schema = Schema("""{ "kind": "categorical", "column": "c" }""", """{ "column": "rating", "threshold": 4 }""");
        var p = FeaturePipeline.Fit(schema, Rows(["rating", "c"], ["4.5", "a"], ["3.5", "a"], ["4", "b"]));
        Assert.Equal([1f, 0f, 1f], p.Transform(Rows(["rating", "c"], ["4.5", "a"], ["3.5", "a"], ["4", "b"])).Labels);
        var plain = FeaturePipeline.Fit(Schema("""{ "kind": "categorical", "column": "c" }"""), Rows(["y", "c"], ["true", "a"], ["0", "a"]));
        Assert.Equal([1f, 0f], plain.Transform(Rows(["y", "c"], ["true", "a"], ["0", "a"])).Labels);
    }

    [Fact]
    public void FittedOnTrainOnlyAValueSeenOnlyInTestIsOov()
    {
        using var tmp = new TempFiles();
        var train = tmp.Write("y,movie,age\n1,m1,30\n0,m2,40\n1,m1,50\n");
        var test = tmp.Write("y,movie,age\n1,m1,1000\n0,m9,40\n");
        var schema = Schema("""{ "kind": "categorical", "column": "movie" }, { "kind": "numeric", "column": "age" }""");
        using var trainRows = new CsvRowSource(train);
        var p = FeaturePipeline.Fit(schema, trainRows);
        using var testRows = new CsvRowSource(test);
        var b = p.Transform(testRows);
        Assert.Equal([2, 1], b.Categorical);                 // m9 only in test -> OOV
        Assert.Equal(40, p.StatsOf("age").Mean, 12);          // the test's 1000 did not enter the mean
        Assert.Equal(3, p.StatsOf("age").Count);
    }

    [Fact]
    public void SaveAndLoadGiveIdenticalEncodings()
    {
        using var tmp = new TempFiles();
        var csv = tmp.Write("""
            rating,userId,movieId,zipCode,age,genres,history
            5,1,10,02139,31.5,Drama|Comedy,20 30
            3,2,20,94110,,Action,10
            4,1,30,02139,44,Comedy|Action|Drama|Horror,10 20 30 40
            2,3,10,10001,19,,
            """);
        var schema = FeatureSchema.FromJson(FeatureSchemaTests.Example);
        FeaturePipeline p;
        using (var rows = new CsvRowSource(csv)) p = FeaturePipeline.Fit(schema, rows, new FitOptions { QuantileSample = 3 });
        var json = p.ToJson();
        var path = tmp.Path(".json");
        p.Save(path);
        var q = FeaturePipeline.Load(path);
        Assert.Equal(json, q.ToJson());
        FeatureBatch a, b;
        using (var rows = new CsvRowSource(csv)) a = p.Transform(rows);
        using (var rows = new CsvRowSource(csv)) b = q.Transform(rows);
        AssertSame(a, b);
        Assert.Equal(p.IdCount("history"), q.IdCount("history"));
        Assert.Equal(p.StatsOf("age").Boundaries, q.StatsOf("age").Boundaries);
        Assert.Throws<FormatException>(() => FeaturePipeline.FromJson("""{ "format": "other" }"""));
    }

    internal static void AssertSame(FeatureBatch a, FeatureBatch b)
    {
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.CategoricalFields, b.CategoricalFields);
        Assert.Equal(a.Categorical, b.Categorical);
        Assert.Equal(a.NumericFields, b.NumericFields);
        Assert.Equal(a.Numeric, b.Numeric);
        Assert.Equal(a.Bags.Count, b.Bags.Count);
        for (int k = 0; k < a.Bags.Count; k++)
        {
            Assert.Equal(a.Bags[k].Ids, b.Bags[k].Ids);
            Assert.Equal(a.Bags[k].Offsets, b.Bags[k].Offsets);
        }
        Assert.Equal(a.Sequences.Count, b.Sequences.Count);
        for (int k = 0; k < a.Sequences.Count; k++)
        {
            Assert.Equal(a.Sequences[k].Ids, b.Sequences[k].Ids);
            Assert.Equal(a.Sequences[k].Lengths, b.Sequences[k].Lengths);
        }
    }
}
