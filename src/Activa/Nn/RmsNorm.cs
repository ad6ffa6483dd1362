namespace Activa.Nn;

/// <summary>
/// Root-mean-square normalisation over the last dimension: y = x / √(mean(x²) + ε) · γ. Zhang &amp;
/// Sennrich, 2019.
/// </summary>
public sealed class RmsNorm : Module
{
    /// <summary>Scale γ [features].</summary>
    public Tensor Weight { get; }
    /// <summary>Size of the normalised (last) dimension.</summary>
    public int Features { get; }
    /// <summary>Added to the mean square.</summary>
    public float Eps { get; }

    /// <summary>Creates the layer (γ = 1).</summary>
    public RmsNorm(int features, float eps = 1e-6f)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "RmsNorm needs a positive size.");
        Features = features;
        Eps = eps;
        Weight = RegisterParameter("weight", Tensor.Ones(features));
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank == 0 || input.Size(-1) != Features)
            throw new ShapeMismatchException("rms_norm", $"input {Shape.Format(input.Shape)} does not end in {Features} features");
        return input.Div(input.Square().Mean(-1, keepDim: true).Add(Eps).Sqrt()).Mul(Weight);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"{Features}, eps={Eps}";
}
