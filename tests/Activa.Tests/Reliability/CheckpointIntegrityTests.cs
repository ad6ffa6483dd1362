using System.Buffers.Binary;
using System.Text;
using Activa.IO;
using Activa.Models;
using Activa.Training;

namespace Activa.Tests.Reliability;

/// <summary>Checksums per tensor, non-finite weights refused at load, and hostile sizes refused before allocating.</summary>
public sealed class CheckpointIntegrityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-integrity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static readonly SafeTensorsLoadOptions Strict = new();
    private static readonly SafeTensorsLoadOptions Lenient = new() { AllowNonFinite = true };

    /// <summary>A header and data laid out by hand (as other tools write them).</summary>
    private static byte[] Raw(string header, params float[] data)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + 4 * data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + h.Length + 4 * i), data[i]);
        return bytes;
    }

    private static int DataStart(byte[] bytes) => 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);

    [Fact]
    public void SavedFilesCarryAChecksumPerTensorThatLoadVerifiesAndHides()
    {
        var path = PathOf("a.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.FromArray([1f, 2f, 3f], 3), ["b"] = Tensor.Scalar(4f) },
            new Dictionary<string, string> { ["k"] = "v" });
        var bytes = File.ReadAllBytes(path);
        string header = Encoding.UTF8.GetString(bytes, 8, DataStart(bytes) - 8);
        Assert.Contains(SafeTensors.ChecksumsKey, header);
        var file = SafeTensors.Load(path);
        Assert.Equal(["k"], file.Metadata.Keys);
        Assert.Equal([1f, 2f, 3f], file.Tensors["w"].ToArray());
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(PathOf("r.safetensors"), new Dictionary<string, Tensor>(),
            new Dictionary<string, string> { [SafeTensors.ChecksumsKey] = "{}" }));
    }

    [Fact]
    public void OverwrittenTensorDataIsNamedWithTheFile()
    {
        // The case: a checkpoint whose weights were overwritten with 0xFF bytes (NaN) loaded silently.
        var path = PathOf("ff.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(4), ["z"] = Tensor.Ones(2, 2) });
        var bytes = File.ReadAllBytes(path);
        int start = DataStart(bytes);
        Array.Fill(bytes, (byte)0xFF, start + 16, 8); // inside "z" (sorted after "a", which takes 16 bytes)
        File.WriteAllBytes(path, bytes);
        foreach (var options in new[] { Strict, Lenient })
        {
            var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path, options));
            Assert.Contains(path, e.Message);
            Assert.Contains("tensor 'z' is corrupt", e.Message);
            Assert.Contains("CRC-32C", e.Message);
        }
        // One flipped bit in the other tensor is caught too.
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(4), ["z"] = Tensor.Ones(2, 2) });
        bytes = File.ReadAllBytes(path);
        bytes[start + 5] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("tensor 'a' is corrupt", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void FilesWithoutChecksumsStillLoad()
    {
        // As PyTorch's safetensors writes them (and Activa before checksums): no "activa.checksums".
        var path = PathOf("torch.safetensors");
        File.WriteAllBytes(path, Raw("{\"__metadata__\":{\"format\":\"pt\"},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 1.5f, -2f));
        var file = SafeTensors.Load(path);
        Assert.Equal([1.5f, -2f], file.Tensors["x"].ToArray());
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Theory]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{\\\"x\\\":\\\"zz\\\"}", "not 8 hex digits")]
    [InlineData("{\\\"x\\\":5}", "not 8 hex digits")]
    [InlineData("{", "not valid JSON")]
    [InlineData("{}", "has no checksum")]
    public void DamagedChecksumEntriesAreRejected(string checksums, string expected)
    {
        var path = PathOf("c.safetensors");
        File.WriteAllBytes(path, Raw("{\"__metadata__\":{\"activa.checksums\":\"" + checksums + "\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1f));
        Assert.Contains(expected, Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void AChecksumForATensorTheFileLacksIsRejected()
    {
        var path = PathOf("extra.safetensors");
        string crc = Crc32C.Compute(BitConverter.GetBytes(1f)).ToString("x8");
        File.WriteAllBytes(path, Raw("{\"__metadata__\":{\"activa.checksums\":\"{\\\"x\\\":\\\"" + crc + "\\\",\\\"gone\\\":\\\"00000000\\\"}\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1f));
        Assert.Contains("'gone'", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void NonFiniteWeightsAreRefusedWithTensorAndIndexUnlessAllowed()
    {
        var path = PathOf("nan.safetensors");
        var w = Tensor.Zeros(2, 3);
        var values = w.ToArray();
        values[4] = float.PositiveInfinity;
        values[5] = float.NaN;
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["layer.weight"] = Tensor.FromArray(values, 2, 3), ["ok"] = Tensor.Ones(2) });
        var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path, Strict));
        Assert.Contains(path, e.Message);
        Assert.Contains("tensor 'layer.weight'", e.Message);
        Assert.Contains("at index 4 ([1, 1])", e.Message); // the first bad value, flat and per dimension
        Assert.Contains("--allow-nonfinite", e.Message);
        var file = SafeTensors.Load(path, Lenient);
        Assert.True(float.IsNaN(file.Tensors["layer.weight"].ToArray()[5]));
    }

    [Fact]
    public void CheckpointLoadersPassTheOptionOn()
    {
        var config = new ModelConfig { Inputs = 3, Hidden = [2], Outputs = 2 };
        var model = config.Build(new Generator(1));
        var state = model.StateDict().ToDictionary(p => p.Key, p => p.Value.Clone());
        var first = state.Keys.First(k => k.EndsWith("weight", StringComparison.Ordinal));
        var values = state[first].ToArray();
        values[0] = float.NaN;
        state[first] = Tensor.FromArray(values, state[first].Shape.ToArray());
        var path = PathOf("ckpt.safetensors");
        Checkpoint.Save(path, new CheckpointData(config, state, new Dictionary<string, Tensor>(), new TrainingProgress()));
        Assert.Contains($"model/{first}", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(path, Strict)).Message);
        Assert.Contains($"model/{first}", Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(path, Strict)).Message);
        var (loaded, _) = Checkpoint.LoadModel(path, Lenient);
        Assert.True(float.IsNaN(loaded.StateDict()[first].ToArray()[0]));
    }

    [Fact]
    [Trait("Regression", "fuzz")]
    public void OffsetsThatAreNotNumbersAreAFormatError()
    {
        // Found by the fuzzer: JsonElement.TryGetInt64 threw InvalidOperationException on a string or array offset.
        foreach (var offsets in new[] { "[\"0\",4]", "[0,[4]]", "[0,{}]", "[null,4]" })
        {
            var path = PathOf("o.safetensors");
            File.WriteAllBytes(path, Raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}", 1f));
            Assert.Contains("invalid data_offsets", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
        }
    }

    [Fact]
    [Trait("Regression", "fuzz")]
    public void InvalidTextInTheHeaderIsAFormatError()
    {
        // Found by the fuzzer: a lone surrogate escape made JsonElement.GetString throw InvalidOperationException.
        var path = PathOf("s.safetensors");
        File.WriteAllBytes(path, Raw("{\"__metadata__\":{\"k\":\"\\ud800\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1f));
        Assert.Contains("invalid text", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void HostileShapesAreRefusedBeforeAllocating()
    {
        var path = PathOf("huge.safetensors");
        File.WriteAllBytes(path, Raw("{\"x\":{\"dtype\":\"F32\",\"shape\":[60000,30000],\"data_offsets\":[0,7200000000]}}", 1f));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("truncated", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    private string SaveWithConfig(ModelConfig saved, ModelConfig claimed)
    {
        var model = saved.Build(new Generator(2));
        var path = PathOf("cfg.safetensors");
        Checkpoint.Save(path, new CheckpointData(saved, model.StateDict(), new Dictionary<string, Tensor>(), new TrainingProgress()));
        RewriteMetadata(path, "activa.config", _ => claimed.ToJson());
        return path;
    }

    /// <summary>Rewrites one metadata entry as a damaged file would have it (the checksums cover tensors, not metadata).</summary>
    private static void RewriteMetadata(string path, string key, Func<string, string> change)
    {
        var bytes = File.ReadAllBytes(path);
        int start = DataStart(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, start - 8).TrimEnd();
        var doc = System.Text.Json.Nodes.JsonNode.Parse(header)!;
        doc["__metadata__"]![key] = change(doc["__metadata__"]![key]!.GetValue<string>());
        var newHeader = Encoding.UTF8.GetBytes(doc.ToJsonString());
        var output = new byte[8 + newHeader.Length + bytes.Length - start];
        BinaryPrimitives.WriteUInt64LittleEndian(output, (ulong)newHeader.Length);
        newHeader.CopyTo(output, 8);
        bytes.AsSpan(start).CopyTo(output.AsSpan(8 + newHeader.Length));
        File.WriteAllBytes(path, output);
    }

    [Fact]
    [Trait("Regression", "fuzz")]
    public void NullOrMissingRunInformationIsACheckpointError()
    {
        // Found by the fuzzer: "Vocabulary": null (CTR) and "Mean": null (forecasting) gave NullReferenceExceptions.
        var options = new Activa.Models.Ctr.CtrModelOptions { EmbeddingDim = 2, Hidden = [2] };
        var vocabulary = new Activa.Data.Ctr.CtrVocabulary(3, 4, 2, 3);
        var ctr = PathOf("ctr.safetensors");
        CtrCheckpoint.Save(ctr, Activa.Models.Ctr.CtrModel.Create("lr", vocabulary, options, 1), new CtrRunInfo("lr", options, vocabulary, "synthetic", 1));
        Assert.Equal("lr", CtrCheckpoint.Load(ctr).Info.Model);
        RewriteMetadata(ctr, "activa.ctr", json => json.Replace("\"Vocabulary\":{", "\"Vocabulary\":null,\"x\":{"));
        Assert.Contains("Vocabulary is null or missing", Assert.Throws<CheckpointFormatException>(() => CtrCheckpoint.Load(ctr)).Message);

        var f = new Activa.Models.Forecasting.ForecastModelOptions { InputLength = 4, Horizon = 2 };
        var forecast = PathOf("forecast.safetensors");
        ForecastCheckpoint.Save(forecast, Activa.Models.Forecasting.ForecastModel.Create("linear", f, 1),
            new ForecastRunInfo("linear", f, "x.csv", ["a"], Activa.Data.Forecasting.SplitProtocol.Tsl, Activa.Data.Forecasting.ChannelMode.Multivariate, 1, [0f], [1f]));
        Assert.Equal("linear", ForecastCheckpoint.Load(forecast).Info.Model);
        RewriteMetadata(forecast, "activa.forecast", json => json.Replace("\"Mean\":", "\"Old\":"));
        Assert.Contains("Mean is null or missing", Assert.Throws<CheckpointFormatException>(() => ForecastCheckpoint.Load(forecast)).Message);
    }

    [Fact]
    public void AConfigClaimingAHugeModelIsRefusedBeforeBuildingIt()
    {
        var saved = new ModelConfig { Inputs = 4, Hidden = [3], Outputs = 2 };
        var path = SaveWithConfig(saved, saved with { Hidden = [int.MaxValue] });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(path));
        Assert.Contains("needs at least", e.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16 << 20);
    }

    [Fact]
    [Trait("Regression", "fuzz")]
    public void AnInvalidConfigIsACheckpointErrorNotAnArgumentOutOfRange()
    {
        // Found by the fuzzer: "Dropout": 1 made ModelConfig.Build throw ArgumentOutOfRangeException from Dropout's constructor.
        var saved = new ModelConfig { Inputs = 4, Hidden = [3], Outputs = 2 };
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(SaveWithConfig(saved, saved with { Dropout = 1 })));
        Assert.Contains("cannot be rebuilt", e.Message);
        Assert.Contains("Dropout", e.Message);
        Assert.Contains("Hidden", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(SaveWithConfig(saved, saved with { Hidden = null! }))).Message);
    }
}
