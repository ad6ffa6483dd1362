using Activa.Data.Ctr.Features;

namespace Activa.Training;

/// <summary>Picks samples of a <see cref="FeatureBatch"/> into a new one (a shuffled mini-batch from a shuffle buffer).</summary>
public static class FeatureBatchRows
{
    /// <summary>The samples <paramref name="rows"/> of <paramref name="batch"/>, in that order.</summary>
    public static FeatureBatch Gather(FeatureBatch batch, ReadOnlySpan<int> rows)
    {
        int n = rows.Length, c = batch.CategoricalFields.Count, m = batch.NumericFields.Count;
        var labels = new float[n];
        var categorical = new int[n * c];
        var numeric = new float[n * m];
        for (int k = 0; k < n; k++)
        {
            int i = rows[k];
            labels[k] = batch.Labels[i];
            Array.Copy(batch.Categorical, i * c, categorical, k * c, c);
            Array.Copy(batch.Numeric, i * m, numeric, k * m, m);
        }
        var bags = new IdBags[batch.Bags.Count];
        for (int b = 0; b < bags.Length; b++)
        {
            var src = batch.Bags[b];
            var offsets = new int[n + 1];
            for (int k = 0; k < n; k++) offsets[k + 1] = offsets[k] + src.Offsets[rows[k] + 1] - src.Offsets[rows[k]];
            var ids = new int[offsets[n]];
            for (int k = 0; k < n; k++) src.Of(rows[k]).CopyTo(ids.AsSpan(offsets[k]));
            bags[b] = new IdBags(src.Field, ids, offsets);
        }
        var sequences = new IdSequences[batch.Sequences.Count];
        for (int s = 0; s < sequences.Length; s++)
        {
            var src = batch.Sequences[s];
            int l = src.MaxLength;
            var ids = new int[n * l];
            var lengths = new int[n];
            for (int k = 0; k < n; k++)
            {
                Array.Copy(src.Ids, rows[k] * l, ids, k * l, l);
                lengths[k] = src.Lengths[rows[k]];
            }
            sequences[s] = new IdSequences(src.Field, l, ids, lengths);
        }
        return new FeatureBatch(n, labels, batch.CategoricalFields, categorical, batch.NumericFields, numeric, bags, sequences);
    }
}
