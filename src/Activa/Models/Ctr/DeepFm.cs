using Activa.Data.Ctr;
using Activa.Nn;

namespace Activa.Models.Ctr;

/// <summary>
/// DeepFM on five fields — user, item, category, and the sum-pooled history items and categories, each a d-vector vᵢ:
/// logit = b + Σᵢ wᵢ (first order, one scalar per id) + ½ Σ_d [(Σᵢ vᵢ)² − Σᵢ vᵢ²] (pairwise interactions) + MLP([v₁..v₅]).
/// Guo, Tang, Ye, Li &amp; He, "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction", IJCAI 2017.
/// </summary>
public sealed class DeepFm : CtrModel
{
    private readonly Sequential _mlp;
    private readonly CtrLogistic _firstOrder;

    /// <summary>Creates the model for the vocabularies of <paramref name="data"/>.</summary>
    public DeepFm(CtrModelOptions options, CtrVocabulary data, Generator generator) : base(options, data, generator)
    {
        _mlp = RegisterModule("mlp", Mlp(5 * D, options.Hidden, options.Activation, 1, generator));
        _firstOrder = RegisterModule("first_order", new CtrLogistic(options, data, generator));
    }

    /// <inheritdoc/>
    public override Tensor Logits(CtrBatch b)
    {
        int n = b.Count;
        var history = Behaviours(b).Sum(1);                              // [B, 2d]: pooled items, then pooled categories
        var fields = Tensor.Concat([UserVector(b), Candidate(b), history], 1);   // [B, 5d]
        var v = fields.Reshape(n, 5, D);
        var sum = v.Sum(1);
        var pairwise = sum.Mul(sum).Sub(v.Mul(v).Sum(1)).Sum(1).Mul(0.5f);      // [B]
        return _firstOrder.Logits(b).Add(pairwise).Add(_mlp.Forward(fields).Reshape(n));
    }
}
