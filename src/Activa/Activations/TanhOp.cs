using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>Hyperbolic tangent: f(x) = tanh x; f'(x) = 1 − y².</summary>
public readonly struct TanhOp : IActivationOp
{
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
