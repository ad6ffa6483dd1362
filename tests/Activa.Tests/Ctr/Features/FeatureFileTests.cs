using System.Globalization;
using System.Text;
using Activa.Data;
using Activa.Data.Ctr.Features;
using Parquet;
using Parquet.Schema;

namespace Activa.Tests.Ctr.Features;

/// <summary>Criteo TSV, Parquet, malformed rows and streaming over files.</summary>
public class FeatureFileTests
{
    /// <summary>A Criteo-format line: label, 13 integers (some empty), 26 hex strings (some empty).</summary>
    private static string CriteoLine(Random rng, int label)
    {
        var parts = new List<string> { label.ToString(CultureInfo.InvariantCulture) };
        for (int i = 0; i < 13; i++) parts.Add(rng.NextDouble() < 0.2 ? "" : rng.Next(-2, 500).ToString(CultureInfo.InvariantCulture));
        for (int i = 0; i < 26; i++) parts.Add(rng.NextDouble() < 0.1 ? "" : rng.Next(0, 12 + i).ToString("x8", CultureInfo.InvariantCulture));
        return string.Join('\t', parts);
    }

    [Fact]
    public void CriteoTsvWithBuiltInSchema()
    {
        using var tmp = new TempFiles();
        var rng = new Random(7);
        var train = tmp.Write(string.Join('\n', Enumerable.Range(0, 400).Select(i => CriteoLine(rng, i % 3 == 0 ? 1 : 0))) + "\n", ".tsv");
        var test = tmp.Write(CriteoLine(rng, 1) + "\n" + CriteoLine(rng, 0).Replace("\t0000000", "\tfffffff") + "\n", ".tsv");
        var schema = FeatureSchema.Criteo(minCount: 10);
        FeaturePipeline p;
        using (var rows = CriteoRowSource.Open(train)) p = FeaturePipeline.Fit(schema, rows);
        Assert.Equal(400, p.FitSummary.Used);
        Assert.Equal(13, Enumerable.Range(1, 13).Count(i => p.StatsOf($"I{i}").Transform == NumericTransform.Log1pStandardize));
        // C1 has 12 values over ~360 non-empty rows (~30 each, all ≥ 10) plus the empty value; rare values of later fields go to OOV.
        Assert.Equal(13, p.VocabularyOf("C1").Values.Count);
        Assert.Contains("", p.VocabularyOf("C1").Values);
        FeatureBatch b;
        using (var rows = CriteoRowSource.Open(test)) b = p.Transform(rows);
        Assert.Equal(2, b.Count);
        Assert.Equal([1f, 0f], b.Labels);
        Assert.Equal(13, b.NumericFields.Count);
        Assert.Equal(26, b.CategoricalFields.Count);
        Assert.All(b.Numeric, v => Assert.True(float.IsFinite(v)));
        Assert.All(b.Categorical, id => Assert.InRange(id, 1, 1000));

        // A malformed line (39 fields) names the file and its line (no header: the first record is line 1).
        var bad = tmp.Write(CriteoLine(rng, 1) + "\n" + string.Join('\t', Enumerable.Repeat("1", 39)) + "\n", ".tsv");
        using var badRows = CriteoRowSource.Open(bad);
        var e = Assert.Throws<DataFormatException>(() => p.Transform(badRows));
        Assert.Contains(bad, e.Message);
        Assert.Contains("line 2: 39 fields, expected 40", e.Message);
    }

    private const string Csv = """
        label,user,age,genres,history
        1,u1,31,Drama|Comedy,m1 m2
        0,u2,,Action,m3
        1,u1,44,Comedy,m1 m2 m3 m4
        0,u3,19,,
        1,u2,27,Drama,m2
        """;

