namespace Activa.Activations.Learnable;

/// <summary>
/// The pole-free ("safe") denominators of a rational activation P(x)/Q(x), P(x) = Σ_{i=0..m} aᵢxⁱ, with the
/// letters of the rational_activations library (Molina et al.; Delfosse et al.). Every version keeps Q ≥ 1
/// (C: Q ≥ 0.1), so the function has no poles.
/// </summary>
public enum RationalVersion
{
    /// <summary>Q(x) = 1 + Σ_{j=1..n} |b_j·xʲ| = 1 + Σ |b_j|·|x|ʲ — the form of the original PAU CUDA code (and rational_activations' default).</summary>
    A,
    /// <summary>Q(x) = 1 + |Σ_{j=1..n} b_j·xʲ| — the "safe PAU" of the paper (Molina et al., 2020, eq. 3); Activa's default.</summary>
    B,
    /// <summary>Q(x) = 0.1 + |Σ_{j=0..n−1} b_j·xʲ| — n coefficients starting at a learnable constant b₀, as in rational_activations.</summary>
    C,
    /// <summary>B, with each numerator coefficient multiplied by fresh uniform noise U(1 − ε, 1 + ε) (ε = 0.1) at every training forward; plain B in evaluation.</summary>
    D,
}
