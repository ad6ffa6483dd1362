using Activa.Kernels;

namespace Activa.Activations;

/// <summary>Identity (linear): f(x) = x; f'(x) = 1. The "no activation" baseline.</summary>
internal readonly struct IdentityOp : IFixedActivation<IdentityOp>
{
    public static ActivationInfo Info { get; } = new("identity", "x", "— (the linear unit; baseline)", 1943,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["linear", "none"], Family = "other", Torch = "x",
    };
    public double Reference(double x) => x;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f;
}
