using Activa.Kernels;

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
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x;
    /// <inheritdoc/>
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f;
}
