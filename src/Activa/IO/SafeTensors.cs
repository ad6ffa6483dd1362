using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Activa.IO;

/// <summary>The tensors and string metadata of a safetensors file.</summary>
public sealed record SafeTensorsFile(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header mapping
/// each tensor name to {dtype, shape, data_offsets} plus an optional "__metadata__" map of strings, then
/// the raw little-endian data. Activa writes and reads float32 ("F32") tensors. Saving is atomic: the
/// file is written beside the target, flushed to disk, then renamed over it. Loading validates every
/// field against the file's real size before touching data, so truncated or corrupt files give a
/// <see cref="CheckpointFormatException"/> and never an out-of-bounds read.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeader = 100L << 20;

    /// <summary>Writes <paramref name="tensors"/> (sorted by name) and <paramref name="metadata"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved and cannot name a tensor.");
                var t = tensors[name];
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * t.Numel;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');

        AtomicFile.Write(path, file =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            file.Write(length);
            header.Position = 0;
            header.CopyTo(file);
            foreach (var name in names)
            {
                var values = tensors[name].Contiguous().AsSpan();
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine.");
                file.Write(MemoryMarshal.AsBytes(values));
            }
        }, flushToDisk: true);
    }

    /// <summary>Reads and validates the safetensors file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="CheckpointFormatException">The file is truncated, corrupt, or holds a dtype other than F32.</exception>
    public static SafeTensorsFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        byte[] bytes = File.ReadAllBytes(path);
        CheckpointFormatException Bad(string what, Exception? inner = null) => new(path, $"{path}: not a valid safetensors file: {what}", inner);
        if (bytes.Length < 8) throw Bad($"only {bytes.Length} bytes; the header length alone takes 8.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength < 2 || headerLength > MaxHeader || headerLength > (ulong)(bytes.Length - 8))
            throw Bad($"header length {headerLength} does not fit in the file's {bytes.Length} bytes (truncated or corrupt).");
        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;

        if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(8, (int)headerLength))) throw Bad("the JSON header is not valid UTF-8 (corrupt).");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Bad($"the JSON header is damaged ({e.Message}).", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Bad("the JSON header is not an object.");
            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var spans = new List<(long Begin, long End, string Name)>();
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object) throw Bad("__metadata__ is not an object.");
                    foreach (var m in entry.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad($"metadata '{m.Name}' is not a string.");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                var (shape, begin, end) = ReadEntry(entry, Bad);
                long numel = 1;
                foreach (int d in shape) numel *= d;
                if (end - begin != 4 * numel) throw Bad($"tensor '{entry.Name}' of shape {Shape.Format(shape)} needs {4 * numel} bytes but its offsets span {end - begin}.");
                if (end > dataLength) throw Bad($"tensor '{entry.Name}' ends at byte {end} of the data, which has only {dataLength} (truncated).");
                spans.Add((begin, end, entry.Name));
                var values = new float[numel];
                MemoryMarshal.Cast<byte, float>(bytes.AsSpan(dataStart + (int)begin, (int)(end - begin))).CopyTo(values);
                tensors[entry.Name] = new Tensor(values, shape);
            }
            spans.Sort();
            long expected = 0;
            foreach (var (b, e, name) in spans)
            {
                if (b != expected) throw Bad($"tensor '{name}' starts at {b}, expected {expected} (overlapping or gapped data).");
                expected = e;
            }
            if (expected != dataLength) throw Bad($"{dataLength - expected} bytes after the last tensor (corrupt or concatenated).");
            return new SafeTensorsFile(tensors, metadata);
        }
    }

    private static (int[] Shape, long Begin, long End) ReadEntry(JsonProperty entry, Func<string, Exception?, CheckpointFormatException> bad)
    {
        var v = entry.Value;
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !v.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw bad($"tensor '{entry.Name}' lacks dtype, shape or data_offsets.", null);
        if (dtype.GetString() != "F32") throw bad($"tensor '{entry.Name}' has dtype {dtype.GetString()}; Activa reads F32 only.", null);
        if (shapeJson.GetArrayLength() > 8) throw bad($"tensor '{entry.Name}' has {shapeJson.GetArrayLength()} dimensions.", null);
        var shape = new int[shapeJson.GetArrayLength()];
        long numel = 1;
        int i = 0;
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[i]) || shape[i] < 0)
                throw bad($"tensor '{entry.Name}' has an invalid dimension {d}.", null);
            numel *= shape[i++];
            if (numel > int.MaxValue) throw bad($"tensor '{entry.Name}' is impossibly large.", null);
        }
        long begin = offsets[0].TryGetInt64(out var b) ? b : -1, end = offsets[1].TryGetInt64(out var e) ? e : -1;
        if (begin < 0 || end < begin) throw bad($"tensor '{entry.Name}' has invalid data_offsets [{offsets[0]}, {offsets[1]}].", null);
        return (shape, begin, end);
    }
}
