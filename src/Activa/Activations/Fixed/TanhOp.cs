using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Hyperbolic tangent: f(x) = tanh x; f'(x) = 1 − y².
/// LeCun, Bottou, Orr &amp; Müller, "Efficient BackProp", Neural Networks: Tricks of the Trade, 1998.
/// </summary>
public readonly struct TanhOp : IFixedActivation<TanhOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("tanh", "(e^x − e^(−x)) / (e^x + e^(−x))",
        "LeCun, Bottou, Orr & Müller, Efficient BackProp, Neural Networks: Tricks of the Trade", 1998,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Lower = -1, Upper = 1, Family = "sigmoidal", Torch = "torch.tanh(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Output;
    /// <inheritdoc/>
    public static TanhOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => Math.Tanh(x);

    /// <inheritdoc/>
    public float Forward(float x) => VectorMath.Tanh(x);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => VectorMath.Tanh(x);
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => VectorMath.Tanh(x);
    /// <inheritdoc/>
    public float Derivative(float x, float y) => 1f - y * y;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256<float>.One - y * y;
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512<float>.One - y * y;
}
