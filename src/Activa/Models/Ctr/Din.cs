using Activa.Data.Ctr;
using Activa.Nn;

namespace Activa.Models.Ctr;

/// <summary>
/// Deep Interest Network: the history is pooled with weights from a local activation unit,
/// v = Σⱼ a(kⱼ, q)·kⱼ with a(k, q) = MLP([q, k, q − k, q ⊙ k]) (one hidden layer, Dice or PReLU, then one output);
/// the weights are not normalised (the paper: they keep the intensity of interest), or softmax-normalised over the
/// behaviours with <see cref="CtrModelOptions.AttentionSoftmax"/> (the official code). Then [user, q, v] → MLP → logit.
/// Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018.
/// </summary>
public sealed class Din : CtrModel
{
    private readonly Sequential _attention, _mlp;

    /// <summary>Creates the model for the vocabularies of <paramref name="data"/>.</summary>
    public Din(CtrModelOptions options, CtrVocabulary data, Generator generator) : base(options, data, generator)
    {
        if (options.AttentionHidden < 1) throw new ArgumentException($"DIN: AttentionHidden must be positive, got {options.AttentionHidden}.");
        _attention = RegisterModule("attention", Mlp(8 * D, [options.AttentionHidden], options.Activation, 1, generator));
        _mlp = RegisterModule("mlp", Mlp(5 * D, options.Hidden, options.Activation, 1, generator));
    }

    /// <summary>The attention weight of each behaviour, [B, L] (0 on padding).</summary>
    public Tensor AttentionWeights(CtrBatch b) => Weights(b, Candidate(b), Behaviours(b));

    private Tensor Weights(CtrBatch b, Tensor q, Tensor k) =>
        Fields.LocalActivationUnit.Normalise(Fields.LocalActivationUnit.Scores(_attention, q, k), b.Mask, Options.AttentionSoftmax);

    /// <inheritdoc/>
    public override Tensor Logits(CtrBatch b)
    {
        var q = Candidate(b);
        var k = Behaviours(b).RecycleAfterBackward();                    // [B, L, 2d], private to this step
        var pooled = Functional.WeightedSum(Weights(b, q, k), k);       // [B, 2d]
        return _mlp.Forward(Tensor.Concat([UserVector(b), q, pooled], 1)).Reshape(b.Count);
    }
}
