using Activa.Data.Ctr.Features;

namespace Activa.Training;

/// <summary>
/// Rows [<c>from</c>, <c>to</c>) of another row source, counted from 0 in file order (malformed rows count as rows):
/// how one file gives a training, validation and test split. Locations are the inner source's, so a malformed row is
/// still reported by its line in the file. Disposing disposes the inner source.
/// </summary>
public sealed class RowRangeSource : IRowSource
{
    private readonly IRowSource _inner;
    private readonly long _from;
    private readonly long? _to;
    private long _read;

    /// <summary>Wraps <paramref name="inner"/>, skipping its first <paramref name="from"/> rows and stopping before row <paramref name="to"/> (null: the end).</summary>
    /// <exception cref="ArgumentException">A negative start or an end before the start.</exception>
    public RowRangeSource(IRowSource inner, long from, long? to)
    {
        if (from < 0 || to < from) throw new ArgumentException($"Row range [{from}, {to}) is not a range of rows.");
        _inner = inner;
        _from = from;
        _to = to;
    }

    /// <inheritdoc/>
    public string Path => _inner.Path;
    /// <inheritdoc/>
    public IReadOnlyList<string> Columns => _inner.Columns;
    /// <inheritdoc/>
    public string Location => _inner.Location;
    /// <inheritdoc/>
    public int RowFieldCount => _inner.RowFieldCount;

    /// <inheritdoc/>
    public bool Read()
    {
        for (; _read < _from; _read++)
            if (!_inner.Read()) return false;
        if (_read >= _to || !_inner.Read()) return false;
        _read++;
        return true;
    }

    /// <inheritdoc/>
    public string? Field(int column) => _inner.Field(column);

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();

    /// <summary>Number of rows (records, malformed ones included) of a fresh source; reads it to the end and disposes it.</summary>
    public static long Count(IRowSource source)
    {
        using (source)
        {
            long n = 0;
            while (source.Read()) n++;
            return n;
        }
    }
}
