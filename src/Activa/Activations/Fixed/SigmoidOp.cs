using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Logistic sigmoid: f(x) = σ(x) = 1 / (1 + e^{−x}); f'(x) = y(1 − y).
/// Rumelhart, Hinton &amp; Williams, "Learning representations by back-propagating errors", Nature 1986.
/// </summary>
public readonly struct SigmoidOp : IFixedActivation<SigmoidOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("sigmoid", "1 / (1 + e^(−x))",
        "Rumelhart, Hinton & Williams, Learning representations by back-propagating errors, Nature", 1986,
        ActivationProperties.Monotone | ActivationProperties.Smooth)
    {
        Aliases = ["logistic"], Lower = 0, Upper = 1, Family = "sigmoidal", Torch = "torch.sigmoid(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Output;
    /// <inheritdoc/>
    public static SigmoidOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => 1 / (1 + Math.Exp(-x));

    /// <inheritdoc/>
    public float Forward(float x) => VectorMath.Sigmoid(x);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => VectorMath.Sigmoid(x);
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => VectorMath.Sigmoid(x);
    /// <inheritdoc/>
    public float Derivative(float x, float y) => y * (1f - y);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => y * (Vector256<float>.One - y);
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => y * (Vector512<float>.One - y);
}
