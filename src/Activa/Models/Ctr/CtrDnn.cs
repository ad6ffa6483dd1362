using Activa.Data.Ctr;
using Activa.Nn;

namespace Activa.Models.Ctr;

/// <summary>
/// The Embedding &amp; MLP base model of DIN's paper: [user, q, Σⱼ kⱼ] (the history sum-pooled) → MLP → logit.
/// Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018 (BaseModel).
/// </summary>
public sealed class CtrDnn : CtrModel
{
    private readonly Sequential _mlp;

    /// <summary>Creates the model for the vocabularies of <paramref name="data"/>.</summary>
    public CtrDnn(CtrModelOptions options, CtrVocabulary data, Generator generator) : base(options, data, generator) =>
        _mlp = RegisterModule("mlp", Mlp(5 * D, options.Hidden, options.Activation, 1, generator));

    /// <inheritdoc/>
    public override Tensor Logits(CtrBatch b)
    {
        var x = Tensor.Concat([UserVector(b), Candidate(b), Behaviours(b).Sum(1)], 1);
        return _mlp.Forward(x).Reshape(b.Count);
    }
}
