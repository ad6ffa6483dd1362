using System.Text;
using Activa.Data;
using Activa.Data.Ctr.Features;
using Activa.Data.Forecasting;

namespace Activa.Tests.Reliability;

/// <summary>Inputs the fuzzer found that escaped a parser with an untyped exception or hung it, each now a typed error.</summary>
[Trait("Regression", "fuzz")]
public sealed class ParserRegressionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-fuzzreg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ASchemaPropertyGivenTwiceIsAFormatError()
    {
        // Was: ArgumentException "An item with the same key has already been added. Key: separator" from JsonObject.
        const string json = """{"label":{"column":"y"},"fields":[{"kind":"multiHot","column":"g","separator":"|","separator":",","maxItems":2}]}""";
        var e = Assert.Throws<FormatException>(() => FeatureSchema.FromJson(json));
        Assert.Contains("separator", e.Message);
        Assert.Throws<FormatException>(() => FeatureSchema.Load(Write("s.json", json)));
    }

    [Theory]
    [InlineData("""{"kind":"sequence","column":"h","separator":" ","maxLength":2147483647}""", "maxLength")]
    [InlineData("""{"kind":"multiHot","column":"g","separator":"|","maxItems":100001}""", "maxItems")]
    public void HugeListLengthsAreAFormatError(string field, string expected)
    {
        // Was: OverflowException from new int[batch × maxLength] when a pipeline's JSON said maxLength 2147483647.
        var e = Assert.Throws<FormatException>(() => FeatureSchema.FromJson($$"""{"label":{"column":"y"},"fields":[{{field}}]}"""));
        Assert.Contains(expected, e.Message);
        Assert.Contains("100000", e.Message);
    }

    [Fact]
    public void APipelineWithANullInAnArrayIsAFormatError()
    {
        // Was: NullReferenceException in FeaturePipelineJson.Array.
        var schema = FeatureSchema.FromJson("""{"label":{"column":"y"},"fields":[{"kind":"categorical","column":"c"}]}""");
        using var rows = new MemoryRowSource(["y", "c"], [new Dictionary<string, string?> { ["y"] = "1", ["c"] = "a" }]);
        string json = FeaturePipeline.Fit(schema, rows).ToJson();
        Assert.Contains("\"values\":[\"a\"]", json);
        var e = Assert.Throws<FormatException>(() => FeaturePipeline.FromJson(json.Replace("\"values\":[\"a\"]", "\"values\":[null]")));
        Assert.Contains("null in \"values\"", e.Message);
        Assert.Throws<FormatException>(() => FeaturePipeline.FromJson(json.Replace("\"format\"", "\"format\":1,\"format\"")));
    }

    [Fact]
    public void ANumericColumnWithoutAHeaderNameIsADataFormatError()
    {
        // Was: ArgumentException from the TimeSeries constructor ("column 0 has no name").
        var e = Assert.Throws<DataFormatException>(() => TimeSeriesCsv.Read(Write("t.csv", "date,\n2020-01-01,1\n2020-01-02,2\n")));
        Assert.Contains("column 2 holds numbers but has no name", e.Message);
        // An unnamed column without numbers (a trailing comma) is still left out, as before.
        var series = TimeSeriesCsv.Read(Write("u.csv", "date,a,\n2020-01-01,1,\n2020-01-02,2,\n"));
        Assert.Equal(["a"], series.Columns);
    }

    [Theory]
    [InlineData("parquet-footer-loop.parquet")]          // a bit flip: ReadVarInt32 looped in FileMetaData.Read
    [InlineData("parquet-footer-skipfield-loop.parquet")] // a field header 0x80 (type "stop", delta 8): SkipField looped
    public async Task AParquetFooterThatLoopedTheDecoderIsRejectedInTime(string fixture)
    {
        // Damaged footers on which Parquet.Net 6.1's Thrift reader loops forever.
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "fuzz", fixture);
        var error = await Task.Run(() => Assert.Throws<DataFormatException>(() => new ParquetRowSource(path))).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("footer", error.Message);
    }

    [Fact]
    public void AParquetPageWhoseSnappyBlockClaimsAHugeLengthIsRejectedBeforeDecoding()
    {
        // Was: the Snappy decoder allocated the 256 MiB its block's preamble stated, for a 3 kB file.
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "fuzz", "parquet-snappy-huge-length.parquet");
        using var source = new ParquetRowSource(path);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => source.Read());
        Assert.Contains("page header", e.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16 << 20);
    }

    [Theory]
    [InlineData("PAR1", "at least 12")]
    [InlineData("PAR1PAR1PAR1PAR1", "does not fit")]
    [InlineData("PAR1\u0000\u0000\u001D\u0000\u0002\u0000\u0000\u0000PAR1", "footer")]
    [InlineData("XXXX\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000PAR1", "magic")]
    public void DamagedParquetFilesAreDataFormatErrors(string content, string expected)
    {
        var path = Path.Combine(_dir, "d.parquet");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(content));
        Assert.Contains(expected, Assert.Throws<DataFormatException>(() => new ParquetRowSource(path)).Message);
    }

    private static ThriftCompact.Result Skim(byte[] bytes, out int pos, out long? captured)
    {
        pos = 0;
        var fields = new long?[4];
        var result = ThriftCompact.SkimStruct(bytes, ref pos, fields);
        captured = fields[3];
        return result;
    }

    [Fact]
    public void TheThriftWalkReadsStructsAndCapturesAField()
    {
        // field 1 i32 = 7 (zigzag 14), field 3 i32 = 300 (zigzag 600 = 0xD8 0x04), field 4 binary "ab",
        // field 5 list<i32> [1, 2], field 6 struct { field 1 bool true }, stop.
        byte[] s = [0x15, 14, 0x25, 0xD8, 0x04, 0x18, 2, (byte)'a', (byte)'b', 0x19, 0x25, 2, 4, 0x1C, 0x11, 0x00, 0x00];
        Assert.Equal(ThriftCompact.Result.Ok, Skim(s, out int pos, out long? captured));
        Assert.Equal(s.Length, pos);
        Assert.Equal(300, captured);
        Assert.Equal(ThriftCompact.Result.Truncated, Skim(s[..^1], out _, out _));
        Assert.Equal(ThriftCompact.Result.Truncated, Skim([0x18, 50, (byte)'a'], out _, out _)); // a binary longer than the bytes
        Assert.Equal(ThriftCompact.Result.Truncated, Skim([0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0x0F], out _, out _)); // a list of 2³² elements
        Assert.Equal(ThriftCompact.Result.Malformed, Skim([0x1D, 0x00], out _, out _)); // type 13 does not exist
        Assert.Equal(ThriftCompact.Result.Malformed, Skim([0x80], out _, out _)); // type 0 with a delta is not a stop
        Assert.Equal(ThriftCompact.Result.Malformed, Skim([0x05, 0x00, 0x02, 0x00], out _, out _)); // field id 0
        Assert.Equal(ThriftCompact.Result.Malformed, Skim([0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], out _, out _));
        Assert.Equal(ThriftCompact.Result.Malformed, Skim([.. Enumerable.Repeat((byte)0x1C, 40), .. new byte[41]], out _, out _)); // nesting too deep
    }
}
