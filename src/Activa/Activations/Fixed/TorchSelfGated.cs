using System.Runtime.Intrinsics;
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
public readonly struct SiluOp : IFixedActivation<SiluOp>
{
    private const float Low = -80f, High = 80f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("silu", "x·σ(x) = x / (1 + e^(−x))",
        "Elfwing, Uchibe & Doya, Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning, Neural Networks", 2018,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["sigmoid-weighted-linear-unit"],
        Lower = -0.2784645427610738, Family = "self-gated", Torch = "F.silu(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SiluOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x / (1 + Math.Exp(-x));

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = MathF.Max(x, Low);
        return l * VectorMath.Sigmoid(l);
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var l = Vector256.Max(x, Vector256.Create(Low));
        return l * VectorMath.Sigmoid(l);
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var l = Vector512.Max(x, Vector512.Create(Low));
        return l * VectorMath.Sigmoid(l);
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float c = MathF.Min(MathF.Max(x, Low), High), e = VectorMath.Exp(-c), s = 1f / (1f + e);
        return s * MathF.FusedMultiplyAdd(c * e, s, 1f);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256.Create(High));
        var e = VectorMath.Exp(-c);
        var s = Vector256<float>.One / (Vector256<float>.One + e);
        return s * Vector256.FusedMultiplyAdd(c * e, s, Vector256<float>.One);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var c = Vector512.Min(Vector512.Max(x, Vector512.Create(Low)), Vector512.Create(High));
        var e = VectorMath.Exp(-c);
        var s = Vector512<float>.One / (Vector512<float>.One + e);
        return s * Vector512.FusedMultiplyAdd(c * e, s, Vector512<float>.One);
    }
}

/// <summary>
/// Mish: f(x) = x·tanh(softplus(x)). With e = eˣ and n = e(e + 2), tanh(ln(1 + e)) = n/(n + 2), so one exponential
/// and one division suffice; f'(x) = n/(n + 2) + 4x·e(1 + e)/(n + 2)².
/// Misra, "Mish: A Self Regularized Non-Monotonic Activation Function", BMVC 2020.
/// </summary>
/// <remarks>x is clamped to [−100, 20] inside the gate: above 20 the gate is 1 in float, below −100 f and f' are below 1e−41.</remarks>
public readonly struct MishOp : IFixedActivation<MishOp>
{
    private const float Low = -100f, High = 20f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("mish", "x·tanh(ln(1 + eˣ))",
        "Misra, Mish: A Self Regularized Non-Monotonic Activation Function, BMVC", 2020,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.30884341301725041, Family = "self-gated", Torch = "F.mish(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static MishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Tanh(RefMath.Softplus(x));

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = MathF.Max(x, Low), e = VectorMath.Exp(MathF.Min(l, High));
        float n = e * (e + 2f);
        return l * (n / (n + 2f));
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var l = Vector256.Max(x, Vector256.Create(Low));
        var e = VectorMath.Exp(Vector256.Min(l, Vector256.Create(High)));
        var two = Vector256.Create(2f);
        var n = e * (e + two);
        return l * (n / (n + two));
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var l = Vector512.Max(x, Vector512.Create(Low));
        var e = VectorMath.Exp(Vector512.Min(l, Vector512.Create(High)));
        var two = Vector512.Create(2f);
        var n = e * (e + two);
        return l * (n / (n + two));
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float c = MathF.Min(MathF.Max(x, Low), High), e = VectorMath.Exp(c);
        float m = MathF.FusedMultiplyAdd(e, e, e);      // e(1 + e)
        float n = m + e;                                // e(e + 2)
        float d = 1f / (n + 2f);
        return MathF.FusedMultiplyAdd(n, d, 4f * c * m * d * d);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256.Create(High));
        var e = VectorMath.Exp(c);
        var m = Vector256.FusedMultiplyAdd(e, e, e);
        var n = m + e;
        var d = Vector256<float>.One / (n + Vector256.Create(2f));
        return Vector256.FusedMultiplyAdd(n, d, Vector256.Create(4f) * c * m * d * d);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var c = Vector512.Min(Vector512.Max(x, Vector512.Create(Low)), Vector512.Create(High));
        var e = VectorMath.Exp(c);
        var m = Vector512.FusedMultiplyAdd(e, e, e);
        var n = m + e;
        var d = Vector512<float>.One / (n + Vector512.Create(2f));
        return Vector512.FusedMultiplyAdd(n, d, Vector512.Create(4f) * c * m * d * d);
    }
}

/// <summary>
/// Hard swish: f(x) = x·relu6(x + 3)/6 = x·min(max(x/6 + ½, 0), 1); f'(x) = 0 for x &lt; −3, x/3 + ½ for −3 ≤ x &lt; 3,
/// 1 for x ≥ 3: the right-hand derivative at both kinks (−½ at −3 and 1 at 3), as PyTorch's vectorised kernel
/// (PyTorch 1.13's scalar tail loop gives 3/2 at 3).
/// Howard et al., "Searching for MobileNetV3", ICCV 2019.
/// </summary>
public readonly struct HardSwishOp : IFixedActivation<HardSwishOp>
{
    private const float Sixth = 1f / 6f, Third = 1f / 3f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("hard-swish", "x·min(max(x + 3, 0), 6) / 6",
        "Howard, Sandler, Chu, Chen, Chen, Tan, Wang, Zhu, Pang, Vasudevan, Le & Adam, Searching for MobileNetV3, ICCV", 2019,
        ActivationProperties.ZeroCentred | ActivationProperties.Sparse | ActivationProperties.SelfGated)
    {
        Aliases = ["hardswish", "h-swish"],
        Lower = -0.375, Family = "self-gated", Torch = "F.hardswish(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static HardSwishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Min(Math.Max(x + 3, 0), 6) / 6;

    /// <inheritdoc/>
    public float Forward(float x) => x * MathF.Min(MathF.Max(MathF.FusedMultiplyAdd(x, Sixth, 0.5f), 0f), 1f);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        x * Vector256.Min(Vector256.Max(Vector256.FusedMultiplyAdd(x, Vector256.Create(Sixth), Vector256.Create(0.5f)), Vector256<float>.Zero), Vector256<float>.One);
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        x * Vector512.Min(Vector512.Max(Vector512.FusedMultiplyAdd(x, Vector512.Create(Sixth), Vector512.Create(0.5f)), Vector512<float>.Zero), Vector512<float>.One);
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x < -3f ? 0f : x >= 3f ? 1f : MathF.FusedMultiplyAdd(x, Third, 0.5f);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.AndNot(Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(3f)), Vector256<float>.One,
            Vector256.FusedMultiplyAdd(x, Vector256.Create(Third), Vector256.Create(0.5f))), Vector256.LessThan(x, Vector256.Create(-3f)));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.AndNot(Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512.Create(3f)), Vector512<float>.One,
            Vector512.FusedMultiplyAdd(x, Vector512.Create(Third), Vector512.Create(0.5f))), Vector512.LessThan(x, Vector512.Create(-3f)));
}