    private static async Task WriteParquet(string path)
    {
        var label = new DataField<int>("label");
        var user = new DataField<string>("user");
        var age = new DataField<double?>("age");
        var genres = new DataField<string>("genres");
        var history = new DataField<string>("history");
        using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(label, user, age, genres, history), stream);
        // Two row groups (3 + 2 rows), so that reading crosses a row-group boundary.
        (int[] l, string[] u, double?[] a, string[] g, string[] h)[] groups =
        [
            ([1, 0, 1], ["u1", "u2", "u1"], [31, null, 44], ["Drama|Comedy", "Action", "Comedy"], ["m1 m2", "m3", "m1 m2 m3 m4"]),
            ([0, 1], ["u3", "u2"], [19, 27], ["", "Drama"], ["", "m2"]),
        ];
        foreach (var (l, u, a, g, h) in groups)
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(label, new ReadOnlyMemory<int>(l));
            await rg.WriteAsync(user, u);
            await rg.WriteAsync(age, new ReadOnlyMemory<double?>(a));
            await rg.WriteAsync(genres, g);
            await rg.WriteAsync(history, h);
        }
    }

    [Fact]
    public async Task ParquetIsEncodedLikeTheSameDataAsCsv()
    {
        using var tmp = new TempFiles();
        var csv = tmp.Write(Csv);
        var parquet = tmp.Path(".parquet");
        await WriteParquet(parquet);
        var schema = FeatureSchema.FromJson("""
            { "label": { "column": "label" }, "fields": [
              { "kind": "categorical", "column": "user" },
              { "kind": "numeric", "column": "age" },
              { "kind": "numeric", "name": "ageBucket", "column": "age", "transform": "buckets", "buckets": 2 },
              { "kind": "multiHot", "column": "genres" },
              { "kind": "sequence", "column": "history", "separator": " ", "maxLength": 3 } ] }
            """);
        FeaturePipeline fromCsv, fromParquet;
        using (var rows = new CsvRowSource(csv)) fromCsv = FeaturePipeline.Fit(schema, rows);
        using (var rows = new ParquetRowSource(parquet))
        {
            Assert.Equal(2, rows.RowGroupCount);
            fromParquet = FeaturePipeline.Fit(schema, rows);
        }
        Assert.Equal(fromCsv.ToJson(), fromParquet.ToJson());
        FeatureBatch a, b;
        using (var rows = new CsvRowSource(csv)) a = fromCsv.Transform(rows);
        using (var rows = new ParquetRowSource(parquet)) b = fromCsv.Transform(rows);
        Assert.Equal(5, b.Count);
        FeatureEncodingTests.AssertSame(a, b);
        using (var rows = new ParquetRowSource(parquet))
            Assert.Equal([2, 2], fromCsv.Batches(rows, 2).Take(2).Select(x => x.Count));
    }

    [Theory]
    [InlineData("1,u1,abc,x\n", "line 3, column 'age': 'abc' is not a finite number")]
    [InlineData("1,u1,30\n", "line 3: 3 fields, expected 4")]
    [InlineData("1,u1,30,x,y\n", "line 3: 5 fields, expected 4")]
    [InlineData(",u1,30,x\n", "line 3, column 'label': empty label")]
    [InlineData("7,u1,30,x\n", "line 3, column 'label': label '7' is not 0 or 1")]
    public void MalformedRowsStopNamingFileAndLineOrAreSkippedAndCounted(string badLine, string reason)
    {
        using var tmp = new TempFiles();
        var path = tmp.Write("label,user,age,extra\n1,u1,30,x\n" + badLine + "0,u2,40,y\n");
        var schema = FeatureSchema.FromJson("""
            { "label": { "column": "label" }, "fields": [ { "kind": "categorical", "column": "user" }, { "kind": "numeric", "column": "age" } ] }
            """);
        using (var rows = new CsvRowSource(path))
        {
            var e = Assert.Throws<DataFormatException>(() => FeaturePipeline.Fit(schema, rows));
            Assert.Equal(path, e.Path);
            Assert.Contains(reason, e.Message);
        }
        FeaturePipeline p;
        using (var rows = new CsvRowSource(path)) p = FeaturePipeline.Fit(schema, rows, new FitOptions { BadRows = BadRowPolicy.Skip });
        Assert.Equal(3, p.FitSummary.Rows);
        Assert.Equal(1, p.FitSummary.Skipped);
        Assert.Contains(reason, Assert.Single(p.FitSummary.FirstReasons));
        Assert.Contains("1 malformed skipped", p.FitSummary.ToString());
        Assert.Equal(35, p.StatsOf("age").Mean, 12);
        using (var rows = new CsvRowSource(path))
        {
            var b = p.Transform(rows, BadRowPolicy.Skip, out var summary);
            Assert.Equal(2, b.Count);
            Assert.Equal(1, summary.Skipped);
        }
    }

    [Fact]
    public void AFileThatIsNotParquetIsADataFormatError()
    {
        using var tmp = new TempFiles();
        var path = tmp.Write(Csv, ".parquet");
        Assert.Equal(path, Assert.Throws<DataFormatException>(() => new ParquetRowSource(path)).Path);
        Assert.Throws<FileNotFoundException>(() => new ParquetRowSource(path + ".missing"));
    }

    [Fact]
    public void MissingNumericWithErrorPolicyIsMalformed()
    {
        using var tmp = new TempFiles();
        var path = tmp.Write("y,x\n1,2\n0,\n");
        var schema = FeatureSchema.FromJson("""{ "label": { "column": "y" }, "fields": [ { "kind": "numeric", "column": "x", "missing": "error" } ] }""");
        using var rows = new CsvRowSource(path);
        Assert.Contains("line 3, column 'x': missing value", Assert.Throws<DataFormatException>(() => FeaturePipeline.Fit(schema, rows)).Message);
    }

    [Fact]
    public void StreamingBatchesOfAHundredThousandRowsHaveBoundedSize()
    {
        using var tmp = new TempFiles();
        var path = tmp.Path(".tsv");
        const int n = 100_000;
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            w.WriteLine("y\tc\tx\thist");
            for (int i = 0; i < n; i++)
                w.WriteLine($"{i % 2}\tv{i % 1000}\t{i % 97}\t{string.Join(' ', Enumerable.Range(i % 7, i % 13))}");
        }
        var schema = FeatureSchema.FromJson("""
            { "label": { "column": "y" }, "fields": [
              { "kind": "categorical", "column": "c", "minCount": 50 },
              { "kind": "numeric", "column": "x", "transform": "log1pStandardize" },
              { "kind": "sequence", "column": "hist", "separator": " ", "maxLength": 8 } ] }
            """);
        FeaturePipeline p;
        using (var rows = new CsvRowSource(path, '\t')) p = FeaturePipeline.Fit(schema, rows);
        Assert.Equal(n, p.FitSummary.Rows);
        Assert.Equal(1000, p.VocabularyOf("c").Values.Count);
        using var source = new CsvRowSource(path, '\t');
        var batches = p.Batches(source, 4096);
        long total = 0, labels = 0;
        int count = 0;
        WeakReference? first = null;
        foreach (var b in batches)
        {
            Assert.True(b.Count == 4096 || total + b.Count == n);
            Assert.Equal(b.Count, b.Labels.Length);
            Assert.Equal(b.Count, b.Categorical.Length);
            Assert.Equal(b.Count, b.Numeric.Length);
            Assert.Equal(b.Count * 8, b.Sequence("hist").Ids.Length);
            Assert.All(b.Sequence("hist").Lengths, len => Assert.InRange(len, 0, 8));
            first ??= new WeakReference(b);
            total += b.Count;
            labels += (long)b.Labels.Sum();
            count++;
        }
        Assert.Equal(n, total);
        Assert.Equal(n / 2, labels);
        Assert.Equal(25, count);                          // 24 full batches and one of 1,696
        Assert.Equal(n, batches.Summary.Used);
        // Nothing keeps a batch once the caller drops it: memory is one batch, not the file.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(first!.IsAlive);
        Assert.Throws<InvalidOperationException>(() => batches.GetEnumerator());
    }
}
