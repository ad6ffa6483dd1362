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
        var scores = AttentionScores(q, k, n, l, w);
        if (!Options.AttentionSoftmax) return scores.Mul(b.Mask);
        // Padding gets a large negative score, so its softmax weight is 0 (a user without history pools nothing).
        var masked = scores.Mul(b.Mask).Add(b.Mask.Affine(1e9f, -1e9f));
        return masked.Softmax(1).Mul(b.Mask);
    }

    /// <summary>
    /// The local activation unit's scores [B·L, 1] without building its [B·L, 8d] input: its first layer is linear, so
    /// W·[q, k, q − k, q ⊙ k] = (W_q + W_d)·q + (W_k − W_d)·k + W_p·(q ⊙ k), and the q term is computed once per sample.
    /// </summary>
    private Tensor AttentionScores(Tensor q, Tensor k, int n, int l, int w)
    {
        var layers = _attention.Layers;
        var first = (Linear)layers[0];
        var weight = first.Weight;                                           // [h, 4w]: blocks q, k, q − k, q ⊙ k
        Tensor Block(int i) => weight.Narrow(1, i * w, w);
        // The [B·L, ·] intermediates are private to this method: their buffers go back to the pool after the backward.
        var perSample = Functional.Linear(q, Block(0).Add(Block(2)), first.Bias);                         // [B, h]
        var product = q.Unsqueeze(1).Mul(k).RecycleAfterBackward();                                        // [B, L, w]
        var perBehaviour = Functional.Linear(k.Reshape(n * l, w), Block(1).Sub(Block(2))).RecycleAfterBackward()
            .Add(Functional.Linear(product.Reshape(n * l, w), Block(3)).RecycleAfterBackward()).RecycleAfterBackward(); // [B·L, h]
        int h = weight.Size(0);
        var x = perBehaviour.Reshape(n, l, h).Add(perSample.Unsqueeze(1)).RecycleAfterBackward().Reshape(n * l, h);
        for (int i = 1; i < layers.Count; i++)
        {
            x = layers[i].Forward(x);
            if (i < layers.Count - 1) x.RecycleAfterBackward();
        }
        return x.Reshape(n, l);
    }

    /// <inheritdoc/>
    public override Tensor Logits(CtrBatch b)
    {
        var q = Candidate(b);
        var k = Behaviours(b).RecycleAfterBackward();                    // [B, L, 2d], private to this step
        var pooled = Functional.WeightedSum(Weights(b, q, k), k);       // [B, 2d]
        return _mlp.Forward(Tensor.Concat([UserVector(b), q, pooled], 1)).Reshape(b.Count);
    }
}
