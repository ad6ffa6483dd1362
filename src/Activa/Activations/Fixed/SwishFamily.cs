using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

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
        ZeroCentred | Sparse | SelfGated)
    { Aliases = ["hardswish", "h-swish"], Lower = -0.375, Family = "self-gated", Torch = "F.hardswish(x)" };
    public double Reference(double x) => x * Math.Min(Math.Max(x + 3, 0), 6) / 6;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Min(TV.Max(TV.Fma(x, Sixth, 0.5f), 0f), 1f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.AndNot(TV.Select(TV.GreaterThanOrEqual(x, 3f), 1f, TV.Fma(x, Third, 0.5f)), TV.LessThan(x, -3f));
}

/// <summary>
/// The derivatives and gates the self-gated activations share (here and in MishFamily.cs), each
/// written once over the lane type.
/// </summary>
internal static class SelfGatedMath
{
    /// <summary>σ(t)·(1 + t(1 − σ(t))), the derivative of t·σ(t) (Swish, SiLU), from t and s = σ(t).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SwishSlope<TV>(TV t, TV s) where TV : struct, IFloatLanes<TV> => SwishSlope(t, s, 1f - s);

    /// <summary>The same, s·(1 + t·q), with q = 1 − σ(t) given (as e^{−t}·σ(t), say, free of cancellation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SwishSlope<TV>(TV t, TV s, TV q) where TV : struct, IFloatLanes<TV> => s * TV.Fma(t, q, 1f);

    /// <summary>1 − t², the derivative of tanh from t = tanh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhSlope<TV>(TV t) where TV : struct, IFloatLanes<TV> => TV.Fma(-t, t, 1f);

    /// <summary>tanh G + x·(1 − tanh²G)·G′, the derivative of x·tanh(G(x)), from t = tanh G and g = G′(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV XTanhSlope<TV>(TV x, TV t, TV g) where TV : struct, IFloatLanes<TV> => TV.Fma(x, TanhSlope(t) * g, t);

    /// <summary>tanh(ln(1 + u)) = n/(n + 2) with n = u(u + 2), for u ≥ 0 (Mish's gate with u = eˣ, Smish's with u = σ(x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhLog1p<TV>(TV u) where TV : struct, IFloatLanes<TV>
    {
        TV n = u * (u + 2f);
        return n / (n + 2f);
    }
}

/// <summary>
/// Swish: f(x) = x·σ(βx) (β = 1; β → ∞ gives ReLU, β = 0 gives x/2); SiLU (β = 1) and Quick GELU (β = 1.702) are its
/// specialisations (<see cref="Specialisation"/>);
/// f'(x) = σ(βx)(1 + βx(1 − σ(βx))).
/// Ramachandran, Zoph &amp; Le, "Searching for Activation Functions", arXiv 2017.
/// </summary>
/// <remarks>x is clamped to ≥ −100/β and βx to ≤ 100 inside the gate (f and f' are exact in float beyond).</remarks>
internal readonly struct SwishOp(float beta) : IFixedActivation<SwishOp>
{
    private const float Cap = 100f, ExpCap = 80f;
    private readonly float _low = beta > 0 ? -Cap / beta : float.NegativeInfinity;

    public static ActivationInfo Info { get; } = new("swish", "x·σ(β·x)",
        "Ramachandran, Zoph & Le, Searching for Activation Functions, arXiv", 2017, Smooth | ZeroCentred | SelfGated)
    { Parameters = [new("beta", 1.0, "gate sharpness β (≥ 0): 0 gives x/2, large values approach ReLU", NonNegative)], Lower = -0.2784645427610738,
      Family = "self-gated", Torch = "F.silu(x)" };
    public double Reference(double x) => x * RefMath.Sigmoid(beta * x);
    // max(low, x) with the native maximum, one instruction for a bound that is not a constant: it returns its second
    // operand when either is NaN (x86 maxps, ARM fmax and Float1's ?: alike), so NaN still propagates.
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.MaxNative(_low, x);
        return l * TV.Sigmoid(beta == 1f ? l : beta * l);   // β = 1 (SiLU) skips the product: 5–10 % of the op
    }
    // With t = βx clamped to [−80, 100] and e = e^(−t): σ(t) = 1/(1 + e) and 1 − σ(t) = e·σ(t), one exponential and
    // no cancellation (at t = −80, f' is below 1e−32).
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Min(TV.Max(beta == 1f ? x : beta * x, -ExpCap), Cap), e = TV.Exp(-t), s = 1f / (1f + e);
        return SelfGatedMath.SwishSlope(t, s, e * s);
    }
}

