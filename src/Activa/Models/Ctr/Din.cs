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

    private Tensor Weights(CtrBatch b, Tensor q, Tensor k)
    {
        int n = b.Count, l = b.HistoryLength, w = 2 * D;
        var qe = q.Unsqueeze(1).Expand(n, l, w);
        var units = Tensor.Concat([qe, k, qe.Sub(k), qe.Mul(k)], 2).Reshape(n * l, 4 * w);
        var scores = _attention.Forward(units).Reshape(n, l);
        if (!Options.AttentionSoftmax) return scores.Mul(b.Mask);
        // Padding gets a large negative score, so its softmax weight is 0 (a user without history pools nothing).
        var masked = scores.Mul(b.Mask).Add(b.Mask.Affine(1e9f, -1e9f));
        return masked.Softmax(1).Mul(b.Mask);
    }

    /// <inheritdoc/>
    public override Tensor Logits(CtrBatch b)
    {
        var q = Candidate(b);
        var k = Behaviours(b);
        var pooled = Weights(b, q, k).Unsqueeze(2).Mul(k).Sum(1);       // [B, 2d]
        return _mlp.Forward(Tensor.Concat([UserVector(b), q, pooled], 1)).Reshape(b.Count);
    }
}
