namespace Activa.Nn;

/// <summary>
/// Softmax gated attention over the last axis, GA(x) = x ⊙ softmax(xW + b) with a square W [features, features]: the
/// gate of TSMixer / PatchTSMixer (Ekambaram et al., "TSMixer: Lightweight MLP-Mixer Model for Multivariate Time
/// Series Forecasting", KDD 2023), which re-weights the features of each row by a learned, input-dependent
/// distribution.
/// </summary>
public sealed class SoftmaxGatedAttention : Module
{
    /// <summary>The projection xW + b.</summary>
    public Linear Projection { get; }
    /// <summary>Size of the gated (last) axis.</summary>
    public int Features { get; }

    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> is below 1.</exception>
    public SoftmaxGatedAttention(int features, Generator? generator = null)
    {
        if (features < 1) throw new ArgumentException($"SoftmaxGatedAttention: features must be at least 1, got {features}.", nameof(features));
        Features = features;
        Projection = RegisterModule("projection", new Linear(features, features, generator: generator));
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank == 0 || input.Size(-1) != Features)
            throw new ShapeMismatchException("softmax_gated_attention", $"input {Shape.Format(input.Shape)} does not end in {Features} features");
        return input.Mul(Projection.Forward(input).Softmax(-1));
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"{Features}";
}