/// <summary>
/// E-swish: f(x) = β·x·σ(x) (β = 1.375); f'(x) = β·σ(x)(1 + x(1 − σ(x))).
/// Alcaide, "E-swish: Adjusting Activations to Different Network Depths", arXiv 2018.
/// </summary>
/// <remarks>x is clamped to ≥ −100 (where f and f' are below 1e−40).</remarks>
internal readonly struct ESwishOp(float beta) : IFixedActivation<ESwishOp>
{
    private const float Low = -100f;

    public static ActivationInfo Info { get; } = new("e-swish", "β·x·σ(x)",
        "Alcaide, E-swish: Adjusting Activations to Different Network Depths, arXiv", 2018, Smooth | ZeroCentred | SelfGated)
    { Aliases = ["eswish"], Parameters = [new("beta", 1.375, "output scale β (> 0; the paper uses 1 ≤ β ≤ 2)", Positive)],
      Lower = -0.38288874629647653, Family = "self-gated" };
    public double Reference(double x) => beta * x * RefMath.Sigmoid(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return beta * l * TV.Sigmoid(l);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return beta * SelfGatedMath.SwishSlope(l, TV.Sigmoid(l));
    }
}

/// <summary>
/// Swish-T: f(x) = x·σ(βx) + α·tanh x (β = 1, α = 0.1), Swish with a tanh bias that lets more negative values through;
/// f'(x) = σ(βx)(1 + βx(1 − σ(βx))) + α(1 − tanh²x).
/// Seo, Kim &amp; Park, "Swish-T: Enhancing Swish Activation with Tanh Bias for Improved Neural Network Performance", arXiv 2024.
/// </summary>
/// <remarks>x is clamped to ≥ −100/β and βx to ≤ 100 inside the swish term.</remarks>
internal readonly struct SwishTOp(float beta, float alpha) : IFixedActivation<SwishTOp>
{
    private const float Cap = 100f;
    private readonly float _low = beta > 0 ? -Cap / beta : float.NegativeInfinity;

    public static ActivationInfo Info { get; } = new("swish-t", "x·σ(β·x) + α·tanh x",
        "Seo, Kim & Park, Swish-T: Enhancing Swish Activation with Tanh Bias for Improved Neural Network Performance, arXiv", 2024,
        Smooth | ZeroCentred | SelfGated)
    { Aliases = ["swisht"], Parameters = [new("beta", 1.0, "gate sharpness β (≥ 0)", NonNegative), new("alpha", 0.1, "weight α of the tanh bias")],
      Lower = -0.36549441963340260, Family = "self-gated" };
    public double Reference(double x) => x * RefMath.Sigmoid(beta * x) + alpha * Math.Tanh(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, _low);
        return TV.Fma(alpha, TV.Tanh(x), l * TV.Sigmoid(TV.Min(beta * l, Cap)));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Min(beta * TV.Max(x, _low), Cap);
        return TV.Fma(alpha, SelfGatedMath.TanhSlope(TV.Tanh(x)), SelfGatedMath.SwishSlope(t, TV.Sigmoid(t)));
    }
}

