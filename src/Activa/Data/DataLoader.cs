namespace Activa.Data;

/// <summary>
/// Cuts a dataset into mini-batches. With shuffling, the order of epoch e is a permutation drawn from a
/// generator seeded by (seed, e) alone, so an epoch's batches are the same whether or not the run was
/// interrupted and resumed. The last batch holds the remainder (it is not dropped).
/// </summary>
public sealed class DataLoader
{
    private readonly Dataset _data;
    private readonly int _batchSize;
    private readonly bool _shuffle;
    private readonly ulong _seed;

    /// <summary>Creates a loader over <paramref name="data"/>.</summary>
    public DataLoader(Dataset data, int batchSize, bool shuffle, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be at least 1, got {batchSize}.");
        _data = data;
        _batchSize = batchSize;
        _shuffle = shuffle;
        _seed = seed;
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => (_data.Count + _batchSize - 1) / _batchSize;

    /// <summary>The sample order of epoch <paramref name="epoch"/>.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, _data.Count).ToArray();
        if (_shuffle) new Generator(_seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1).Shuffle(order.AsSpan());
        return order;
    }

    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based) from batch <paramref name="firstBatch"/> on, produced lazily.</summary>
    public IEnumerable<Batch> Epoch(int epoch, int firstBatch = 0)
    {
        var order = Order(epoch);
        for (int start = firstBatch * _batchSize; start < order.Length; start += _batchSize)
        {
            var part = _data.Subset(order.AsSpan(start, Math.Min(_batchSize, order.Length - start)));
            yield return new Batch(part.Features, part.Labels);
        }
    }
}
