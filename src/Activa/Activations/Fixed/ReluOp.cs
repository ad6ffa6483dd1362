using System.Runtime.Intrinsics;

namespace Activa.Activations;

/// <summary>
/// ReLU: f(x) = max(0, x); f'(x) = 1 for x &gt; 0, else 0 (0 at the kink, as PyTorch).
/// Nair &amp; Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines", ICML 2010.
/// </summary>
public readonly struct ReluOp : IFixedActivation<ReluOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("relu", "max(0, x)",
        "Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines, ICML", 2010,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Lower = 0, Family = "rectifier", Torch = "F.relu(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static ReluOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => Math.Max(0, x);

    /// <inheritdoc/>
    public float Forward(float x) => x > 0 ? x : 0f * x; // 0·NaN keeps NaN
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.Zero, x);
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.Zero, x);
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x > 0 ? 1f : 0f;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256<float>.One;
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512<float>.One;
}
