using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>Identity (linear): f(x) = x; f'(x) = 1. The "no activation" baseline.</summary>
public readonly struct IdentityOp : IFixedActivation<IdentityOp>, IActivationKernel
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
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x;
    /// <inheritdoc/>
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f;

    /// <inheritdoc/>
    public float Forward(float x) => Forward<Float1>(x).V;
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => Forward<Float8>(new(x)).V;
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => Forward<Float16>(new(x)).V;
    /// <inheritdoc/>
    public float Derivative(float x, float y) => Derivative<Float1>(x, y).V;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Derivative<Float8>(new(x), new(y)).V;
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Derivative<Float16>(new(x), new(y)).V;
}
