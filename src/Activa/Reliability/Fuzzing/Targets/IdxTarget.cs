using System.IO.Compression;
using Activa.Data;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>IDX files (<see cref="IdxFile.Read"/>), plain and gzipped; a clean rejection is a <see cref="DataFormatException"/>.</summary>
public sealed class IdxTarget() : FuzzTarget(
    "idx", "IDX images and labels, plain and gzipped (IdxFile.Read)", ".idx", isText: false, typeof(DataFormatException))
{
    /// <inheritdoc/>
    protected override IEnumerable<byte[]> CreateSeeds(string scratch)
    {
        var images = Idx([3, 4, 4]);
        yield return images;
        yield return Idx([5]);
        yield return Idx([2, 3]);
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) zip.Write(images);
        yield return gz.ToArray();
    }

    private static byte[] Idx(int[] dims)
    {
        int count = dims.Aggregate(1, (a, b) => a * b);
        var bytes = new byte[4 + 4 * dims.Length + count];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++) System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        for (int i = 0; i < count; i++) bytes[4 + 4 * dims.Length + i] = (byte)(i * 37);
        return bytes;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<LengthField> LengthFields(byte[] seed) =>
        seed.Length > 4 && seed[0] == 0 && seed[1] == 0
            ? [new LengthField(2, 2, true), .. Enumerable.Range(0, seed[3]).Select(d => new LengthField(4 + 4 * d, 4, true))]
            : [];

    /// <inheritdoc/>
    public override void Parse(string path) => IdxFile.Read(path);
}