/// <summary>
/// ARiA-2: f(x) = x·(1 + e^{−βx})^{−α} = x·σ(βx)^α (α = 1.5, β = 2), a Richards-curve gate whose exponent α controls the
/// non-monotonic bump; with g = exp(−α·softplus(−βx)), f'(x) = g·(1 + αβx(1 − σ(βx))).
/// Patwardhan, Ingalhalikar &amp; Walambe, "ARiA: Utilizing Richard's Curve for Controlling the Non-monotonicity of the
/// Activation Function in Deep Neural Nets", arXiv 2018.
/// </summary>
/// <remarks>x is clamped to ≥ −100/β and βx to ≤ 100 inside the gate.</remarks>
internal readonly struct Aria2Op(float alpha, float beta) : IFixedActivation<Aria2Op>
{
    private const float Cap = 100f;
    private readonly float _low = -Cap / beta;

    public static ActivationInfo Info { get; } = new("aria-2", "x·(1 + e^(−β·x))^(−α)",
        "Patwardhan, Ingalhalikar & Walambe, ARiA: Utilizing Richard's Curve for Controlling the Non-monotonicity of the Activation Function in Deep Neural Nets, arXiv", 2018,
        Smooth | ZeroCentred | SelfGated)
    { Aliases = ["aria2"],
      Parameters = [new("alpha", 1.5, "exponent α of the Richards gate (> 0)", Positive), new("beta", 2.0, "gate sharpness β (> 0)", Positive)],
      Lower = -0.06997764131970143, Family = "self-gated" };
    public double Reference(double x) => x * Math.Exp(-alpha * RefMath.Softplus(-(double)beta * x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, _low), t = TV.Min(beta * l, Cap);
        return l * TV.Exp(-alpha * TV.Softplus(-t));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Min(beta * TV.Max(x, _low), Cap);
        TV g = TV.Exp(-alpha * TV.Softplus(-t)), s = TV.Sigmoid(t);
        return g * TV.Fma(alpha * t, 1f - s, 1f);
    }
}

/// <summary>
/// AGLU with fixed κ, λ: f(x) = x·APA(x) = x·(λe^{−κx} + 1)^{−1/λ} (κ = λ = 1: SiLU); with z = ln λ − κx,
/// g = exp(−softplus(z)/λ), f'(x) = g + x·g·(κ/λ)·σ(z).
/// Alexandridis, Deng, Nguyen &amp; Luo, "Adaptive Parametric Activation", ECCV 2024.
/// </summary>
/// <remarks>z is clamped to [−200, 200] (the gate is 0 or 1 in float beyond).</remarks>
internal readonly struct AgluOp(float kappa, float lambda) : IFixedActivation<AgluOp>
{
    private readonly float _rho = ApaCore.FrozenRho(lambda), _invLambda = ApaCore.FrozenInvLambda(lambda);

    public static ActivationInfo Info { get; } = new("aglu", "x·(λ·e^(−κx) + 1)^(−1/λ)",
        "Alexandridis, Deng, Nguyen & Luo, Adaptive Parametric Activation, ECCV", 2024, Smooth | ZeroCentred | SelfGated)
    { Parameters = [new("kappa", 1.0, "slope κ of the gate"), new("lambda", 1.0, "asymmetry λ, 1e-4 to 1e4 (1 gives SiLU)", Within(1e-4, 1e4))],
      Lower = -0.2784645427610738, Family = "self-gated" };
    public double Reference(double x) => x * Math.Exp(-RefMath.Softplus(Math.Log(lambda) - kappa * x) / lambda);
    // The learnable AGLU's kernel with a frozen (C0 = κ, C1 = ln λ, C2 = 1/λ).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => AgluKernel.Forward(x, Frozen.Coefs<TV>(kappa, _rho, _invLambda));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => Frozen.Slope<AgluKernel, TV>(x, Frozen.Coefs<TV>(kappa, _rho, _invLambda));
}

