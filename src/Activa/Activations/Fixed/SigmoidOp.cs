using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Logistic sigmoid: f(x) = σ(x) = 1 / (1 + e^{−x}); f'(x) = y(1 − y).
/// Rumelhart, Hinton &amp; Williams, "Learning representations by back-propagating errors", Nature 1986.
/// </summary>
internal readonly struct SigmoidOp : IFixedActivation<SigmoidOp>
{
    public static ActivationInfo Info { get; } = new("sigmoid", "1 / (1 + e^(−x))",
        "Rumelhart, Hinton & Williams, Learning representations by back-propagating errors, Nature", 1986,
        ActivationProperties.Monotone | ActivationProperties.Smooth)
    {
        Aliases = ["logistic"], Lower = 0, Upper = 1, Family = "sigmoidal", Torch = "torch.sigmoid(x)",
    };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => 1 / (1 + Math.Exp(-x));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Sigmoid(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => SigmoidalKernels.LogisticSlope(y);
}
