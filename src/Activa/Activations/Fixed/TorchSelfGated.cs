using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// SiLU: f(x) = x·σ(x); f'(x) = σ(x)(1 + x(1 − σ(x))), from x with one exponential: with e = e^{−x}, σ = 1/(1 + e)
/// and 1 − σ = e·σ without cancellation.
/// Elfwing, Uchibe &amp; Doya, "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in
/// Reinforcement Learning", Neural Networks 2018.
/// </summary>
/// <remarks>
/// x is clamped to ≥ −80 (where f and f' are below 1e−32), so that x·σ(x) stays finite·0 for any σ approximation,
/// and to ≤ 80 in the derivative (where it is 1 in float).
/// </remarks>
internal readonly struct SiluOp : IFixedActivation<SiluOp>
{
    private const float Low = -80f, High = 80f;

    public static ActivationInfo Info { get; } = new("silu", "x·σ(x) = x / (1 + e^(−x))",
        "Elfwing, Uchibe & Doya, Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning, Neural Networks", 2018,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["sigmoid-weighted-linear-unit"],
        Lower = -0.2784645427610738, Family = "self-gated", Torch = "F.silu(x)",
    };
    public double Reference(double x) => x / (1 + Math.Exp(-x));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return l * TV.Sigmoid(l);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.Min(TV.Max(x, Low), High), e = TV.Exp(-c), s = 1f / (1f + e);
        return SelfGatedMath.SwishSlope(c, s, e * s);
    }
}

/// <summary>
/// Mish: f(x) = x·tanh(softplus(x)). With e = eˣ and n = e(e + 2), tanh(ln(1 + e)) = n/(n + 2), so one exponential
/// and one division suffice; f'(x) = n/(n + 2) + 4x·e(1 + e)/(n + 2)².
/// Misra, "Mish: A Self Regularized Non-Monotonic Activation Function", BMVC 2020.
/// </summary>
/// <remarks>x is clamped to [−100, 20] inside the gate: above 20 the gate is 1 in float, below −100 f and f' are below 1e−41.</remarks>
internal readonly struct MishOp : IFixedActivation<MishOp>
{
    private const float Low = -100f, High = 20f;

    public static ActivationInfo Info { get; } = new("mish", "x·tanh(ln(1 + eˣ))",
        "Misra, Mish: A Self Regularized Non-Monotonic Activation Function, BMVC", 2020,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.30884341301725041, Family = "self-gated", Torch = "F.mish(x)",
    };
    public double Reference(double x) => x * Math.Tanh(RefMath.Softplus(x));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return l * SelfGatedMath.TanhLog1p(TV.Exp(TV.Min(l, High)));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.Min(TV.Max(x, Low), High), e = TV.Exp(c);
        TV m = TV.Fma(e, e, e);      // e(1 + e)
        TV n = m + e;                // e(e + 2)
        TV d = 1f / (n + 2f);
        return TV.Fma(n, d, 4f * c * m * d * d);
    }
}

/// <summary>
/// Hard swish: f(x) = x·relu6(x + 3)/6 = x·min(max(x/6 + ½, 0), 1); f'(x) = 0 for x &lt; −3, x/3 + ½ for −3 ≤ x &lt; 3,
/// 1 for x ≥ 3: the right-hand derivative at both kinks (−½ at −3 and 1 at 3), as PyTorch's vectorised kernel
/// (PyTorch 1.13's scalar tail loop gives 3/2 at 3).
/// Howard et al., "Searching for MobileNetV3", ICCV 2019.
/// </summary>
internal readonly struct HardSwishOp : IFixedActivation<HardSwishOp>
{
    private const float Sixth = 1f / 6f, Third = 1f / 3f;

    public static ActivationInfo Info { get; } = new("hard-swish", "x·min(max(x + 3, 0), 6) / 6",
        "Howard, Sandler, Chu, Chen, Chen, Tan, Wang, Zhu, Pang, Vasudevan, Le & Adam, Searching for MobileNetV3, ICCV", 2019,
        ActivationProperties.ZeroCentred | ActivationProperties.Sparse | ActivationProperties.SelfGated)
    {
        Aliases = ["hardswish", "h-swish"],
        Lower = -0.375, Family = "self-gated", Torch = "F.hardswish(x)",
    };
    public double Reference(double x) => x * Math.Min(Math.Max(x + 3, 0), 6) / 6;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Min(TV.Max(TV.Fma(x, Sixth, 0.5f), 0f), 1f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.AndNot(TV.Select(TV.GreaterThanOrEqual(x, 3f), 1f, TV.Fma(x, Third, 0.5f)), TV.LessThan(x, -3f));
}
