using Activa.Nn;

namespace Activa.Sparsity;

/// <summary>
/// An activation layer whose small outputs are cut to exact zeros: y = f(x) where |f(x)| &gt; t, else 0. Activity is
/// judged by output magnitude, as "ReLU² Wins" (Zhang et al., 2024) defines it, so the shift applies to any activation
/// (ReLU², SiLU, GELU, learnable ones). For ReLU it is ProSparse's FATReLU_t, and <see cref="ActivationThresholds"/>
/// then uses the zoo's fused <c>thresholded-relu</c> instead of this wrapper. The gradient passes where the output is kept.
/// </summary>
public sealed class ThresholdedActivation : Module
{
    /// <summary>The activation whose outputs are thresholded.</summary>
    public Module Inner { get; }

    /// <summary>Outputs with magnitude at or below this value become 0.</summary>
    public float Threshold { get; }

    /// <summary>Wraps <paramref name="inner"/> with threshold <paramref name="threshold"/> (≥ 0).</summary>
    /// <exception cref="ArgumentException">The threshold is negative or not finite.</exception>
    public ThresholdedActivation(Module inner, float threshold)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(threshold >= 0) || !float.IsFinite(threshold))
            throw new ArgumentException($"ThresholdedActivation: threshold must be finite and ≥ 0, got {threshold}.", nameof(threshold));
        Inner = RegisterModule("inner", inner);
        Threshold = threshold;
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        var y = Inner.Forward(input);
        if (Threshold == 0) return y;
        var values = y.Contiguous().AsSpan();
        var keep = new float[values.Length];
        for (int i = 0; i < values.Length; i++) keep[i] = MathF.Abs(values[i]) > Threshold ? 1f : 0f;
        return y.Mul(Tensor.FromArray(keep, y.Shape.ToArray()));
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"t={Threshold}";
}
