using System.Buffers.Binary;
using System.IO.Compression;

namespace Activa.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.), plain or gzipped: a big-endian
/// header (two zero bytes, a type code, the number of dimensions, then each dimension as a 32-bit
/// integer) followed by the values. Only unsigned bytes (type 0x08) are supported, as in those datasets.
/// Every malformation — bad magic, wrong type, impossible sizes, truncation, trailing bytes — is a
/// <see cref="DataFormatException"/>; nothing is read beyond what the header promises.
/// </summary>
public static class IdxFile
{
    private const int MaxBytes = 1 << 30;

    /// <summary>The dimensions and the raw bytes of the IDX file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="DataFormatException">The file is not a valid unsigned-byte IDX file.</exception>
    public static (int[] Dims, byte[] Data) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        byte[] raw;
        try
        {
            raw = Decompress(path);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message}).", e);
        }
        return Parse(path, raw);
    }

    private static byte[] Decompress(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        using var output = new MemoryStream();
        Stream source = n == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
        using (source)
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxBytes) throw new DataFormatException(path, $"larger than {MaxBytes >> 20} MiB uncompressed; not an IDX dataset.");
                output.Write(buffer, 0, read);
            }
        }
        return output.ToArray();
    }

    /// <summary>Parses IDX bytes (already decompressed); <paramref name="path"/> names the source in errors.</summary>
    public static (int[] Dims, byte[] Data) Parse(string path, ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 4) throw new DataFormatException(path, $"only {raw.Length} bytes; an IDX file starts with a 4-byte magic number.");
        if (raw[0] != 0 || raw[1] != 0) throw new DataFormatException(path, $"bad magic number 0x{raw[0]:X2}{raw[1]:X2}{raw[2]:X2}{raw[3]:X2} (an IDX file starts with two zero bytes).");
        if (raw[2] != 0x08) throw new DataFormatException(path, $"value type 0x{raw[2]:X2} is not supported (only unsigned bytes, 0x08).");
        int rank = raw[3];
        if (rank is < 1 or > 4) throw new DataFormatException(path, $"{rank} dimensions; expected 1 to 4.");
        int header = 4 + 4 * rank;
        if (raw.Length < header) throw new DataFormatException(path, $"truncated header: {raw.Length} bytes, the {rank} dimensions need {header}.");
        var dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(raw.Slice(4 + 4 * d));
            if (size == 0 || size > MaxBytes) throw new DataFormatException(path, $"dimension {d} has impossible size {size}.");
            dims[d] = (int)size;
            count *= size;
            if (count > MaxBytes) throw new DataFormatException(path, $"the dimensions [{string.Join(", ", dims[..(d + 1)])}...] describe more than {MaxBytes >> 20} MiB.");
        }
        long body = raw.Length - header;
        if (body < count) throw new DataFormatException(path, $"truncated: the header promises {count:N0} values of shape [{string.Join(", ", dims)}] but only {body:N0} bytes follow.");
        if (body > count) throw new DataFormatException(path, $"{body - count:N0} unexpected bytes after the {count:N0} values of shape [{string.Join(", ", dims)}].");
        return (dims, raw.Slice(header).ToArray());
    }
}
