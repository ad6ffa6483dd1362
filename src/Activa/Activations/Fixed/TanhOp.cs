using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Hyperbolic tangent: f(x) = tanh x; f'(x) = 1 − y².
/// LeCun, Bottou, Orr &amp; Müller, "Efficient BackProp", Neural Networks: Tricks of the Trade, 1998.
/// </summary>
internal readonly struct TanhOp : IFixedActivation<TanhOp>
{
    public static ActivationInfo Info { get; } = new("tanh", "(e^x − e^(−x)) / (e^x + e^(−x))",
        "LeCun, Bottou, Orr & Müller, Efficient BackProp, Neural Networks: Tricks of the Trade", 1998,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Lower = -1, Upper = 1, Family = "sigmoidal", Torch = "torch.tanh(x)",
    };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => Math.Tanh(x);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Tanh(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f - y * y;
}
