using Activa.Kernels;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// CELU: f(x) = max(0, x) + min(0, α(e^{x/α} − 1)) (α = 1); f'(x) = 1 for x &gt; 0, else e^{x/α} = y/α + 1
/// (computed from the output; 1 at 0 from both sides). Barron, "Continuously Differentiable Exponential Linear Units",
/// arXiv:1704.07483, 2017.
/// </summary>
internal readonly struct CeluOp(float alpha) : IFixedActivation<CeluOp>
{
    private readonly float _invAlpha = 1f / alpha;

    public static ActivationInfo Info { get; } = new("celu", "max(0, x) + min(0, α(e^(x/α) − 1))",
        "Barron, Continuously Differentiable Exponential Linear Units, arXiv:1704.07483", 2017,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Parameters = [new("alpha", 1.0, "saturation value −α for x → −∞ (> 0)", Positive)],
        Lower = -1, Family = "exponential", Torch = "F.celu(x)",
    };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public static CeluOp Create(ActivationOptions options) => new(options.Float(Info, "alpha"));
    public double Reference(double x) => Math.Max(0, x) + Math.Min(0, alpha * RefMath.Expm1(x / alpha));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(x, 0f), x, ExponentialUnit.Tail(x, alpha, _invAlpha));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(y, 0f), 1f, ExponentialUnit.Slope(y, alpha, _invAlpha));
}

/// <summary>
/// SELU: f(x) = λ·x for x &gt; 0, λα(eˣ − 1) otherwise, with α ≈ 1.6733 and λ ≈ 1.0507 fixed so that activations
/// self-normalise; f'(x) = λ for x &gt; 0, else y + λα (computed from the output; λα at 0, as PyTorch).
/// Klambauer, Unterthiner, Mayr &amp; Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017.
/// </summary>
internal readonly struct SeluOp : IFixedActivation<SeluOp>
{
    private const double AlphaD = 1.6732632423543772848170429916717, ScaleD = 1.0507009873554804934193349852946;
    private const float Scale = (float)ScaleD, ScaleAlpha = (float)(ScaleD * AlphaD);

    public static ActivationInfo Info { get; } = new("selu", "λ·x if x > 0, λα(eˣ − 1) otherwise; α ≈ 1.6733, λ ≈ 1.0507",
        "Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks, NeurIPS", 2017,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Aliases = ["scaled-elu"],
        Lower = -1.7580993408473769, Family = "exponential", Torch = "F.selu(x)",
    };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => ScaleD * (x > 0 ? x : AlphaD * RefMath.Expm1(x));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(x, 0f), x * Scale, TV.Fma(ScaleAlpha, TV.Exp(TV.Min(x, 0f)), -ScaleAlpha));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(y, 0f), Scale, ExponentialUnit.Slope(y, ScaleAlpha, 1f));
}