/// <summary>
/// ACON-C with fixed p₁, p₂, β: f(x) = (p₁ − p₂)x·σ(β(p₁ − p₂)x) + p₂x (p₁ = 1, p₂ = 0.25, β = 1: a smooth leaky rectifier);
/// with t = β(p₁ − p₂)x, f'(x) = (p₁ − p₂)σ(t)(1 + t(1 − σ(t))) + p₂.
/// Ma, Zhang, Liu &amp; Sun, "Activate or Not: Learning Customized Activation", CVPR 2021.
/// </summary>
/// <remarks>t is clamped to [−100, 100] inside the gate.</remarks>
internal readonly struct AconCOp(float p1, float p2, float beta) : IFixedActivation<AconCOp>
{
    private const float Cap = 100f;
    private readonly float _dp = p1 - p2, _k = beta * (p1 - p2);

    public static ActivationInfo Info { get; } = new("acon-c", "(p₁ − p₂)·x·σ(β(p₁ − p₂)x) + p₂·x",
        "Ma, Zhang, Liu & Sun, Activate or Not: Learning Customized Activation, CVPR", 2021, Monotone | Smooth | ZeroCentred | SelfGated)
    { Aliases = ["aconc"],
      Parameters = [new("p1", 1.0, "upper slope p₁"), new("p2", 0.25, "lower slope p₂"), new("beta", 1.0, "switching factor β")],
      Family = "self-gated" };
    public double Reference(double x) { double d = (double)p1 - p2; return d * x * RefMath.Sigmoid(beta * d * x) + p2 * x; }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Fma(_dp, TV.Sigmoid(TV.Min(TV.Max(_k * x, -Cap), Cap)), p2);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Min(TV.Max(_k * x, -Cap), Cap);
        return TV.Fma(_dp, SelfGatedMath.SwishSlope(t, TV.Sigmoid(t)), p2);
    }
}

/// <summary>
/// Flatten-T Swish: f(x) = x·σ(x) + T for x ≥ 0, T otherwise (T = −0.2); f'(x) = σ(x)(1 + x(1 − σ(x))) for x ≥ 0
/// (½ at 0, the right-hand derivative), 0 otherwise.
/// Chieng, Wahid, Ong &amp; Perla, "Flatten-T Swish: a thresholded ReLU-Swish-like activation function for deep learning", arXiv 2018.
/// </summary>
internal readonly struct FlattenTSwishOp(float t) : IFixedActivation<FlattenTSwishOp>
{
    public static ActivationInfo Info { get; } = new("flatten-t-swish", "x·σ(x) + T if x ≥ 0, T otherwise",
        "Chieng, Wahid, Ong & Perla, Flatten-T Swish: a thresholded ReLU-Swish-like activation function for deep learning, arXiv", 2018, Monotone)
    { Aliases = ["fts"], Parameters = [new("t", -0.2, "flat value T for x < 0, also added for x ≥ 0")],
      Lower = -0.20000000298023224 /* the float −0.2f the default becomes */, Family = "self-gated" };
    public double Reference(double x) => x >= 0 ? x * RefMath.Sigmoid(x) + t : t;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThanOrEqual(x, 0f), TV.Fma(x, TV.Sigmoid(x), t), t);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV s = TV.Sigmoid(x);
        return TV.And(TV.GreaterThanOrEqual(x, 0f), SelfGatedMath.SwishSlope(TV.Max(x, 0f), s));
    }
}

