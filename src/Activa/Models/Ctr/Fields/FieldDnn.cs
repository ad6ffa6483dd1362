using Activa.Data.Ctr.Features;
using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// Embedding &amp; MLP on a feature batch: [e₁ … e_F, dense] (sequences and bags pooled) → MLP → logit — DIN's
/// BaseModel when the history is sum-pooled. Zhou et al., "Deep Interest Network for Click-Through Rate Prediction",
/// KDD 2018 (BaseModel).
/// </summary>
public sealed class FieldDnn : FieldCtrModel
{
    private readonly Sequential _mlp;

    /// <summary>Creates the model for <paramref name="layout"/>.</summary>
    public FieldDnn(FieldLayout layout, CtrModelOptions options, Generator generator) : base(layout, options, generator) =>
        _mlp = RegisterModule("mlp", Mlp(Inputs.Width, options.Hidden, options.Activation, 1, generator));

    /// <inheritdoc/>
    public override Tensor Logits(FeatureBatch batch)
    {
        var x = Inputs.Forward(batch);
        return _mlp.Forward(x.Flat()).Reshape(x.Count);
    }
}
