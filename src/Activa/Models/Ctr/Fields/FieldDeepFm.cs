using Activa.Data.Ctr.Features;
using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// DeepFM on a feature batch, over the F embedded fields vᵢ (bags and sequences pooled):
/// logit = (LR: b + Σᵢ wᵢ + wᵀx) + ½ Σ_d [(Σᵢ vᵢ)² − Σᵢ vᵢ²] (pairwise interactions) + MLP([v₁ … v_F, x]);
/// the dense numerics x enter the first-order term and the MLP.
/// Guo, Tang, Ye, Li &amp; He, "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction", IJCAI 2017.
/// </summary>
public sealed class FieldDeepFm : FieldCtrModel
{
    private readonly Sequential _mlp;
    private readonly FieldLogistic _firstOrder;

    /// <summary>Creates the model for <paramref name="layout"/>.</summary>
    public FieldDeepFm(FieldLayout layout, CtrModelOptions options, Generator generator) : base(layout, options, generator)
    {
        _mlp = RegisterModule("mlp", Mlp(Inputs.Width, options.Hidden, options.Activation, 1, generator));
        _firstOrder = RegisterModule("first_order", new FieldLogistic(layout, options, generator));
    }

    /// <inheritdoc/>
    public override Tensor Logits(FeatureBatch batch)
    {
        var x = Inputs.Forward(batch);
        var logit = _firstOrder.Logits(batch).Add(_mlp.Forward(x.Flat()).Reshape(x.Count));
        if (x.Slots.Length < 2) return logit;
        var v = x.Stacked();                                              // [B, F, d]
        var sum = v.Sum(1);
        return logit.Add(sum.Mul(sum).Sub(v.Mul(v).Sum(1)).Sum(1).Mul(0.5f));
    }
}
