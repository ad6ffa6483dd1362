using System.IO.Compression;
using Activa.Data;

namespace Activa.Tests.Data;

public class IdxFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static byte[] Idx(byte type, int[] dims, byte[] values)
    {
        var header = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (int d in dims) header.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        return [.. header, .. values];
    }

    private string Write(string name, byte[] bytes, bool gzip)
    {
        var path = Path.Combine(_dir, name + (gzip ? ".gz" : ""));
        if (!gzip) File.WriteAllBytes(path, bytes);
        else
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsDimensionsAndValues(bool gzip)
    {
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var (dims, data) = IdxFile.Read(Write("a", Idx(0x08, [2, 3, 4], values), gzip));
        Assert.Equal([2, 3, 4], dims);
        Assert.Equal(values, data);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 }, "only 2 bytes")]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 5 }, "bad magic")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 5, 5, 5, 5 }, "value type 0x0D")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, "0 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 9 }, "9 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 2, 0, 0, 0, 1 }, "truncated header")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 0 }, "impossible size 0")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF }, "impossible size")]
    [InlineData(new byte[] { 0, 0, 8, 2, 0, 0, 0x80, 0, 0, 1, 0, 0 }, "more than")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3 }, "truncated: the header promises 4")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3 }, "1 unexpected bytes")]
    public void MalformedFilesGiveTypedErrorsNamingTheFile(byte[] bytes, string expected)
    {
        var path = Write("bad", bytes, gzip: false);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void CorruptGzipIsADataFormatError()
    {
        var good = File.ReadAllBytes(Write("g", Idx(0x08, [100], new byte[100]), gzip: true));
        var path = Path.Combine(_dir, "corrupt.gz");
        File.WriteAllBytes(path, good[..(good.Length / 2)]);
        Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        good[12] ^= 0xFF;
        File.WriteAllBytes(path, good);
        Assert.ThrowsAny<IOException>(() => IdxFile.Read(path));
    }

    [Fact]
    public void MissingFileIsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => IdxFile.Read(Path.Combine(_dir, "nope")));

    [Fact]
    public void IdxDatasetChecksImagesAgainstLabels()
    {
        Write("train-images-idx3-ubyte", Idx(0x08, [3, 2, 2], new byte[12]), gzip: true);
        Write("train-labels-idx1-ubyte", Idx(0x08, [3], [1, 2, 255]), gzip: true);
        Write("t10k-images-idx3-ubyte", Idx(0x08, [2, 2, 2], [0, 255, 0, 0, 0, 0, 0, 51]), gzip: false);
        Write("t10k-labels-idx1-ubyte", Idx(0x08, [3], [1, 2, 3]), gzip: false);
        Assert.True(IdxDataset.Mnist.IsAvailable(_dir));
        var e = Assert.Throws<DataFormatException>(() => IdxDataset.Mnist.Load(_dir));
        Assert.Contains("label 255 at index 2", e.Message);

        Write("train-labels-idx1-ubyte", Idx(0x08, [3], [1, 2, 9]), gzip: true);
        e = Assert.Throws<DataFormatException>(() => IdxDataset.Mnist.Load(_dir));
        Assert.Contains("3 labels for the 2 images", e.Message);

        Write("t10k-labels-idx1-ubyte", Idx(0x08, [2], [4, 0]), gzip: false);
        var (train, test) = IdxDataset.Mnist.Load(_dir);
        Assert.Equal(3, train.Count);
        Assert.Equal([2, 2], test.SampleShape);
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 0f, 0f, 0.2f], test.Features.ToArray(), (a, b) => Math.Abs(a - b) < 1e-7f);
        Assert.Equal([4, 0], test.Labels);
    }

    [Fact]
    public void MissingFilesAreNamed()
    {
        Write("train-images-idx3-ubyte", Idx(0x08, [1, 1, 1], [0]), gzip: true);
        Assert.False(IdxDataset.FashionMnist.IsAvailable(_dir));
        var e = Assert.Throws<DirectoryNotFoundException>(() => IdxDataset.FashionMnist.Load(_dir));
        Assert.Contains("train-labels-idx1-ubyte", e.Message);
        Assert.DoesNotContain("train-images", e.Message);
    }
}
