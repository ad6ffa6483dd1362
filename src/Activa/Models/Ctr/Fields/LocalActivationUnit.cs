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
    public Tensor Weights(Tensor q, Tensor k, Tensor mask) => Normalise(Scores(_mlp, q, k), mask, Softmax);

    /// <summary>
    /// The scores [B, L] of a unit (<paramref name="unit"/>: Linear(4w → h), activation, ..., Linear(· → 1)) for q [B, w] and
    /// k [B, L, w], without building its [B·L, 4w] input: the first layer is linear, so
    /// W·[q, k, q − k, q ⊙ k] = (W_q + W_d)·q + (W_k − W_d)·k + W_p·(q ⊙ k), and the q term is computed once per sample.
    /// </summary>
    internal static Tensor Scores(Sequential unit, Tensor q, Tensor k)
    {
        int n = k.Dims[0], l = k.Dims[1], w = k.Dims[2];
        var layers = unit.Layers;
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

    /// <summary>Scores [B, L] made 0 at padding (<paramref name="mask"/> 0), or softmax-normalised over the behaviours.</summary>
    internal static Tensor Normalise(Tensor scores, Tensor mask, bool softmax)
    {
        if (!softmax) return scores.Mul(mask);
        // Padding gets a large negative score, so its softmax weight is 0 (an empty history pools nothing).
        return scores.Mul(mask).Add(mask.Affine(1e9f, -1e9f)).Softmax(1).Mul(mask);
    }

    /// <summary>Σⱼ a(kⱼ, q)·kⱼ, [B, w].</summary>
    public Tensor Pool(Tensor q, Tensor k, Tensor mask) => Functional.WeightedSum(Weights(q, k, mask), k);
}
