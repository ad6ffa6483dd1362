using System.Collections;

namespace Activa.Data.Ctr.Features;

/// <summary>
/// The encoded batches of a row source, produced lazily (<see cref="FeaturePipeline.Batches"/>): a file larger than
/// memory is encoded in memory bounded by one batch — batchSize × (4 bytes × (1 label + categorical fields + numeric
/// fields + Σ sequence lengths + sequence fields) + 4 bytes × Σ multi-hot maxItems + bag offsets) — plus the fitted
/// vocabularies plus the source's buffer (one record for CSV, the current row group for Parquet). Batches already
/// handed out are the caller's to keep or drop. Enumerable once (the source is forward-only); disposing the enumerator
/// does not dispose the source.
/// </summary>
public sealed class FeatureBatches : IEnumerable<FeatureBatch>
{
    private readonly FeaturePipeline _pipeline;
    private readonly IRowSource _source;
    private readonly int _batchSize;
    private readonly BadRowPolicy _badRows;
    private bool _started;

    internal FeatureBatches(FeaturePipeline pipeline, IRowSource source, int batchSize, BadRowPolicy badRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _pipeline = pipeline;
        _source = source;
        _batchSize = batchSize;
        _badRows = badRows;
    }

    /// <summary>Rows read and skipped so far (complete once the enumeration has ended).</summary>
    public ReadSummary Summary { get; } = new();

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Enumerated a second time.</exception>
    /// <exception cref="DataFormatException">A missing column, or a malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    public IEnumerator<FeatureBatch> GetEnumerator()
    {
        if (_started) throw new InvalidOperationException("FeatureBatches can be enumerated once; open the source again for another pass.");
        _started = true;
        return Enumerate();
    }

    private IEnumerator<FeatureBatch> Enumerate()
    {
        var parser = new RowParser(_pipeline.Schema, _source);
        var builder = _pipeline.NewBuilder(_batchSize);
        while (parser.Next(_badRows, Summary))
        {
            builder.Add(parser);
            if (builder.Full)
            {
                yield return builder.Build();
                builder = _pipeline.NewBuilder(_batchSize);
            }
        }
        if (builder.Count > 0) yield return builder.Build();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Joins batches of the same pipeline into one.</summary>
internal static class FeatureBatchConcat
{
    public static FeatureBatch Concat(IReadOnlyList<FeatureBatch> parts)
    {
        var first = parts[0];
        int n = parts.Sum(p => p.Count);
        var bags = new IdBags[first.Bags.Count];
        for (int k = 0; k < bags.Length; k++)
        {
            var offsets = new int[n + 1];
            var ids = new List<int>();
            int row = 0;
            foreach (var p in parts)
            {
                var b = p.Bags[k];
                for (int i = 0; i < p.Count; i++) offsets[row + i + 1] = ids.Count + b.Offsets[i + 1];
                ids.AddRange(b.Ids);
                row += p.Count;
            }
            bags[k] = new IdBags(first.Bags[k].Field, [.. ids], offsets);
        }
        var seqs = new IdSequences[first.Sequences.Count];
        for (int k = 0; k < seqs.Length; k++)
            seqs[k] = new IdSequences(first.Sequences[k].Field, first.Sequences[k].MaxLength,
                [.. parts.SelectMany(p => p.Sequences[k].Ids)], [.. parts.SelectMany(p => p.Sequences[k].Lengths)]);
        return new FeatureBatch(n, [.. parts.SelectMany(p => p.Labels)], first.CategoricalFields,
            [.. parts.SelectMany(p => p.Categorical)], first.NumericFields, [.. parts.SelectMany(p => p.Numeric)], bags, seqs);
    }
}
