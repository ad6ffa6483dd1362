using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>Logistic sigmoid: f(x) = 1 / (1 + e^{−x}); f'(x) = y(1 − y).</summary>
public readonly struct SigmoidOp : IActivationOp
{
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
