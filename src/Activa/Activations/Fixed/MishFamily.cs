using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// GELU: f(x) = x·Φ(x) = ½x(1 + erf(x/√2)), Φ the standard normal CDF; f'(x) = Φ(x) + x·φ(x), φ(x) = e^{−x²/2}/√(2π).
/// Hendrycks &amp; Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.
/// </summary>
/// <remarks>
/// x is clamped to ≥ −6 in the forward pass (|f| &lt; 6e−9 there), which keeps the cancellation in 1 + erf(x/√2) from
/// growing with |x|. The backward reads Φ(x) = y/x off the saved output (Uses = Both), so it needs one exponential
/// and no second erf.
/// </remarks>
internal readonly struct GeluOp : IFixedActivation<GeluOp>
{
    private const float InvSqrt2 = 0.707106781186547524f, InvSqrt2Pi = 0.398942280401432678f, Low = -6f;

    public static ActivationInfo Info { get; } = new("gelu", "x·Φ(x) = ½x(1 + erf(x/√2))",
        "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415", 2016, Smooth | ZeroCentred | SelfGated)
    { Lower = -0.16997120747990367, Family = "self-gated", Torch = "F.gelu(x)" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => x * RefMath.Phi(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low), h = 0.5f * l;
        return TV.Fma(h, TV.Erf(l * InvSqrt2), h);
    }
    // f'(x) = Φ(x) + x·φ(x). Φ(x) = y/x is read off the saved output, so backward needs one exponential and no
    // second erf; near 0, where y/x loses precision, Φ(x) = ½ + x/√(2π) (error below 1e-10 for |x| < 1e-3).
    private const float Tiny = 1e-3f;

    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV cdf = TV.Select(TV.LessThan(TV.Abs(x), Tiny), TV.Fma(x, InvSqrt2Pi, 0.5f), y / x);
        return TV.Fma(x * InvSqrt2Pi, TV.Exp(-0.5f * x * x), cdf);
    }
}

/// <summary>
/// GELU, tanh approximation: f(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), computed as x·σ(2u) with
/// u = √(2/π)(x + 0.044715x³) (one exponential); f'(x) = s + x·s(1 − s)·2u'(x), s = σ(2u).
/// Hendrycks &amp; Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.
/// </summary>
/// <remarks>
/// x is clamped to [−9, 9] inside the gate (σ(2u) is below 1e−28 or 1 in float beyond), and the factor x to ≥ −9.
/// The derivative uses e = e^{−2u}: s = 1/(1 + e) and 1 − s = e·s without cancellation.
/// </remarks>
internal readonly struct GeluTanhOp : IFixedActivation<GeluTanhOp>
{
    private const double K = 0.79788456080286535588; // √(2/π)
    private const float C1 = (float)(2 * K), C2 = (float)(2 * K * 0.044715), C3 = (float)(6 * K * 0.044715), Clamp = 9f;

    public static ActivationInfo Info { get; } = new("gelu-tanh", "½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
        "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415", 2016, Smooth | ZeroCentred | SelfGated)
    { Aliases = ["gelu-approximate"], Lower = -0.17004075057125406, Family = "self-gated", Torch = "F.gelu(x, approximate='tanh')" };
    public double Reference(double x) => 0.5 * x * (1 + Math.Tanh(K * (x + 0.044715 * x * x * x)));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, -Clamp), c = TV.Min(l, Clamp);
        return l * TV.Sigmoid(c * TV.Fma(C2, c * c, C1));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.Min(TV.Max(x, -Clamp), Clamp), c2 = c * c;
        TV e = TV.Exp(-c * TV.Fma(C2, c2, C1)), s = 1f / (1f + e);
        return s * TV.Fma(c * e * s, TV.Fma(C3, c2, C1), 1f);
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
        "Misra, Mish: A Self Regularized Non-Monotonic Activation Function, BMVC", 2020, Smooth | ZeroCentred | SelfGated)
    { Lower = -0.30884341301725041, Family = "self-gated", Torch = "F.mish(x)" };
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
/// GoLU (Gompertz Linear Unit): f(x) = x·exp(−e^{−x}), x gated by the Gumbel distribution function;
/// f'(x) = g·(1 + x·e^{−x}) with g = exp(−e^{−x}).
/// Das, Safari, Adriaensen &amp; Hutter, "Gompertz Linear Units: Leveraging Asymmetry for Enhanced Learning Dynamics", arXiv 2025.
/// </summary>
/// <remarks>x is clamped to ≥ −10 (where the gate is exp(−22026) = 0 in float).</remarks>
internal readonly struct GoluOp : IFixedActivation<GoluOp>
{
    private const float Low = -10f;

    public static ActivationInfo Info { get; } = new("golu", "x·exp(−e^(−x))",
        "Das, Safari, Adriaensen & Hutter, Gompertz Linear Units: Leveraging Asymmetry for Enhanced Learning Dynamics, arXiv", 2025,
        Smooth | ZeroCentred | SelfGated)
    { Aliases = ["gompertz-linear-unit"], Lower = -0.09726013122763941, Family = "self-gated" };
    public double Reference(double x) => x * Math.Exp(-Math.Exp(-x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return l * TV.Exp(-TV.Exp(-l));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low), e = TV.Exp(-l), g = TV.Exp(-e);
        return TV.Fma(l * g, e, g);
    }
}

