namespace Activa.Data.Ctr.Features;

/// <summary>Settings of <see cref="FeaturePipeline.Fit"/>.</summary>
public sealed record FitOptions
{
    /// <summary>What to do with malformed training rows (default: stop).</summary>
    public BadRowPolicy BadRows { get; init; } = BadRowPolicy.Stop;
    /// <summary>Size of the reservoir sample per bucketised numeric field whose quantiles become the bucket boundaries
    /// (default 100,000: 800 kB per field; the quantiles' rank error is about 1/√size).</summary>
    public int QuantileSample { get; init; } = 100_000;
    /// <summary>
    /// Null (default): vocabularies are counted exactly, holding one counter per distinct value. A number: at most this
    /// many distinct values are held per vocabulary; the rarest are pruned when it overflows (lossy counting, see
    /// <see cref="Vocabulary.CountError"/>), so fitting memory is bounded whatever the number of distinct values.
    /// </summary>
    public int? MaxDistinct { get; init; }
    /// <summary>Seed of the reservoir sampling.</summary>
    public ulong Seed { get; init; }
}

/// <summary>
/// A <see cref="FeatureSchema"/> fitted on training rows: vocabularies (with counts, min-count applied), numeric means
/// and standard deviations, bucket boundaries. Encodes rows into <see cref="FeatureBatch"/>es; saved as JSON
/// (<see cref="ToJson"/>) so that a checkpoint can carry it.
/// </summary>
/// <remarks>
/// Memory: fitting streams the rows once and holds one row, one counter per distinct value of each vocabulary field
/// (before min-count; at most <see cref="FitOptions.MaxDistinct"/> when set; hashBuckets fields hold none) and <see cref="FitOptions.QuantileSample"/> doubles per
/// bucketised numeric field; encoding holds the fitted vocabularies and one batch. The source adds its own buffer
/// (one record for CSV, one row group for Parquet).
/// </remarks>
public sealed class FeaturePipeline
{
    /// <summary>The format tag written into <see cref="ToJson"/>.</summary>
    public const string Format = "activa-features/1";

    private readonly Vocabulary?[] _vocab;
    private readonly NumericStats?[] _stats;

    /// <summary>The schema.</summary>
    public FeatureSchema Schema { get; }
    /// <summary>Rows read while fitting (zeros for a pipeline restored from JSON).</summary>
    public ReadSummary FitSummary { get; }

    internal FeaturePipeline(FeatureSchema schema, Vocabulary?[] vocab, NumericStats?[] stats, ReadSummary summary)
    {
        Schema = schema;
        _vocab = vocab;
        _stats = stats;
        FitSummary = summary;
    }

    internal Vocabulary? VocabularyAt(int field) => _vocab[field];
    internal NumericStats? StatsAt(int field) => _stats[field];

