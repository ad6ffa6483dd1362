using Activa.Data.Ctr.Features;
using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// Logistic regression on a feature batch: logit = b + Σ_fields w_id (one learned scalar per id: embeddings of
/// dimension 1; a bag or sequence contributes its pooled weights; every field has weights of its own, so a history item's
/// weight is not its weight as a candidate) + wᵀx over the dense numerics.
/// </summary>
public sealed class FieldLogistic : FieldCtrModel
{
    private readonly Tensor _bias;
    private readonly Linear? _dense;

    /// <summary>Creates the model for <paramref name="layout"/>.</summary>
    public FieldLogistic(FieldLayout layout, CtrModelOptions options, Generator generator) : base(layout, options, generator, dim: 1, shared: false)
    {
        _bias = RegisterParameter("bias", Tensor.Zeros(1));
        if (layout.NumericFields.Count > 0)
            _dense = RegisterModule("dense", new Linear(layout.NumericFields.Count, 1, bias: false, generator: generator));
    }

    /// <inheritdoc/>
    public override Tensor Logits(FeatureBatch batch)
    {
        var x = Inputs.Forward(batch);
        var logit = x.Slots.Length > 0 ? x.Stacked().Sum([1, 2]).Add(_bias) : _bias.Expand(x.Count);
        return _dense != null ? logit.Add(_dense.Forward(x.Dense!).Reshape(x.Count)) : logit;
    }
}
