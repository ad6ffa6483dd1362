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
/// field against the file's real size before allocating or touching data, so truncated or corrupt files give a
/// <see cref="CheckpointFormatException"/> and never an out-of-bounds read or a huge allocation.
/// </summary>
/// <remarks>
/// Integrity: every file Activa writes carries a CRC-32C (<see cref="Crc32C"/>) of each tensor's bytes in its metadata
/// ("activa.checksums": a JSON object tensor name → 8 hex digits), verified on load; a mismatch names the file and the
/// tensor. Files without that entry (older Activa checkpoints, files written by PyTorch or other tools) still load,
/// unverified. Tensors holding NaN or ±∞ are refused on load unless <see cref="SafeTensorsLoadOptions.AllowNonFinite"/>.
/// </remarks>
public static class SafeTensors
{
    private const long MaxHeader = 100L << 20;

    /// <summary>The metadata key under which <see cref="Save"/> records each tensor's CRC-32C (reserved).</summary>
    public const string ChecksumsKey = "activa.checksums";

    /// <summary>
    /// Writes <paramref name="tensors"/> (sorted by name) and <paramref name="metadata"/> to <paramref name="path"/>
    /// atomically, with each tensor's CRC-32C under <see cref="ChecksumsKey"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is named "__metadata__", or the metadata uses <see cref="ChecksumsKey"/>.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine.");
        if (metadata?.ContainsKey(ChecksumsKey) == true)
            throw new ArgumentException($"The metadata key '{ChecksumsKey}' is reserved for the tensors' checksums.", nameof(metadata));
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var data = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var t = tensors[name].Contiguous();
            data[name] = t;
            checksums[name] = Crc32C.Compute(MemoryMarshal.AsBytes(t.AsSpan())).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        }
        var allMetadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ChecksumsKey] = JsonSerializer.Serialize(checksums) };
        if (metadata != null)
            foreach (var (k, v) in metadata) allMetadata[k] = v;
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (k, v) in allMetadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(k, v);
            json.WriteEndObject();
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
            foreach (var name in names) file.Write(MemoryMarshal.AsBytes(data[name].AsSpan()));
        }, flushToDisk: true);
    }

    /// <summary>
    /// Reads and validates the safetensors file at <paramref name="path"/>: sizes and offsets against the file, each
    /// tensor's CRC-32C when the file records them (files without checksums load unverified), and finite values unless
    /// <paramref name="options"/> allow otherwise (null: <see cref="SafeTensorsLoadOptions.Default"/>). The returned
    /// metadata leaves out <see cref="ChecksumsKey"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="CheckpointFormatException">The file is truncated, corrupt (a checksum mismatch names the tensor),
    /// holds a dtype other than F32, or a tensor holds NaN/±∞ (named with its first bad index).</exception>
    public static SafeTensorsFile Load(string path, SafeTensorsLoadOptions? options = null)
    {
        options ??= SafeTensorsLoadOptions.Default;
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
            try
            {
                return Read(path, document.RootElement, bytes, dataStart, dataLength, options, Bad);
            }
            catch (InvalidOperationException e)
            {
                // JsonElement throws this when a name or string holds an invalid escape (a lone UTF-16 surrogate).
                throw Bad($"the JSON header holds invalid text ({e.Message}).", e);
            }
        }
    }

    private static SafeTensorsFile Read(string path, JsonElement root, byte[] bytes, int dataStart, long dataLength, SafeTensorsLoadOptions options,
        Func<string, Exception?, CheckpointFormatException> bad)
    {
        CheckpointFormatException Bad(string what) => bad(what, null);
        if (root.ValueKind != JsonValueKind.Object) throw Bad("the JSON header is not an object.");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var spans = new List<(long Begin, long End, string Name)>();
        if (root.TryGetProperty("__metadata__", out var metaJson))
        {
            if (metaJson.ValueKind != JsonValueKind.Object) throw Bad("__metadata__ is not an object.");
            foreach (var m in metaJson.EnumerateObject())
            {
                if (m.Value.ValueKind != JsonValueKind.String) throw Bad($"metadata '{m.Name}' is not a string.");
                metadata[m.Name] = m.Value.GetString()!;
            }
        }
        var checksums = metadata.Remove(ChecksumsKey, out var checksumJson) ? ReadChecksums(checksumJson, bad) : null;
        foreach (var entry in root.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            var (shape, begin, end) = ReadEntry(entry, bad);
            long numel = 1;
            foreach (int d in shape) numel *= d;
            if (end - begin != 4 * numel) throw Bad($"tensor '{entry.Name}' of shape {Shape.Format(shape)} needs {4 * numel} bytes but its offsets span {end - begin}.");
            if (end > dataLength) throw Bad($"tensor '{entry.Name}' ends at byte {end} of the data, which has only {dataLength} (truncated).");
            spans.Add((begin, end, entry.Name));
            var raw = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin));
            if (checksums != null)
            {
                if (!checksums.Remove(entry.Name, out uint want)) throw Bad($"tensor '{entry.Name}' has no checksum in '{ChecksumsKey}' (corrupt header).");
                uint have = Crc32C.Compute(raw);
                if (have != want)
                    throw new CheckpointFormatException(path, $"{path}: tensor '{entry.Name}' is corrupt: its data's CRC-32C is {have:x8} but the file records {want:x8}.");
            }
            var values = new float[numel];
            MemoryMarshal.Cast<byte, float>(raw).CopyTo(values);
            if (!options.AllowNonFinite && FirstNonFinite(values) is int first)
                throw new CheckpointFormatException(path,
                    $"{path}: tensor '{entry.Name}' of shape {Shape.Format(shape)} holds {values[first]} at index {first}{MultiIndex(shape, first)}: "
                    + "the weights are damaged or diverged (load with AllowNonFinite, or --allow-nonfinite, to accept them).");
            tensors[entry.Name] = new Tensor(values, shape);
        }
        if (checksums is { Count: > 0 })
            throw Bad($"'{ChecksumsKey}' lists tensor '{checksums.Keys.First()}', which the file does not hold (corrupt header).");
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

    /// <summary>Index of the first NaN or ±∞ in <paramref name="values"/>, or null.</summary>
    private static int? FirstNonFinite(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, uint>(values);
        for (int i = 0; i < bits.Length; i++)
            if ((bits[i] & 0x7F800000u) == 0x7F800000u) return i;
        return null;
    }

    private static string MultiIndex(int[] shape, int flat)
    {
        if (shape.Length < 2) return "";
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return $" ([{string.Join(", ", index)}])";
    }

    private static Dictionary<string, uint> ReadChecksums(string json, Func<string, Exception?, CheckpointFormatException> bad)
    {
        var result = new Dictionary<string, uint>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw bad($"'{ChecksumsKey}' is not a JSON object.", null);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String
                    || entry.Value.GetString() is not { Length: 8 } hex
                    || !uint.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out uint crc))
                    throw bad($"'{ChecksumsKey}' entry '{entry.Name}' is not 8 hex digits.", null);
                result[entry.Name] = crc;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw bad($"'{ChecksumsKey}' is not valid JSON ({e.Message}).", e);
        }
        return result;
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
        // TryGetInt64 throws on a non-number, so the kind is checked first (a string or array offset is corruption, not a crash).
        long begin = offsets[0].ValueKind == JsonValueKind.Number && offsets[0].TryGetInt64(out var b) ? b : -1;
        long end = offsets[1].ValueKind == JsonValueKind.Number && offsets[1].TryGetInt64(out var e) ? e : -1;
        if (begin < 0 || end < begin) throw bad($"tensor '{entry.Name}' has invalid data_offsets [{offsets[0]}, {offsets[1]}].", null);
        return (shape, begin, end);
    }
}
