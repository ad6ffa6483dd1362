namespace Activa.Data.Ctr.Features;

/// <summary>
/// Encoded samples, column-wise, as a <see cref="FeaturePipeline"/> produces them. Ids: 0 padding, 1 out of
/// vocabulary, 2… known values. Field order within each group is the schema's declaration order.
/// </summary>
public sealed class FeatureBatch
{
    /// <summary>Number of samples.</summary>
    public int Count { get; }
    /// <summary>Labels, 0 or 1, [Count].</summary>
    public float[] Labels { get; }
    /// <summary>Names of the fields encoded as one id per sample (categorical fields and bucketised numerics).</summary>
    public IReadOnlyList<string> CategoricalFields { get; }
    /// <summary>Ids, [Count × CategoricalFields.Count] row-major.</summary>
    public int[] Categorical { get; }
    /// <summary>Names of the standardised numeric fields.</summary>
    public IReadOnlyList<string> NumericFields { get; }
    /// <summary>Transformed numeric values, [Count × NumericFields.Count] row-major.</summary>
    public float[] Numeric { get; }
    /// <summary>One bag of ids per multi-hot field.</summary>
    public IReadOnlyList<IdBags> Bags { get; }
    /// <summary>One padded id sequence per sequence field.</summary>
    public IReadOnlyList<IdSequences> Sequences { get; }

    internal FeatureBatch(int count, float[] labels, IReadOnlyList<string> categoricalFields, int[] categorical,
        IReadOnlyList<string> numericFields, float[] numeric, IReadOnlyList<IdBags> bags, IReadOnlyList<IdSequences> sequences)
    {
        Count = count;
        Labels = labels;
        CategoricalFields = categoricalFields;
        Categorical = categorical;
        NumericFields = numericFields;
        Numeric = numeric;
        Bags = bags;
        Sequences = sequences;
    }

    /// <summary>The id of categorical field <paramref name="field"/> for sample <paramref name="sample"/>.</summary>
    public int CategoricalId(int sample, string field) => Categorical[sample * CategoricalFields.Count + IndexOf(CategoricalFields, field)];

    /// <summary>The value of numeric field <paramref name="field"/> for sample <paramref name="sample"/>.</summary>
    public float NumericValue(int sample, string field) => Numeric[sample * NumericFields.Count + IndexOf(NumericFields, field)];

    /// <summary>The bags of multi-hot field <paramref name="field"/>.</summary>
    public IdBags Bag(string field) => Bags.FirstOrDefault(b => b.Field == field) ?? throw new KeyNotFoundException($"No multi-hot field '{field}'.");

    /// <summary>The sequences of sequence field <paramref name="field"/>.</summary>
    public IdSequences Sequence(string field) => Sequences.FirstOrDefault(s => s.Field == field) ?? throw new KeyNotFoundException($"No sequence field '{field}'.");

    private static int IndexOf(IReadOnlyList<string> names, string field)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == field) return i;
        throw new KeyNotFoundException($"No field '{field}' in this group.");
    }
}

/// <summary>
/// Variable-size bags of ids, one per sample, for a multi-hot field (an embedding-bag input): sample i's ids are
/// <c>Ids[Offsets[i] .. Offsets[i + 1]]</c>; a sample with no items has an empty bag.
/// </summary>
/// <param name="Field">Field name.</param>
/// <param name="Ids">All ids, bag after bag.</param>
/// <param name="Offsets">Start of each bag, [Count + 1], the last entry = Ids.Length.</param>
public sealed record IdBags(string Field, int[] Ids, int[] Offsets)
{
    /// <summary>The ids of sample <paramref name="sample"/>.</summary>
    public ReadOnlySpan<int> Of(int sample) => Ids.AsSpan(Offsets[sample], Offsets[sample + 1] - Offsets[sample]);
}

/// <summary>
/// Fixed-length id sequences, one per sample, for a sequence field: the most recent <see cref="MaxLength"/> items,
/// oldest first, followed by padding 0.
/// </summary>
/// <param name="Field">Field name.</param>
/// <param name="MaxLength">Length L of each row.</param>
/// <param name="Ids">[Count × L] row-major.</param>
/// <param name="Lengths">Number of real items of each sample (0 to L).</param>
public sealed record IdSequences(string Field, int MaxLength, int[] Ids, int[] Lengths)
{
    /// <summary>The ids of sample <paramref name="sample"/>, padding included.</summary>
    public ReadOnlySpan<int> Of(int sample) => Ids.AsSpan(sample * MaxLength, MaxLength);

    /// <summary>1 where an item is, 0 at padding, [Count × L].</summary>
    public float[] Mask()
    {
        var mask = new float[Ids.Length];
        for (int i = 0; i < Lengths.Length; i++) mask.AsSpan(i * MaxLength, Lengths[i]).Fill(1f);
        return mask;
    }
}
