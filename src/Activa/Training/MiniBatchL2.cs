using Activa.Nn;

namespace Activa.Training;

/// <summary>
/// DIN's mini-batch-aware L2 regularisation of the id embeddings: for each table, only the rows a batch reads are
/// penalised, each scaled by the inverse of how often its id occurs in the training data,
/// λ·Σⱼ∈batch ‖wⱼ‖²/nⱼ — so updates stay row-sparse and rare ids are held back more than frequent ones. The counts
/// take one int per table row (for the field models, counted in one streaming pass over the training batches).
/// Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018, §4.3.
/// </summary>
internal sealed class MiniBatchL2
{
    private readonly float _lambda;
    private readonly int[][] _counts;   // per table of the model, occurrences of each id in the training data

    private MiniBatchL2(int[][] counts, float lambda)
    {
        _counts = counts;
        _lambda = lambda;
    }

    /// <summary>Counts the ids of the training data, given at once as the (table, ids) pairs of a model's tables.</summary>
    public MiniBatchL2(IEnumerable<(Embedding Table, IEnumerable<int> Ids)> train, float lambda)
        : this(Count(train), lambda) { }

    /// <summary>Counts the ids of the training batches, each the (table, ids) pairs of <paramref name="tables"/> in order.</summary>
    public MiniBatchL2(IEnumerable<Embedding> tables, IEnumerable<IEnumerable<(Embedding Table, IEnumerable<int> Ids)>> batches, float lambda)
        : this([.. tables.Select(t => new int[t.Weight.Dims[0]])], lambda)
    {
        foreach (var batch in batches) Count(batch, _counts);
    }

    private static int[][] Count(IEnumerable<(Embedding Table, IEnumerable<int> Ids)> tables)
    {
        var list = tables.ToList();
        var counts = list.Select(t => new int[t.Table.Weight.Dims[0]]).ToArray();
        Count(list, counts);
        return counts;
    }

    private static void Count(IEnumerable<(Embedding Table, IEnumerable<int> Ids)> tables, int[][] counts)
    {
        int table = 0;
        foreach (var (_, ids) in tables)
        {
            var c = counts[table++];
            foreach (int id in ids) c[id]++;
        }
    }

    /// <summary>The penalty of one batch, given as the (table, ids) pairs it reads: a scalar tensor that back-propagates into the touched rows only.</summary>
    public Tensor Penalty(IEnumerable<(Embedding Table, IEnumerable<int> Ids)> tables)
    {
        Tensor? total = null;
        int table = 0;
        foreach (var (embedding, ids) in tables)
        {
            var counts = _counts[table++];
            var unique = ids.Where(id => id != 0).Distinct().Order().ToArray();
            if (unique.Length == 0) continue;
            var weights = Tensor.FromArray([.. unique.Select(id => _lambda / Math.Max(1, counts[id]))], unique.Length, 1);
            var rows = embedding.Forward(new IntTensor(unique, unique.Length));
            var term = rows.Mul(rows).Mul(weights).Sum();
            total = total == null ? term : total.Add(term);
        }
        return total ?? Tensor.Zeros(1).Sum();
    }
}