/// <summary>
/// SMU (Smooth Maximum Unit): f(x) = ((1 + α)x + (1 − α)x·erf(μ(1 − α)x))/2 (α = 0.25, μ = 10⁶), a smooth
/// approximation of max(x, αx) = leaky ReLU; with u = μ(1 − α)x,
/// f'(x) = ((1 + α) + (1 − α)erf u)/2 + (1 − α)/√π · u·e^{−u²}.
/// Biswas, Kumar, Banerjee &amp; Pandey, "Smooth Maximum Unit: Smooth Activation Function for Deep Networks using Smoothing
/// Maximum Technique", CVPR 2022.
/// </summary>
/// <remarks>u is clamped to ±10 (erf u = ±1 and u·e^{−u²} ≈ 0 beyond). Smooth, but not declared so: at μ = 10⁶ its
/// transition is 10⁻⁶ wide, a kink on any practical grid.</remarks>
internal readonly struct SmuOp(float alpha, float mu) : IFixedActivation<SmuOp>
{
    private const float Clamp = 10f, InvSqrtPi = 0.564189613f;
    private readonly float _k = mu * (1f - alpha), _c1 = 0.5f * (1f + alpha), _c2 = 0.5f * (1f - alpha), _c3 = (1f - alpha) * InvSqrtPi;

    public static ActivationInfo Info { get; } = new("smu", "((1 + α)x + (1 − α)x·erf(μ(1 − α)x))/2",
        "Biswas, Kumar, Banerjee & Pandey, Smooth Maximum Unit: Smooth Activation Function for Deep Networks using Smoothing Maximum Technique, CVPR", 2022,
        Monotone | ZeroCentred | SelfGated)
    { Aliases = ["smooth-maximum-unit"],
      Parameters = [new("alpha", 0.25, "slope α of the approximated leaky ReLU"), new("mu", 1000000.0, "smoothing μ (≥ 0; larger is sharper)", NonNegative)],
      Family = "self-gated" };
    public double Reference(double x) => ((1 + (double)alpha) * x + (1 - (double)alpha) * x * RefMath.Erf((double)mu * (1 - (double)alpha) * x)) / 2;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Fma(_c2, TV.Erf(TV.Min(TV.Max(_k * x, -Clamp), Clamp)), _c1);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.Min(TV.Max(_k * x, -Clamp), Clamp);
        return TV.Fma(_c3 * u, TV.Exp(-u * u), TV.Fma(_c2, TV.Erf(u), _c1));
    }
}

