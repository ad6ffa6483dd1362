using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// DIN's local activation unit: the weight of behaviour kⱼ for candidate q is a(kⱼ, q) = MLP([q, kⱼ, q − kⱼ, q ⊙ kⱼ])
/// (one hidden layer, then one output), zero at padding; not normalised (the paper: the weights keep the intensity of
/// interest) or softmax-normalised over the behaviours (the official code).
/// Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018, §4.3.
/// </summary>
public sealed class LocalActivationUnit : Module
{
    private readonly Sequential _mlp;

    /// <summary>Whether the weights are softmax-normalised.</summary>
    public bool Softmax { get; }

    /// <summary>Creates the unit for vectors of width <paramref name="width"/>.</summary>
    /// <exception cref="ArgumentException">A non-positive hidden width.</exception>
    public LocalActivationUnit(int width, int hidden, string activation, bool softmax, Generator generator)
    {
        if (hidden < 1) throw new ArgumentException($"DIN: AttentionHidden must be positive, got {hidden}.");
        Softmax = softmax;
        _mlp = RegisterModule("mlp", CtrModel.Mlp(4 * width, [hidden], activation, 1, generator));
    }

    /// <summary>The weight of each behaviour, [B, L], from q [B, w], k [B, L, w] and the mask [B, L].</summary>
    public Tensor Weights(Tensor q, Tensor k, Tensor mask)
    {
        int n = k.Dims[0], l = k.Dims[1], w = k.Dims[2];
        var qe = q.Unsqueeze(1).Expand(n, l, w);
        var scores = _mlp.Forward(Tensor.Concat([qe, k, qe.Sub(k), qe.Mul(k)], 2).Reshape(n * l, 4 * w)).Reshape(n, l);
        if (!Softmax) return scores.Mul(mask);
        // Padding gets a large negative score, so its softmax weight is 0 (an empty history pools nothing).
        return scores.Mul(mask).Add(mask.Affine(1e9f, -1e9f)).Softmax(1).Mul(mask);
    }

    /// <summary>Σⱼ a(kⱼ, q)·kⱼ, [B, w].</summary>
    public Tensor Pool(Tensor q, Tensor k, Tensor mask) => Functional.WeightedSum(Weights(q, k, mask), k);
}
