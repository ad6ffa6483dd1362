using System.Runtime.Intrinsics;

namespace Activa.Activations;

/// <summary>Identity (linear): f(x) = x; f'(x) = 1. The "no activation" baseline.</summary>
public readonly struct IdentityOp : IFixedActivation<IdentityOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("identity", "x", "— (the linear unit; baseline)", 1943,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["linear", "none"], Family = "other", Torch = "x",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static IdentityOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x;
    /// <inheritdoc/>
    public float Forward(float x) => x;
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => x;
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => x;
    /// <inheritdoc/>
    public float Derivative(float x, float y) => 1f;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256<float>.One;
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512<float>.One;
}
