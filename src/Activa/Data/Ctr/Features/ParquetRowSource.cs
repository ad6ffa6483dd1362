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
        try
        {
            _reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new DataFormatException(path, $"not a readable Parquet file ({e.Message})", e);
        }
        _fields = _reader.Schema.GetDataFields()
            .Where(f => !f.IsArray && f.Path.ToList().Count == 1 && Reader(f.ClrType) is not null).ToArray();
        Columns = _fields.Select(f => f.Name).ToArray();
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
            using var rg = _reader.OpenRowGroupReader(index);
            int n = checked((int)rg.RowCount);
            var group = new string?[_fields.Length][];
            for (int c = 0; c < _fields.Length; c++)
                group[c] = Reader(_fields[c].ClrType)!(rg, _fields[c], n).GetAwaiter().GetResult();
            _group = group;
            _groupRows = n;
            _inGroup = -1;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException)
        {
            throw new DataFormatException(Path, $"row group {index}: {e.Message}", e);
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