/// <summary>
/// LiSHT: f(x) = x·tanh x (non-negative, symmetric); f'(x) = tanh x + x(1 − tanh²x).
/// Roy, Manna, Dubey &amp; Chaudhuri, "LiSHT: Non-Parametric Linearly Scaled Hyperbolic Tangent Activation Function for
/// Neural Networks", arXiv 2019.
/// </summary>
internal readonly struct LishtOp : IFixedActivation<LishtOp>
{
    public static ActivationInfo Info { get; } = new("lisht", "x·tanh x",
        "Roy, Manna, Dubey & Chaudhuri, LiSHT: Non-Parametric Linearly Scaled Hyperbolic Tangent Activation Function for Neural Networks, arXiv", 2019,
        Smooth | SelfGated)
    { Lower = 0, Family = "self-gated" };
    public double Reference(double x) => x * Math.Tanh(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Tanh(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Tanh(x);
        return TV.Fma(x, SelfGatedMath.TanhSlope(t), t);
    }
}

/// <summary>
/// xATLU (expanded arctan linear unit) with fixed α: f(x) = x·((1 + 2α)·(½ + arctan(x)/π) − α) (α = 0: ATLU, whose gate
/// is the Cauchy distribution function); f'(x) = g(x) + (1 + 2α)·x/(π(1 + x²)).
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv 2024.
/// </summary>
internal readonly struct XAtluOp(float alpha) : IFixedActivation<XAtluOp>
{
    private readonly float _k = 1f + 2f * alpha;

    public static ActivationInfo Info { get; } = new("xatlu", "x·((1 + 2α)(½ + arctan(x)/π) − α)",
        "Huang, Expanded Gating Ranges Improve Activation Functions, arXiv", 2024, Monotone | Smooth | ZeroCentred | SelfGated)
    { Aliases = ["atlu"], Parameters = [new("alpha", 0.0, "gate range expansion α: the gate spans (−α, 1 + α)")], Lower = -0.3183098861837907,
      Family = "self-gated" };
    public double Reference(double x) => x * ((1 + 2 * (double)alpha) * (0.5 + Math.Atan(x) / Math.PI) - alpha);
    // The learnable xATLU's kernel with a frozen (C0 = 1 + 2α, C1 = α).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => ExpandedGateKernel<ArctanGate>.Forward(x, Frozen.Coefs<TV>(_k, alpha));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        Frozen.Slope<ExpandedGateKernel<ArctanGate>, TV>(x, Frozen.Coefs<TV>(_k, alpha));
}

/// <summary>
/// Logish: f(x) = x·ln(1 + σ(x)); f'(x) = ln(1 + σ) + x·σ(1 − σ)/(1 + σ).
/// Zhu, Zeng, Liu &amp; Zhang, "Logish: A new nonlinear nonmonotonic activation function for convolutional neural network",
/// Neurocomputing 2021.
/// </summary>
/// <remarks>x is clamped to ≥ −100 (where f and f' are below 1e−40).</remarks>
internal readonly struct LogishOp : IFixedActivation<LogishOp>
{
    private const float Low = -100f;

    public static ActivationInfo Info { get; } = new("logish", "x·ln(1 + σ(x))",
        "Zhu, Zeng, Liu & Zhang, Logish: A new nonlinear nonmonotonic activation function for convolutional neural network, Neurocomputing", 2021,
        Smooth | ZeroCentred | SelfGated)
    { Lower = -0.2527688167894404, Family = "self-gated" };
    public double Reference(double x) => x * RefMath.Log1p(RefMath.Sigmoid(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return l * TV.Log1p(TV.Sigmoid(l));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low), s = TV.Sigmoid(l);
        return TV.Fma(l, s * (1f - s) / (1f + s), TV.Log1p(s));
    }
}

/// <summary>
/// Smish: f(x) = x·tanh(ln(1 + σ(x))). With s = σ(x) and p = s(2 + s), tanh(ln(1 + s)) = p/(2 + p), so no tanh or log is
/// needed; f'(x) = p/(2 + p) + x·4s(1 − s)(1 + s)/(2 + p)².
/// Wang, Ren &amp; Wang, "Smish: A Novel Activation Function for Deep Learning Methods", Electronics 2022.
/// </summary>
/// <remarks>x is clamped to ≥ −100 (where f and f' are below 1e−40).</remarks>
internal readonly struct SmishOp : IFixedActivation<SmishOp>
{
    private const float Low = -100f;

    public static ActivationInfo Info { get; } = new("smish", "x·tanh(ln(1 + σ(x)))",
        "Wang, Ren & Wang, Smish: A Novel Activation Function for Deep Learning Methods, Electronics", 2022, Smooth | ZeroCentred | SelfGated)
    { Lower = -0.2499936636601295, Family = "self-gated" };
    public double Reference(double x) => x * Math.Tanh(RefMath.Log1p(RefMath.Sigmoid(x)));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return l * SelfGatedMath.TanhLog1p(TV.Sigmoid(l));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low), s = TV.Sigmoid(l), p = s * (2f + s), q = 2f + p;
        return TV.Fma(l, 4f * s * (1f - s) * (1f + s) / (q * q), p / q);
    }
}

