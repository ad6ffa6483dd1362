namespace Activa.Nn;

/// <summary>
/// Layer normalisation over the last dimension: y = (x − mean) / √(var + ε) · γ + β, with the biased
/// variance. Ba, Kiros &amp; Hinton, 2016.
/// </summary>
public sealed class LayerNorm : Module
{
    /// <summary>Scale γ [features], or null without affine parameters.</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift β [features], or null.</summary>
    public Tensor? Bias { get; }
    /// <summary>Size of the normalised (last) dimension.</summary>
    public int Features { get; }
    /// <summary>Added to the variance.</summary>
    public float Eps { get; }

    /// <summary>Creates the layer (γ = 1, β = 0).</summary>
    public LayerNorm(int features, float eps = 1e-5f, bool elementwiseAffine = true)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "LayerNorm needs a positive size.");
        Features = features;
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(features));
            Bias = RegisterParameter("bias", Tensor.Zeros(features));
        }
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank == 0 || input.Size(-1) != Features)
            throw new ShapeMismatchException("layer_norm", $"input {Shape.Format(input.Shape)} does not end in {Features} features");
        var centred = input.Sub(input.Mean(-1, keepDim: true));
        var y = centred.Div(centred.Square().Mean(-1, keepDim: true).Add(Eps).Sqrt());
        return Weight == null ? y : y.Mul(Weight).Add(Bias!);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"{Features}, eps={Eps}";
}
