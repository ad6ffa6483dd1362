using Activa.Data.Ctr.Features;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// FinalMLP on a feature batch: the <see cref="TwoStreamMlp"/> over e = [e₁ … e_F, dense] (bags and sequences pooled),
/// both gates reading the whole input as context (a schema does not say which fields are user side and which item
/// side). Without gates and fusion (<c>gated: false</c>) it is DualMLP.
/// Mao, Zhu, Wang, Jin, Liu &amp; He, "FinalMLP: An Enhanced Two-Stream MLP Model for CTR Prediction", AAAI 2023.
/// </summary>
public sealed class FieldFinalMlp : FieldCtrModel
{
    private readonly TwoStreamMlp _streams;

    /// <summary>Whether the streams are gated and fused (FinalMLP) or summed (DualMLP).</summary>
    public bool Gated => _streams.Gated;

    /// <summary>Creates the model for <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">Empty hidden widths, or heads that do not divide the streams' output widths.</exception>
    public FieldFinalMlp(FieldLayout layout, CtrModelOptions options, Generator generator, bool gated) : base(layout, options, generator) =>
        _streams = RegisterModule("streams", new TwoStreamMlp(Inputs.Width, Inputs.Width, Inputs.Width, options, generator, gated));

    /// <inheritdoc/>
    public override Tensor Logits(FeatureBatch batch)
    {
        var e = Inputs.Forward(batch).Flat();
        return _streams.Logits(e, e, e);
    }
}
