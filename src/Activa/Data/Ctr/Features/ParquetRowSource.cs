using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Activa.Data.Ctr.Features;

/// <summary>
/// Rows of a Parquet file (Parquet.Net), read one row group at a time: memory holds the current row group's columns as
/// text, so it is bounded by the largest row group (rows × columns × text size), not by the file. Top-level primitive
/// columns are read (strings, booleans as 1/0, integers and floating point); nested or list columns are not offered
/// (store multi-hot and sequence fields as separated strings). A null is a missing value.
/// </summary>
/// <remarks>
/// Hostile files: the footer length, every column chunk's offsets and sizes, every page header and every row group's row
/// count are checked against the file's length before Parquet.Net reads or allocates for them (a row group may declare
/// at most max(2²⁰, 1024 × its compressed bytes) rows; a page may decompress to at most 64 MiB + 1024 × its compressed
/// size), the footer and page headers are walked (<see cref="ThriftCompact"/>) because the decoder can loop forever on
/// some damaged ones, and any exception the decoder throws on a damaged file becomes a <see cref="DataFormatException"/>
/// naming the file.
/// </remarks>
/// <remarks>Parquet.Net's API is asynchronous; this source waits on it synchronously, which is fine outside a
/// synchronisation context (console, tests, training loops).</remarks>
public sealed class ParquetRowSource : IRowSource
{
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private string?[][] _group = [];
    private int _groupIndex = -1, _groupRows, _inGroup = -1;
    private long _row;

    /// <summary>Opens <paramref name="path"/> and reads its schema (no row data yet).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="DataFormatException">Not a Parquet file.</exception>
    public ParquetRowSource(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Parquet file not found: {path}", path);
        Path = path;
        long length = CheckFooter(path);
        ParquetReader? reader = null;
        try
        {
            reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
            CheckRowGroups(path, reader, length);
            _fields = reader.Schema.GetDataFields()
                .Where(f => !f.IsArray && f.Path.ToList().Count == 1 && Reader(f.ClrType) is not null).ToArray();
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new DataFormatException(path, $"not a readable Parquet file ({e.GetType().Name}: {e.Message})", e);
        }
        catch (DataFormatException)
        {
            reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        _reader = reader;
        Columns = _fields.Select(f => f.Name).ToArray();
    }

    /// <summary>
    /// Any exception of the third-party decoder on damaged bytes (Thrift errors, index and overflow errors, null
    /// references…) means the file is not readable; only our own errors and out-of-memory pass through.
    /// </summary>
    private static bool IsDecoderFailure(Exception e) => e is not (DataFormatException or OutOfMemoryException);

    /// <summary>The file's length, after checking the "PAR1" magic at both ends and that the footer fits in the file.</summary>
    private static long CheckFooter(string path)
    {
        using var file = File.OpenRead(path);
        long length = file.Length;
        if (length < 12) throw new DataFormatException(path, $"not a Parquet file: {length} bytes (at least 12 needed)");
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[8];
        file.ReadExactly(head);
        file.Position = length - 8;
        file.ReadExactly(tail);
        if (!head.SequenceEqual("PAR1"u8) || !tail[4..].SequenceEqual("PAR1"u8))
            throw new DataFormatException(path, "not a Parquet file (no \"PAR1\" magic at both ends; truncated or another format)");
        uint footer = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail);
        if (footer > length - 12) throw new DataFormatException(path, $"footer length {footer} does not fit in the file's {length} bytes (truncated or corrupt)");
        var bytes = new byte[footer];
        file.Position = length - 8 - footer;
        file.ReadExactly(bytes);
        int pos = 0;
        if (ThriftCompact.SkimStruct(bytes, ref pos, []) != ThriftCompact.Result.Ok)
            throw new DataFormatException(path, $"the {footer}-byte footer (file metadata) is damaged");
        return length;
    }

    /// <summary>Walks the page headers of each column chunk of row group <paramref name="group"/>: each must be a
    /// complete header whose page fits in the chunk, so the decoder never reads a damaged one.</summary>
    private void CheckPages(int group)
    {
        var chunks = _reader.Metadata?.RowGroups[group].Columns ?? [];
        using var handle = File.OpenHandle(Path);
        var fields = new long?[4];
        foreach (var chunk in chunks)
        {
            if (chunk?.MetaData is not { } meta) continue;
            long pos = meta.DictionaryPageOffset is long d && d > 0 ? Math.Min(d, meta.DataPageOffset) : meta.DataPageOffset;
            long end = pos + meta.TotalCompressedSize;
            string column = meta.PathInSchema is { Count: > 0 } names ? string.Join('.', names) : "?";
            while (pos < end)
            {
                int window = (int)Math.Min(end - pos, 1024);
                while (true)
                {
                    var bytes = new byte[window];
                    RandomAccess.Read(handle, bytes, pos);
                    int at = 0;
                    var result = ThriftCompact.SkimStruct(bytes, ref at, fields); // 2: uncompressed_page_size, 3: compressed_page_size
                    if (result == ThriftCompact.Result.Ok && fields[3] is long s && s >= 0 && s <= end - pos - at
                        && fields[2] is long u && u >= 0 && u <= MaxExpansion + 1024 * s
                        && (meta.Codec != Parquet.Meta.CompressionCodec.SNAPPY || fields[1] is not (0 or 2) || SnappyLengthFits(handle, pos + at, s, u)))
                    {
                        pos += at + s;
                        break;
                    }
                    if (result == ThriftCompact.Result.Truncated && window < end - pos && window < MaxPageHeader)
                    {
                        window = (int)Math.Min(Math.Min(end - pos, MaxPageHeader), 4L * window);
                        continue;
                    }
                    throw new DataFormatException(Path, $"row group {group}, column '{column}': the page header at byte {pos} is damaged or its page overruns the column chunk");
                }
            }
        }
    }