/// <summary>
/// TanhExp: f(x) = x·tanh(eˣ); f'(x) = tanh(eˣ) + x·eˣ(1 − tanh²(eˣ)).
/// Liu &amp; Di, "TanhExp: A Smooth Activation Function with High Convergence Speed for Lightweight Neural Networks",
/// IET Computer Vision 2021.
/// </summary>
/// <remarks>x is clamped to ≤ 20 inside the exponential (tanh(e²⁰) = 1 in float).</remarks>
internal readonly struct TanhExpOp : IFixedActivation<TanhExpOp>
{
    private const float High = 20f;

    public static ActivationInfo Info { get; } = new("tanhexp", "x·tanh(eˣ)",
        "Liu & Di, TanhExp: A Smooth Activation Function with High Convergence Speed for Lightweight Neural Networks, IET Computer Vision", 2021,
        Smooth | ZeroCentred | SelfGated)
    { Aliases = ["tanh-exp", "telu"], Lower = -0.3532857778482113, Family = "self-gated" };
    public double Reference(double x) => x * Math.Tanh(Math.Exp(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Tanh(TV.Exp(TV.Min(x, High)));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV e = TV.Exp(TV.Min(x, High)), t = TV.Tanh(e);
        return SelfGatedMath.XTanhSlope(x, t, e);
    }
}

/// <summary>
/// Serf: f(x) = x·erf(ln(1 + eˣ)); f'(x) = erf(sp) + x·(2/√π)·e^{−sp²}·σ(x) with sp = softplus x.
/// Nag &amp; Bhattacharyya, "SERF: Towards better training of deep neural networks using log-Softplus ERror activation
/// Function", WACV 2023.
/// </summary>
/// <remarks>The gate is evaluated at x clamped to [−100, 20] (it is 1 above 20 and below 1e−43 under −100); the linear
/// factor is x clamped to ≥ −100 only.</remarks>
internal readonly struct SerfOp : IFixedActivation<SerfOp>
{
    private const float Low = -100f, High = 20f, TwoOverSqrtPi = 1.12837923f;

    public static ActivationInfo Info { get; } = new("serf", "x·erf(ln(1 + eˣ))",
        "Nag & Bhattacharyya, SERF: Towards better training of deep neural networks using log-Softplus ERror activation Function, WACV", 2023,
        Smooth | ZeroCentred | SelfGated)
    { Lower = -0.3484374587596065, Family = "self-gated" };
    public double Reference(double x) => x * RefMath.Erf(RefMath.Softplus(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Max(x, Low) * TV.Erf(TV.Softplus(TV.Min(TV.Max(x, Low), High)));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV m = TV.Max(x, Low), c = TV.Min(m, High), sp = TV.Softplus(c);
        return TV.Fma(m, TwoOverSqrtPi * TV.Exp(-sp * sp) * TV.Sigmoid(c), TV.Erf(sp));
    }
}

/// <summary>
/// Phish: f(x) = x·tanh(GELU(x)), GELU(x) = x·Φ(x) (non-negative: both factors change sign at 0);
/// f'(x) = tanh G + x(1 − tanh²G)·(Φ(x) + x·φ(x)) with G = x·Φ(x).
/// Naveen, "Phish: A Novel Hyper-Optimizable Activation Function", TechRxiv 2022.
/// </summary>
/// <remarks>The gate is evaluated at x clamped to ±20 (tanh G = 1 above, G = 0 below in float).</remarks>
internal readonly struct PhishOp : IFixedActivation<PhishOp>
{
    private const float Clamp = 20f, InvSqrt2 = 0.707106769f, InvSqrt2Pi = 0.398942292f;

    public static ActivationInfo Info { get; } = new("phish", "x·tanh(x·Φ(x))",
        "Naveen, Phish: A Novel Hyper-Optimizable Activation Function, TechRxiv", 2022, Smooth | SelfGated)
    { Lower = 0, Family = "self-gated" };
    public double Reference(double x) => x * Math.Tanh(x * RefMath.Phi(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.Min(TV.Max(x, -Clamp), Clamp);
        TV phi = TV.Fma(0.5f, TV.Erf(c * InvSqrt2), 0.5f);
        return x * TV.Tanh(c * phi);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.Min(TV.Max(x, -Clamp), Clamp);
        TV phi = TV.Fma(0.5f, TV.Erf(c * InvSqrt2), 0.5f);
        TV t = TV.Tanh(c * phi);
        TV gp = TV.Fma(c, InvSqrt2Pi * TV.Exp(-0.5f * c * c), phi);
        return SelfGatedMath.XTanhSlope(x, t, gp);
    }
}

/// <summary>
/// Gish: f(x) = x·ln(2 − e^{−eˣ}); with u = eˣ and w = 1 − e^{−u} (taken without cancellation for small u),
/// f = x·ln(1 + w) and f'(x) = ln(1 + w) + x·u(1 − w)/(1 + w).
/// Kaytan, Aydilek &amp; Yeroğlu, "Gish: a novel activation function for image classification", Neural Computing and
/// Applications 2023.
/// </summary>
/// <remarks>x is clamped to ≤ 20 inside the exponential (the gate is ln 2 there).</remarks>
internal readonly struct GishOp : IFixedActivation<GishOp>
{
    private const float High = 20f;

    public static ActivationInfo Info { get; } = new("gish", "x·ln(2 − e^(−eˣ))",
        "Kaytan, Aydilek & Yeroğlu, Gish: a novel activation function for image classification, Neural Computing and Applications", 2023,
        Smooth | ZeroCentred | SelfGated)
    { Lower = -0.2781594608963870, Family = "self-gated" };
    public double Reference(double x) => x * Math.Log(2 - Math.Exp(-Math.Exp(x)));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Log1p(-TV.ExpM1Neg(-TV.Exp(TV.Min(x, High))));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.Exp(TV.Min(x, High)), w = -TV.ExpM1Neg(-u), p = 1f + w;
        return TV.Fma(x, u * (1f - w) / p, TV.Log1p(w));
    }
}
