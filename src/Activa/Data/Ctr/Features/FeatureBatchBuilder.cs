namespace Activa.Data.Ctr.Features;

/// <summary>Appends parsed rows, encoded with a fitted pipeline, to arrays sized for a fixed number of samples.</summary>
internal sealed class FeatureBatchBuilder
{
    private readonly FeatureSchema _schema;
    private readonly Vocabulary?[] _vocab;
    private readonly NumericStats?[] _stats;
    private readonly int _capacity;
    private readonly string[] _catNames, _numNames;
    private readonly int[] _catFields, _numFields, _bagFields, _seqFields;
    private readonly float[] _labels;
    private readonly int[] _cat;
    private readonly float[] _num;
    private readonly List<int>[] _bagIds;
    private readonly int[][] _bagOffsets;
    private readonly int[][] _seqIds, _seqLengths;
    private readonly int[] _scratch;

    public int Count { get; private set; }
    public bool Full => Count == _capacity;

    public FeatureBatchBuilder(FeatureSchema schema, Vocabulary?[] vocab, NumericStats?[] stats, int capacity)
    {
        _schema = schema;
        _vocab = vocab;
        _stats = stats;
        _capacity = capacity;
        var fields = schema.Fields;
        int[] Where(Func<FieldSpec, bool> p) => Enumerable.Range(0, fields.Count).Where(i => p(fields[i])).ToArray();
        _catFields = Where(f => f.IsCategoricalId);
        _numFields = Where(f => f.Kind == FieldKind.Numeric && !f.IsCategoricalId);
        _bagFields = Where(f => f.Kind == FieldKind.MultiHot);
        _seqFields = Where(f => f.Kind == FieldKind.Sequence);
        _catNames = _catFields.Select(i => fields[i].Name).ToArray();
        _numNames = _numFields.Select(i => fields[i].Name).ToArray();
        _labels = new float[capacity];
        _cat = new int[capacity * _catFields.Length];
        _num = new float[capacity * _numFields.Length];
        _bagIds = _bagFields.Select(_ => new List<int>()).ToArray();
        _bagOffsets = _bagFields.Select(_ => new int[capacity + 1]).ToArray();
        _seqIds = _seqFields.Select(i => new int[capacity * fields[i].MaxLength]).ToArray();
        _seqLengths = _seqFields.Select(_ => new int[capacity]).ToArray();
        _scratch = new int[_seqFields.Length == 0 ? 0 : _seqFields.Max(i => fields[i].MaxLength)];
    }

    /// <summary>Encodes the parser's current (well-formed) row as the next sample.</summary>
    public void Add(RowParser row)
    {
        if (Full) throw new InvalidOperationException("The batch is full.");
        int n = Count;
        _labels[n] = row.Label;
        for (int k = 0; k < _catFields.Length; k++)
        {
            int f = _catFields[k];
            _cat[n * _catFields.Length + k] = _stats[f] is { } s
                ? (double.IsNaN(row.Number[f]) ? Vocabulary.Oov : s.Bucket(row.Number[f]))
                : _vocab[f]!.Id(row.Text[f]);
        }
        for (int k = 0; k < _numFields.Length; k++)
        {
            int f = _numFields[k];
            _num[n * _numFields.Length + k] = double.IsNaN(row.Number[f]) ? 0f : _stats[f]!.Standardize(row.Number[f]);
        }
        for (int k = 0; k < _bagFields.Length; k++)
        {
            int f = _bagFields[k];
            var spec = _schema.Fields[f];
            var ids = _bagIds[k];
            int taken = 0;
            foreach (var item in Items(row.Text[f], spec.Separator))
            {
                if (taken++ == spec.MaxItems) break;
                ids.Add(_vocab[f]!.Id(item.Span));
            }
            _bagOffsets[k][n + 1] = ids.Count;
        }
        for (int k = 0; k < _seqFields.Length; k++)
        {
            int f = _seqFields[k];
            var spec = _schema.Fields[f];
            int len = spec.MaxLength, total = 0;
            // Keep the most recent items: a ring of the last len ids, then unrolled oldest first.
            foreach (var item in Items(row.Text[f], spec.Separator))
                _scratch[total++ % len] = _vocab[f]!.Id(item.Span);
            int kept = Math.Min(total, len), start = total - kept;
            var dst = _seqIds[k].AsSpan(n * len, len);
            for (int j = 0; j < kept; j++) dst[j] = _scratch[(start + j) % len];
            _seqLengths[k][n] = kept;
        }
        Count = n + 1;
    }

    /// <summary>The non-empty items of <paramref name="text"/> split at <paramref name="separator"/>, trimmed.</summary>
    internal static IEnumerable<ReadOnlyMemory<char>> Items(string text, string separator)
    {
        int at = 0;
        while (at <= text.Length)
        {
            int next = text.IndexOf(separator, at, StringComparison.Ordinal);
            if (next < 0) next = text.Length;
            var item = text.AsMemory(at, next - at).Trim();
            if (item.Length > 0) yield return item;
            at = next + separator.Length;
        }
    }

    /// <summary>The samples so far as a batch (arrays trimmed to the count).</summary>
    public FeatureBatch Build()
    {
        int n = Count;
        var bags = new IdBags[_bagFields.Length];
        for (int k = 0; k < bags.Length; k++)
            bags[k] = new IdBags(_schema.Fields[_bagFields[k]].Name, [.. _bagIds[k]], _bagOffsets[k].AsSpan(0, n + 1).ToArray());
        var seqs = new IdSequences[_seqFields.Length];
        for (int k = 0; k < seqs.Length; k++)
        {
            int len = _schema.Fields[_seqFields[k]].MaxLength;
            seqs[k] = new IdSequences(_schema.Fields[_seqFields[k]].Name, len, Trim(_seqIds[k], n * len), Trim(_seqLengths[k], n));
        }
        return new FeatureBatch(n, Trim(_labels, n), _catNames, Trim(_cat, n * _catFields.Length),
            _numNames, Trim(_num, n * _numFields.Length), bags, seqs);
    }

    private static T[] Trim<T>(T[] a, int n) => n == a.Length ? a : a.AsSpan(0, n).ToArray();
}