    private const int MaxPageHeader = 64 << 20;

    /// <summary>
    /// Whether the Snappy block of <paramref name="size"/> bytes at <paramref name="offset"/> (a data or dictionary page
    /// of version 1) states an uncompressed length of at most <paramref name="uncompressed"/>: the Snappy decoder
    /// allocates the length its block states, whatever the page header says.
    /// </summary>
    private static bool SnappyLengthFits(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, long size, long uncompressed)
    {
        if (size == 0) return true;
        Span<byte> head = stackalloc byte[5];
        int n = RandomAccess.Read(handle, head[..(int)Math.Min(size, 5)], offset);
        ulong length = 0;
        for (int i = 0; i < n; i++)
        {
            length |= (ulong)(head[i] & 0x7F) << (7 * i);
            if ((head[i] & 0x80) == 0) return length <= (ulong)uncompressed;
        }
        return false;
    }

    /// <summary>A page may decompress to at most this plus 1024 times its compressed size: the decoder allocates the
    /// size its header states, so a damaged header must not make it allocate gigabytes.</summary>
    private const long MaxExpansion = 64L << 20;

    /// <summary>Checks each row group's row count and each column chunk's offsets and sizes against the file's length.</summary>
    private static void CheckRowGroups(string path, ParquetReader reader, long length)
    {
        var groups = reader.Metadata?.RowGroups ?? [];
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            long compressed = 0;
            foreach (var chunk in group.Columns ?? [])
            {
                if (chunk?.MetaData is not { } meta) continue;
                long size = meta.TotalCompressedSize;
                long start = meta.DictionaryPageOffset is long d && d > 0 ? Math.Min(d, meta.DataPageOffset) : meta.DataPageOffset;
                if (size < 0 || start < 4 || size > length || start > length - size)
                    throw new DataFormatException(path, $"row group {g}: a column chunk claims bytes {start}..{start + size} of a {length}-byte file (corrupt)");
                compressed += size;
            }
            long maxRows = Math.Max(1L << 20, 1024 * compressed);
            if (group.NumRows < 0 || group.NumRows > maxRows)
                throw new DataFormatException(path, $"row group {g}: {group.NumRows} rows is impossible for {compressed} bytes of data (corrupt)");
        }
    }

    /// <inheritdoc/>
    public string Path { get; }
    /// <inheritdoc/>
    public IReadOnlyList<string> Columns { get; }
    /// <inheritdoc/>
    public string Location => $"row {_row} (row group {_groupIndex})";
    /// <inheritdoc/>
    public int RowFieldCount => Columns.Count;

    /// <summary>Number of row groups in the file.</summary>
    public int RowGroupCount => _reader.RowGroupCount;

    /// <inheritdoc/>
    public bool Read()
    {
        while (++_inGroup >= _groupRows)
        {
            if (_groupIndex + 1 >= _reader.RowGroupCount)
            {
                _inGroup = _groupRows;
                return false;
            }
            LoadGroup(++_groupIndex);
        }
        _row++;
        return true;
    }

    /// <inheritdoc/>
    public string? Field(int column) => _group[column][_inGroup];

    private void LoadGroup(int index)
    {
        _group = []; // let the previous group go before the next is read
        try
        {
            CheckPages(index);
            using var rg = _reader.OpenRowGroupReader(index);
            int n = checked((int)rg.RowCount);
            var group = new string?[_fields.Length][];
            for (int c = 0; c < _fields.Length; c++)
                group[c] = Reader(_fields[c].ClrType)!(rg, _fields[c], n).GetAwaiter().GetResult();
            _group = group;
            _groupRows = n;
            _inGroup = -1;
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new DataFormatException(Path, $"row group {index}: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private delegate Task<string?[]> ColumnReader(ParquetRowGroupReader rg, DataField field, int rows);

    private static ColumnReader? Reader(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => ReadStrings,
        _ when type == typeof(bool) => ReadValues<bool>,
        _ when type == typeof(byte) => ReadValues<byte>,
        _ when type == typeof(sbyte) => ReadValues<sbyte>,
        _ when type == typeof(short) => ReadValues<short>,
        _ when type == typeof(ushort) => ReadValues<ushort>,
        _ when type == typeof(int) => ReadValues<int>,
        _ when type == typeof(uint) => ReadValues<uint>,
        _ when type == typeof(long) => ReadValues<long>,
        _ when type == typeof(ulong) => ReadValues<ulong>,
        _ when type == typeof(float) => ReadValues<float>,
        _ when type == typeof(double) => ReadValues<double>,
        _ when type == typeof(decimal) => ReadValues<decimal>,
        _ => null,
    };

    private static async Task<string?[]> ReadStrings(ParquetRowGroupReader rg, DataField field, int rows)
    {
        var values = new string?[rows];
        await rg.ReadAsync(field, values.AsMemory());
        return values;
    }

    private static async Task<string?[]> ReadValues<T>(ParquetRowGroupReader rg, DataField field, int rows) where T : struct
    {
        var text = new string?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await rg.ReadAsync<T>(field, values.AsMemory());
            for (int i = 0; i < rows; i++) text[i] = values[i] is T v ? Format(v) : null;
        }
        else
        {
            var values = new T[rows];
            await rg.ReadAsync<T>(field, values.AsMemory());
            for (int i = 0; i < rows; i++) text[i] = Format(values[i]);
        }
        return text;
    }

    private static string Format<T>(T value) => value switch
    {
        bool b => b ? "1" : "0",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value!.ToString()!,
    };

    /// <inheritdoc/>
    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