    /// <summary>
    /// Fits <paramref name="schema"/> on the rows of <paramref name="train"/> (the training split only) in one streaming
    /// pass: value counts per vocabulary (a multi-hot or sequence field with vocabularyFrom counts into its owner's),
    /// then min-count; mean and standard deviation in double; bucket boundaries from a reservoir sample.
    /// </summary>
    /// <exception cref="DataFormatException">A column the schema names is missing (named), or a malformed row under
    /// <see cref="BadRowPolicy.Stop"/> (file, line, column and reason).</exception>
    public static FeaturePipeline Fit(FeatureSchema schema, IRowSource train, FitOptions? options = null)
    {
        options ??= new FitOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QuantileSample, 1);
        if (options.MaxDistinct is int cap) ArgumentOutOfRangeException.ThrowIfLessThan(cap, 2, nameof(options.MaxDistinct));
        var fields = schema.Fields;
        int Owner(int f) => fields[f].VocabularyFrom is string o ? IndexOf(schema, o) : f;
        var counters = new VocabularyCounter?[fields.Count];
        var numeric = new NumericAccumulator?[fields.Count];
        for (int f = 0; f < fields.Count; f++)
        {
            if (fields[f].Kind == FieldKind.Numeric)
                numeric[f] = new NumericAccumulator(fields[f], options.QuantileSample, options.Seed + (ulong)f);
            else if (fields[f].VocabularyFrom is null && fields[f].HashBuckets is null)
                counters[f] = new VocabularyCounter(options.MaxDistinct);
        }
        var parser = new RowParser(schema, train);
        var summary = new ReadSummary();
        while (parser.Next(options.BadRows, summary))
            for (int f = 0; f < fields.Count; f++)
            {
                var spec = fields[f];
                if (numeric[f] is { } acc)
                {
                    if (!double.IsNaN(parser.Number[f])) acc.Add(parser.Number[f]);
                }
                else if (counters[Owner(f)] is { } counter)
                {
                    if (spec.Kind == FieldKind.Categorical) counter.Add(parser.Text[f]);
                    else
                    {
                        int taken = 0, limit = spec.Kind == FieldKind.MultiHot ? spec.MaxItems : int.MaxValue;
                        foreach (var item in FeatureBatchBuilder.Items(parser.Text[f], spec.Separator))
                            if (taken++ < limit) counter.Add(item.Span);
                    }
                }
            }
        var vocab = new Vocabulary?[fields.Count];
        var stats = new NumericStats?[fields.Count];
        for (int f = 0; f < fields.Count; f++)
        {
            if (numeric[f] is { } acc) stats[f] = acc.Build();
            else if (fields[f].VocabularyFrom is null)
                vocab[f] = fields[f].HashBuckets is int n ? Vocabulary.Hashing(n) : Counted(counters[f]!, fields[f].MinCount);
        }
        for (int f = 0; f < fields.Count; f++)
            if (fields[f].VocabularyFrom is not null) vocab[f] = vocab[Owner(f)];
        return new FeaturePipeline(schema, vocab, stats, summary);
    }

    private static Vocabulary Counted(VocabularyCounter counter, int minCount)
    {
        var v = Vocabulary.FromCounts(counter.Counts, minCount);
        v.CountError = counter.Floor;
        return v;
    }

    internal static int IndexOf(FeatureSchema schema, string field)
    {
        for (int i = 0; i < schema.Fields.Count; i++)
            if (schema.Fields[i].Name == field) return i;
        throw new KeyNotFoundException($"Feature schema has no field '{field}'.");
    }

    /// <summary>The vocabulary of field <paramref name="field"/> (a shared one for vocabularyFrom fields).</summary>
    /// <exception cref="KeyNotFoundException">No such field, or a numeric one.</exception>
    public Vocabulary VocabularyOf(string field) =>
        _vocab[IndexOf(Schema, field)] ?? throw new KeyNotFoundException($"Field '{field}' is numeric; it has no vocabulary.");

    /// <summary>The statistics of numeric field <paramref name="field"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such field, or not a numeric one.</exception>
    public NumericStats StatsOf(string field) =>
        _stats[IndexOf(Schema, field)] ?? throw new KeyNotFoundException($"Field '{field}' is not numeric.");

    /// <summary>Number of ids of field <paramref name="field"/> (padding and out-of-vocabulary included): the rows of its
    /// embedding table. For a bucketised numeric, padding + missing + buckets.</summary>
    /// <exception cref="KeyNotFoundException">No such field, or a standardised numeric one (it has no ids).</exception>
    public int IdCount(string field)
    {
        int f = IndexOf(Schema, field);
        if (_vocab[f] is { } v) return v.Size;
        if (Schema.Fields[f].IsCategoricalId) return _stats[f]!.Size;
        throw new KeyNotFoundException($"Field '{field}' is a standardised numeric; it has no ids.");
    }

    /// <summary>Encodes every row of <paramref name="source"/> into one batch (for data that fits in memory).</summary>
    /// <param name="source">The rows.</param>
    /// <param name="badRows">What to do with malformed rows.</param>
    /// <param name="summary">Receives the count of rows read and skipped.</param>
    /// <exception cref="DataFormatException">A missing column, or a malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    public FeatureBatch Transform(IRowSource source, BadRowPolicy badRows, out ReadSummary summary)
    {
        var parser = new RowParser(Schema, source);
        summary = new ReadSummary();
        var rows = new List<FeatureBatch>();
        // Rows per chunk: 4096, fewer when sequences are long, so that a chunk holds at most about 4M sequence ids.
        int chunk = (int)Math.Clamp((4L << 20) / (1L + Schema.Fields.Where(f => f.Kind == FieldKind.Sequence).Sum(f => (long)f.MaxLength)), 1, 4096);
        var builder = NewBuilder(chunk);
        while (parser.Next(badRows, summary))
        {
            builder.Add(parser);
            if (builder.Full)
            {
                rows.Add(builder.Build());
                builder = NewBuilder(chunk);
            }
        }
        if (builder.Count > 0 || rows.Count == 0) rows.Add(builder.Build());
        return rows.Count == 1 ? rows[0] : FeatureBatchConcat.Concat(rows);
    }

    /// <summary>Encodes every row of <paramref name="source"/>, stopping at the first malformed row.</summary>
    /// <exception cref="DataFormatException">A missing column or a malformed row (file, line, column and reason).</exception>
    public FeatureBatch Transform(IRowSource source) => Transform(source, BadRowPolicy.Stop, out _);

    /// <summary>Encodes one row given as column name → text (for serving or tests).</summary>
    /// <exception cref="DataFormatException">The row is malformed or lacks a column.</exception>
    public FeatureBatch Transform(IReadOnlyDictionary<string, string?> row) =>
        Transform(new MemoryRowSource(Schema.Columns.ToArray(), [row], "(row)"));

    /// <summary>
    /// Encoded batches of <paramref name="batchSize"/> samples (the last may be smaller), read from
    /// <paramref name="source"/> lazily: memory is one batch plus the fitted vocabularies plus the source's buffer,
    /// whatever the size of the file.
    /// </summary>
    public FeatureBatches Batches(IRowSource source, int batchSize, BadRowPolicy badRows = BadRowPolicy.Stop) =>
        new(this, source, batchSize, badRows);

    internal FeatureBatchBuilder NewBuilder(int capacity) => new(Schema, _vocab, _stats, capacity);

    /// <summary>The fitted pipeline as JSON: format tag, schema, vocabularies with counts, numeric statistics.</summary>
    public string ToJson() => FeaturePipelineJson.Write(this);

    /// <summary>Restores a pipeline written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">Not such JSON (wrong format tag, invalid schema, missing parts).</exception>
    public static FeaturePipeline FromJson(string json) => FeaturePipelineJson.Read(json);

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson());

    /// <summary>Reads a pipeline saved by <see cref="Save"/>.</summary>
    /// <exception cref="FormatException">The file is not a saved pipeline.</exception>
    public static FeaturePipeline Load(string path) => FromJson(File.ReadAllText(path));
}
