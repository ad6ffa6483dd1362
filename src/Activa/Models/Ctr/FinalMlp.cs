using Activa.Data.Ctr;

namespace Activa.Models.Ctr;

/// <summary>
/// FinalMLP on behaviour samples: the <see cref="TwoStreamMlp"/> over the field embeddings e = [user, q, Σⱼ kⱼ] (5d),
/// the first stream gated on the user side c₁ = [user, Σⱼ kⱼ], the second on the item side c₂ = q. Without gates and
/// fusion (<c>gated: false</c>) it is DualMLP.
/// Mao, Zhu, Wang, Jin, Liu &amp; He, "FinalMLP: An Enhanced Two-Stream MLP Model for CTR Prediction", AAAI 2023.
/// </summary>
public sealed class FinalMlp : CtrModel
{
    private readonly TwoStreamMlp _streams;

    /// <summary>Whether the streams are gated and fused (FinalMLP) or just summed (DualMLP).</summary>
    public bool Gated => _streams.Gated;

    /// <summary>The two streams (for the scorer).</summary>
    internal TwoStreamMlp Streams => _streams;

    /// <summary>Creates the model for the vocabularies of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">Empty hidden widths, or heads that do not divide the streams' output widths.</exception>
    public FinalMlp(CtrModelOptions options, CtrVocabulary data, Generator generator, bool gated) : base(options, data, generator) =>
        _streams = RegisterModule("streams", new TwoStreamMlp(5 * D, 3 * D, 2 * D, options, generator, gated));

    /// <inheritdoc/>
    public override Tensor Logits(CtrBatch b)
    {
        var user = UserVector(b);
        var q = Candidate(b);
        var pooled = Behaviours(b).Sum(1);
        return _streams.Logits(Tensor.Concat([user, q, pooled], 1), Tensor.Concat([user, pooled], 1), q);
    }
}
