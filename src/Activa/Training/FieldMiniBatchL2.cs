using Activa.Data.Ctr.Features;
using Activa.Models.Ctr.Fields;

namespace Activa.Training;

/// <summary>
/// DIN's mini-batch-aware L2 (see <see cref="MiniBatchL2"/>) for the field models: λ·Σⱼ∈batch ‖wⱼ‖²/nⱼ over the rows of
/// each table of <see cref="FieldCtrModel.Inputs"/> that a batch reads, nⱼ = occurrences of id j in the training split
/// (counted in one streaming pass; memory one int per table row). Zhou et al., KDD 2018, §4.3.
/// </summary>
internal sealed class FieldMiniBatchL2
{
    private readonly float _lambda;
    private readonly int[][] _counts;

    /// <summary>Counts the ids of the training batches in the model's tables.</summary>
    public FieldMiniBatchL2(FieldCtrModel model, IEnumerable<FeatureBatch> train, float lambda)
    {
        _lambda = lambda;
        _counts = [.. model.Inputs.Tables.Select(t => new int[t.Weight.Dims[0]])];
        foreach (var batch in train)
        {
            int table = 0;
            foreach (var (_, ids) in model.Inputs.TablesOf(batch))
            {
                var counts = _counts[table++];
                foreach (int id in ids) counts[id]++;
            }
        }
    }

    /// <summary>The penalty of one batch, a scalar that back-propagates into the touched rows only.</summary>
    public Tensor Penalty(FieldCtrModel model, FeatureBatch batch)
    {
        Tensor? total = null;
        int table = 0;
        foreach (var (embedding, ids) in model.Inputs.TablesOf(batch))
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
