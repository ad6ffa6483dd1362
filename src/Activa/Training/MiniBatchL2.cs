using Activa.Data.Ctr;
using Activa.Models.Ctr;

namespace Activa.Training;

/// <summary>
/// DIN's mini-batch-aware L2 regularisation of the id embeddings: for each table, only the rows a batch reads are
/// penalised, each scaled by the inverse of how often its id occurs in the training data,
/// λ·Σⱼ∈batch ‖wⱼ‖²/nⱼ — so updates stay row-sparse and rare ids are held back more than frequent ones.
/// Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018, §4.3.
/// </summary>
internal sealed class MiniBatchL2
{
    private readonly float _lambda;
    private readonly int[][] _counts;   // per table of the model, occurrences of each id in the training data

    /// <summary>Counts the ids of <paramref name="train"/> in the model's tables.</summary>
    public MiniBatchL2(CtrModel model, BehaviorSamples train, float lambda)
    {
        _lambda = lambda;
        _counts = [.. model.TablesOf(train.User, train.Item, train.Category, train.HistoryItems, train.HistoryCategories).Select(t =>
        {
            var counts = new int[t.Table.Weight.Dims[0]];
            foreach (int id in t.Ids) counts[id]++;
            return counts;
        })];
    }

    /// <summary>The penalty of one batch, a scalar tensor that back-propagates into the touched rows only.</summary>
    public Tensor Penalty(CtrModel model, CtrBatch batch)
    {
        Tensor? total = null;
        int table = 0;
        foreach (var (embedding, ids) in model.TablesOf(batch))
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
