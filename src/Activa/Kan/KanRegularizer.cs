using Activa.Nn;

namespace Activa.Kan;

/// <summary>
/// The sparsification penalty of the KAN paper (Liu et al., arXiv 2404.19756 §2.5), which makes a KAN prunable:
/// per layer, the L1 norm of the edges plus the entropy of their distribution, Σ_layers (|Φ|₁ + μ·S(Φ)), scaled by λ.
/// An edge's magnitude is measured on its coefficients, |φ_ij| = mean_k |W[j, i·S + k]| (as efficient-kan does: the
/// paper's mean |φ_ij(x)| over the batch needs the [batch, in, out] tensor the efficient layer never builds);
/// S(Φ) = −Σ p_ij·log p_ij with p_ij = |φ_ij| / |Φ|₁.
/// </summary>
public static class KanRegularizer
{
    /// <summary>pykan's default weight of the entropy term relative to the L1 term.</summary>
    public const float DefaultEntropyWeight = 2f;

    /// <summary>λ·Σ_layers (|Φ|₁ + μ·S(Φ)) over the KAN layers of <paramref name="model"/>, as a recorded scalar (0 without KAN layers).</summary>
    /// <exception cref="ArgumentException">A negative or non-finite λ or μ.</exception>
    public static Tensor Penalty(Module model, float lambda, float entropyWeight = DefaultEntropyWeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(lambda >= 0) || !float.IsFinite(lambda)) throw new ArgumentException($"KAN sparsity λ must be finite and ≥ 0, got {lambda}.", nameof(lambda));
        if (!(entropyWeight >= 0) || !float.IsFinite(entropyWeight)) throw new ArgumentException($"KAN entropy weight must be finite and ≥ 0, got {entropyWeight}.", nameof(entropyWeight));
        Tensor? total = null;
        foreach (var layer in KanNetwork.Layers(model))
        {
            var edges = layer.Weight.Reshape(layer.OutFeatures, layer.InFeatures, layer.EdgeWidth).Abs().Mean(2);   // [out, in]
            var l1 = edges.Sum();
            var p = edges.Div(l1.Add(1e-12f));
            var entropy = p.Mul(p.Add(1e-12f).Log()).Sum().Mul(-1f);
            var term = l1.Add(entropy.Mul(entropyWeight));
            total = total == null ? term : total.Add(term);
        }
        return (total ?? Tensor.Zeros(1).Sum()).Mul(lambda);
    }
}