/// <summary>
/// EIS family: f(x) = x·softplus(x)^α / (√(β + γx²) + δ·e^{−θx}) (α = β = γ = θ = 1, δ = 0: x·softplus(x)/√(1 + x²));
/// with S = softplus x, D the denominator and D' = γx/√(β + γx²) − θδe^{−θx},
/// f'(x) = (S^α/D)·(1 + αxσ(x)/S − x·D'/D).
/// Biswas, Kumar, Banerjee &amp; Pandey, "EIS - a family of activation functions combining Exponential, ISRU, and Softplus",
/// arXiv 2020.
/// </summary>
/// <remarks>x is clamped to ≥ −80 (|f| &lt; 1e−33 there) and θx to ≥ −80. For |x| ≥ 1 numerator and denominator are
/// divided by |x| (the root becomes √(γ + β/x²)), so nothing overflows before the result itself does. σ(x)/softplus(x)
/// is taken as 1 below x = −15 (relative error under 2e−7), where the two tiny numbers may lose precision differently.
/// β &gt; 0 is required (the root must not vanish), as are α, γ, δ, θ ≥ 0.</remarks>
internal readonly struct EisOp(float alpha, float beta, float gamma, float delta, float theta) : IFixedActivation<EisOp>
{
    private const float Low = -80f, ExpCap = 80f, TinyS = 1e-37f;
    private const float SigmaOverSoftplusOne = -15f; // below it σ(x)/softplus(x) = 1 − eˣ/2 + … is 1 within 2e−7
    private readonly float _sqrtBeta = MathF.Sqrt(beta);

    public static ActivationInfo Info { get; } = new("eis", "x·ln(1 + eˣ)^α / (√(β + γx²) + δ·e^(−θx))",
        "Biswas, Kumar, Banerjee & Pandey, EIS - a family of activation functions combining Exponential, ISRU, and Softplus, arXiv", 2020,
        Smooth | ZeroCentred | SelfGated)
    {
        Parameters = [new("alpha", 1.0, "power α of softplus (≥ 0)", NonNegative), new("beta", 1.0, "constant β under the root (> 0)", Positive),
            new("gamma", 1.0, "weight γ of x² under the root (≥ 0)", NonNegative), new("delta", 0.0, "weight δ of the exponential (≥ 0)", NonNegative),
            new("theta", 1.0, "rate θ of the exponential (≥ 0)", NonNegative)],
        Lower = -0.2321552368094600, Family = "self-gated",
    };
    public double Reference(double x)
    {
        double den = Math.Sqrt(beta + gamma * x * x) + (delta == 0 ? 0 : delta * Math.Exp(-theta * x));
        return x * Math.Pow(RefMath.Softplus(x), alpha) / den;
    }

    // l = max(x, −80); g = S^α/D; xdd = l·D'/D; q = σ(l)/S. The parts that the default parameters (α = 1, δ = 0) skip
    // are calls of their own: inlined, the math exceeds the lane loop's inlining budget and the loop then calls every
    // lane operation (1.3–2× slower, measured).
    private void Eval<TV>(TV x, out TV l, out TV g, out TV xdd, out TV q) where TV : struct, IFloatLanes<TV>
    {
        l = TV.Max(x, Low);
        TV s = TV.Softplus(l), a = TV.Abs(l), inv = 1f / a;
        TV e = delta == 0f ? default : ExpTerm(l);
        TV sa = s, saOverA = s * inv;
        if (alpha != 1f) Powers(s, a, out sa, out saOverA);
        // |l| < 1: the formula as written
        TV rN = TV.Sqrt(TV.Fma(gamma * l, l, beta)), dN = rN + e;
        TV gN = sa / dN;
        TV xddN = l * TV.Fma(-theta, e, gamma * l / rN) / dN;
        // |l| ≥ 1: numerator and denominator divided by |l|
        TV rF = gamma > 0f ? TV.Sqrt(TV.Fma(beta * inv, inv, gamma)) : _sqrtBeta * inv;
        TV dF = TV.Fma(e, inv, rF);
        TV gF = saOverA / dF;
        TV xddF = TV.Fma(TV.Select(TV.LessThan(l, 0f), theta, -theta), e, gamma / rF) / dF;
        TV far = TV.GreaterThanOrEqual(a, 1f);
        g = TV.Select(far, gF, gN);
        xdd = TV.Select(far, xddF, xddN);
        q = TV.Select(TV.LessThan(l, SigmaOverSoftplusOne), 1f, TV.Sigmoid(l) / s);
    }

    /// <summary>δ·e^(−θl), the exponential term of the denominator.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TV ExpTerm<TV>(TV l) where TV : struct, IFloatLanes<TV> => delta * TV.Exp(TV.Min(-theta * l, ExpCap));

    /// <summary>S^α and S^α/|l| for α ≠ 1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Powers<TV>(TV s, TV a, out TV sa, out TV saOverA) where TV : struct, IFloatLanes<TV>
    {
        TV lns = TV.Log(TV.Max(s, TinyS));
        sa = TV.Exp(alpha * lns);
        saOverA = TV.Exp(TV.Fma(alpha, lns, -TV.Log(a)));
    }

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        Eval(x, out TV l, out TV g, out _, out _);
        return l * g;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        Eval(x, out TV l, out TV g, out TV xdd, out TV q);
        return g * (TV.Fma(alpha * l, q, 1f) - xdd);
    }
}
