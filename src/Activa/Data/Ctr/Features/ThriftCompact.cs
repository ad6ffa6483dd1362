namespace Activa.Data.Ctr.Features;

/// <summary>
/// A bounds-checked walk over one struct of the Thrift compact protocol, the encoding of Parquet's footer and page
/// headers. It decodes nothing but the structure (field headers, varints, lengths, nested lists, maps and structs), so
/// that <see cref="ParquetRowSource"/> can refuse a damaged footer or page header before the Parquet decoder reads it:
/// that decoder can loop forever on some damaged headers. Every element takes at least one byte and nesting is limited,
/// so the walk ends in time linear in the bytes.
/// </summary>
internal static class ThriftCompact
{
    /// <summary>How a walk ended.</summary>
    public enum Result
    {
        /// <summary>A complete struct; the position is after its stop byte.</summary>
        Ok,
        /// <summary>The bytes ended inside the struct (more bytes may complete it).</summary>
        Truncated,
        /// <summary>Not a valid struct (unknown type, over-long varint, nesting too deep, a negative length).</summary>
        Malformed,
    }

    private const int MaxDepth = 32;

    /// <summary>
    /// Walks the struct starting at <paramref name="pos"/> in <paramref name="data"/>. The values of its top-level i32
    /// fields 1 to <c>captured.Length − 1</c> are stored in <paramref name="captured"/> by field id (null when absent).
    /// </summary>
    public static Result SkimStruct(ReadOnlySpan<byte> data, ref int pos, long?[] captured)
    {
        Array.Clear(captured);
        return Struct(data, ref pos, 0, captured);
    }

    private static Result Struct(ReadOnlySpan<byte> data, ref int pos, int depth, long?[]? captured)
    {
        if (depth > MaxDepth) return Result.Malformed;
        int last = 0;
        while (true)
        {
            if (pos >= data.Length) return Result.Truncated;
            byte header = data[pos++];
            if (header == 0) return Result.Ok; // stop: exactly one zero byte
            int type = header & 0x0F;
            if (type == 0) return Result.Malformed; // a "stop" type with a field delta: the Parquet decoder loops on it
            int delta = header >> 4, id;
            if (delta == 0)
            {
                var r = Varint(data, ref pos, out ulong raw);
                if (r != Result.Ok) return r;
                id = (int)ZigZag(raw);
            }
            else id = last + delta;
            if (id <= 0) return Result.Malformed; // Parquet's structs number their fields from 1
            last = id;
            if (captured != null && id < captured.Length && type == 5)
            {
                int start = pos;
                var r = Varint(data, ref start, out ulong raw);
                if (r != Result.Ok) return r;
                captured[id] = ZigZag(raw);
            }
            var v = Value(data, ref pos, type, depth, inContainer: false);
            if (v != Result.Ok) return v;
        }
    }

    private static Result Value(ReadOnlySpan<byte> data, ref int pos, int type, int depth, bool inContainer)
    {
        switch (type)
        {
            case 1 or 2: // booleans: in a field header the type is the value; in a list, one byte each
                if (!inContainer) return Result.Ok;
                return Skip(data, ref pos, 1);
            case 3: return Skip(data, ref pos, 1);
            case 4 or 5 or 6: return Varint(data, ref pos, out _);
            case 7: return Skip(data, ref pos, 8);
            case 8:
            {
                var r = Varint(data, ref pos, out ulong length);
                if (r != Result.Ok) return r;
                return length > int.MaxValue ? Result.Malformed : Skip(data, ref pos, (long)length);
            }
            case 9 or 10: // list, set
            {
                if (pos >= data.Length) return Result.Truncated;
                byte header = data[pos++];
                ulong size = (ulong)(header >> 4);
                int element = header & 0x0F;
                if (size == 15)
                {
                    var r = Varint(data, ref pos, out size);
                    if (r != Result.Ok) return r;
                }
                return Elements(data, ref pos, size, element, element, pairs: false, depth);
            }
            case 11: // map
            {
                var r = Varint(data, ref pos, out ulong size);
                if (r != Result.Ok || size == 0) return r;
                if (pos >= data.Length) return Result.Truncated;
                byte types = data[pos++];
                return Elements(data, ref pos, size, types >> 4, types & 0x0F, pairs: true, depth);
            }
            case 12: return Struct(data, ref pos, depth + 1, null);
            default: return Result.Malformed;
        }
    }

    /// <summary><paramref name="count"/> elements (pairs when the two types are given separately, as in a map).</summary>
    private static Result Elements(ReadOnlySpan<byte> data, ref int pos, ulong count, int first, int second, bool pairs, int depth)
    {
        if (first is 0 or > 12 || second is 0 or > 12) return Result.Malformed;
        // Every element takes at least one byte: a count beyond the bytes left cannot be complete.
        if (count > (ulong)(data.Length - pos)) return Result.Truncated;
        for (ulong i = 0; i < count; i++)
        {
            var r = Value(data, ref pos, first, depth + 1, inContainer: true);
            if (r != Result.Ok) return r;
            if (pairs)
            {
                r = Value(data, ref pos, second, depth + 1, inContainer: true);
                if (r != Result.Ok) return r;
            }
        }
        return Result.Ok;
    }

    private static Result Skip(ReadOnlySpan<byte> data, ref int pos, long bytes)
    {
        if (bytes > data.Length - pos) return Result.Truncated;
        pos += (int)bytes;
        return Result.Ok;
    }

    private static Result Varint(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (pos >= data.Length) return Result.Truncated;
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return Result.Ok;
        }
        return Result.Malformed;
    }

    private static long ZigZag(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);
}
