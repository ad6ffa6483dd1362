using System.Buffers.Binary;
using System.Text;
using Activa.IO;

namespace Activa.Tests.IO;

public class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["w"] = Tensor.Randn([3, 5], new Generator(1)),
        ["b"] = Tensor.FromArray([float.NaN, float.NegativeInfinity, -0f, 1e-45f]),
        ["s"] = Tensor.Scalar(2.5f),
        ["empty"] = Tensor.Zeros(0, 4),
        ["view"] = Tensor.Randn([4, 6], new Generator(2)).Transpose(0, 1),
    };

    [Fact]
    public void RoundTripIsBitExactWithShapesAndMetadata()
    {
        var tensors = Sample();
        var path = PathOf("a.safetensors");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["k"] = "v ✓", ["json"] = "{\"a\":1}" });
        var file = SafeTensors.Load(path, new SafeTensorsLoadOptions { AllowNonFinite = true }); // Sample's "b" holds NaN and -∞
        Assert.Equal(tensors.Keys.Order(), file.Tensors.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.Shape.ToArray(), file.Tensors[name].Shape.ToArray());
            Assert.Equal(t.ToArray().Select(BitConverter.SingleToInt32Bits), file.Tensors[name].ToArray().Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Equal("v ✓", file.Metadata["k"]);
        Assert.Equal("{\"a\":1}", file.Metadata["json"]);
    }

    [Fact]
    public void HeaderFollowsTheSafetensorsLayout()
    {
        var path = PathOf("layout.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.FromArray([1f, 2f], 1, 2) });
        var bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd();
        string crc = Crc32C.Compute([0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]).ToString("x8"); // 1f, 2f little-endian
        Assert.Equal("{\"__metadata__\":{\"activa.checksums\":\"{\\u0022x\\u0022:\\u0022" + crc + "\\u0022}\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", header);
        Assert.Equal(1f, BitConverter.ToSingle(bytes, 8 + (int)n));
        Assert.Equal(8 + (int)n + 8, bytes.Length);
    }

    [Fact]
    public void SaveReplacesAtomicallyAndLeavesNoTemporaryFiles()
    {
        var path = PathOf("c.safetensors");
        SafeTensors.Save(path, Sample());
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["only"] = Tensor.Ones(2) });
        Assert.Single(Directory.GetFiles(_dir));
        Assert.Equal(["only"], SafeTensors.Load(path).Tensors.Keys);
    }

    [Fact]
    public void EveryTruncationIsATypedError()
    {
        var path = PathOf("t.safetensors");
        SafeTensors.Save(path, Sample(), new Dictionary<string, string> { ["k"] = "v" });
        var bytes = File.ReadAllBytes(path);
        var cut = PathOf("cut.safetensors");
        for (int length = 0; length < bytes.Length; length += Math.Max(1, length / 7))
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(cut));
            Assert.Contains(cut, e.Message);
        }
    }

    [Fact]
    public void RandomCorruptionNeverEscapesAsAnotherException()
    {
        var path = PathOf("r.safetensors");
        SafeTensors.Save(path, Sample(), new Dictionary<string, string> { ["k"] = "v" });
        var bytes = File.ReadAllBytes(path);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var g = new Generator(11);
        var bad = PathOf("bad.safetensors");
        for (int trial = 0; trial < 300; trial++)
        {
            var copy = (byte[])bytes.Clone();
            int at = g.NextInt(headerEnd);
            copy[at] = (byte)g.NextInt(256);
            File.WriteAllBytes(bad, copy);
            try
            {
                SafeTensors.Load(bad); // some flips (e.g. inside a metadata value) leave a valid file
            }
            catch (CheckpointFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData("{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "dtype F64")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "truncated")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "4 bytes after")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "invalid dimension")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4, "invalid data_offsets")]
    [InlineData("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "lacks dtype")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "overlapping")]
    [InlineData("{\"__metadata__\":{\"a\":1}}", 0, "not a string")]
    [InlineData("[1,2]", 0, "not an object")]
    [InlineData("{\"x\":", 0, "damaged")]
    public void InvalidHeadersAreRejected(string header, int dataBytes, string expected)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        var path = PathOf("h.safetensors");
        File.WriteAllBytes(path, bytes);
        Assert.Contains(expected, Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void HugeHeaderLengthIsRejectedWithoutAllocating()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        var path = PathOf("huge.safetensors");
        File.WriteAllBytes(path, bytes);
        Assert.Contains("header length", Assert.Throws<CheckpointFormatException>(() => SafeTensors.Load(path)).Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(PathOf("missing.safetensors")));
}
