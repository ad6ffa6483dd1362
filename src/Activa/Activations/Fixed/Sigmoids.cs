using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Logistic sigmoid: f(x) = σ(x) = 1 / (1 + e^{−x}); f'(x) = y(1 − y).
/// Rumelhart, Hinton &amp; Williams, "Learning representations by back-propagating errors", Nature 1986.
/// </summary>
internal readonly struct SigmoidOp : IFixedActivation<SigmoidOp>
{
    public static ActivationInfo Info { get; } = new("sigmoid", "1 / (1 + e^(−x))",
        "Rumelhart, Hinton & Williams, Learning representations by back-propagating errors, Nature", 1986, Monotone | Smooth)
    { Aliases = ["logistic"], Lower = 0, Upper = 1, Family = "sigmoidal", Torch = "torch.sigmoid(x)" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => 1 / (1 + Math.Exp(-x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Sigmoid(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => SigmoidalKernels.LogisticSlope(y);
}

/// <summary>
/// Hyperbolic tangent: f(x) = tanh x; f'(x) = 1 − y².
/// LeCun, Bottou, Orr &amp; Müller, "Efficient BackProp", Neural Networks: Tricks of the Trade, 1998.
/// </summary>
internal readonly struct TanhOp : IFixedActivation<TanhOp>
{
    public static ActivationInfo Info { get; } = new("tanh", "(e^x − e^(−x)) / (e^x + e^(−x))",
        "LeCun, Bottou, Orr & Müller, Efficient BackProp, Neural Networks: Tricks of the Trade", 1998, Monotone | Smooth | ZeroCentred)
    { Lower = -1, Upper = 1, Family = "sigmoidal", Torch = "torch.tanh(x)" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => Math.Tanh(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Tanh(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f - y * y;
}

/// <summary>
/// Log-sigmoid: f(x) = ln σ(x) = −softplus(−x); f'(x) = σ(−x) = 1 − σ(x).
/// The LogSigmoid module of Torch7: Collobert, Kavukcuoglu &amp; Farabet, "Torch7: A Matlab-like Environment for
/// Machine Learning", BigLearn NIPS Workshop 2011.
/// </summary>
internal readonly struct LogSigmoidOp : IFixedActivation<LogSigmoidOp>
{
    public static ActivationInfo Info { get; } = new("log-sigmoid", "ln σ(x) = −ln(1 + e^(−x))",
        "Collobert, Kavukcuoglu & Farabet, Torch7: A Matlab-like Environment for Machine Learning, BigLearn NIPS Workshop", 2011, Monotone | Smooth)
    { Aliases = ["logsigmoid"], Upper = 0, Family = "sigmoidal", Torch = "F.logsigmoid(x)" };
    public double Reference(double x) => -RefMath.Softplus(-x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => -TV.Softplus(-x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.Sigmoid(-x);
}

/// <summary>
/// Gumbel (log-log, Gompertz) sigmoid: f(x) = exp(−e^{−x}), the Gumbel distribution function; f'(x) = f·e^{−x} = −y·ln y.
/// Gomes, Ludermir &amp; Lima, "Comparison of new activation functions in neural network for forecasting financial time
/// series", Neural Computing and Applications 2011.
/// </summary>
/// <remarks>The inner exponent is clamped to 88, where the outer exponential is already 0.</remarks>
internal readonly struct GumbelOp : IFixedActivation<GumbelOp>
{
    private const float High = 88f, TinyY = 1e-37f;

    public static ActivationInfo Info { get; } = new("gumbel", "exp(−e^(−x))",
        "Gomes, Ludermir & Lima, Comparison of new activation functions in neural network for forecasting financial time series, Neural Computing and Applications", 2011,
        Monotone | Smooth)
    { Aliases = ["log-log", "gompertz"], Lower = 0, Upper = 1, Family = "sigmoidal" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => Math.Exp(-Math.Exp(-x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Exp(-TV.Exp(TV.Min(-x, High)));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => -y * TV.Log(TV.Max(y, TinyY));
}

/// <summary>
/// Complementary log-log: f(x) = 1 − exp(−eˣ); f'(x) = exp(x − eˣ). 1 − e^{−u} is taken without cancellation for small u.
/// Gomes, Ludermir &amp; Lima, "Comparison of new activation functions in neural network for forecasting financial time
/// series", Neural Computing and Applications 2011.
/// </summary>
/// <remarks>x is clamped to ≤ 88 inside the exponentials (where f = 1 and f' = 0 in float).</remarks>
internal readonly struct CloglogOp : IFixedActivation<CloglogOp>
{
    private const float High = 88f;

    public static ActivationInfo Info { get; } = new("complementary-log-log", "1 − exp(−eˣ)",
        "Gomes, Ludermir & Lima, Comparison of new activation functions in neural network for forecasting financial time series, Neural Computing and Applications", 2011,
        Monotone | Smooth)
    { Aliases = ["cloglog"], Lower = 0, Upper = 1, Family = "sigmoidal" };
    public double Reference(double x) => 1 - Math.Exp(-Math.Exp(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => -TV.ExpM1Neg(-TV.Exp(TV.Min(x, High)));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Min(x, High);
        return TV.Exp(l - TV.Exp(l));
    }
}

/// <summary>
/// Probit: f(x) = Φ(x) = ½(1 + erf(x/√2)), the standard normal distribution function; f'(x) = φ(x) = e^{−x²/2}/√(2π).
/// Gomes, Ludermir &amp; Lima, "Comparison of new activation functions in neural network for forecasting financial time
/// series", Neural Computing and Applications 2011.
/// </summary>
internal readonly struct ProbitOp : IFixedActivation<ProbitOp>
{
    private const float InvSqrt2 = 0.707106769f, InvSqrt2Pi = 0.398942292f, Clamp = 20f;

    public static ActivationInfo Info { get; } = new("probit", "Φ(x) = ½(1 + erf(x/√2))",
        "Gomes, Ludermir & Lima, Comparison of new activation functions in neural network for forecasting financial time series, Neural Computing and Applications", 2011,
        Monotone | Smooth)
    { Aliases = ["normal-cdf"], Lower = 0, Upper = 1, Family = "sigmoidal", Torch = "torch.special.ndtr(x)" };
    public double Reference(double x) => RefMath.Phi(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Fma(0.5f, TV.Erf(x * InvSqrt2), 0.5f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => SigmoidalKernels.Gaussian(x, Clamp, 0.5f, InvSqrt2Pi);
}

/// <summary>
/// Error function as an activation: f(x) = erf x; f'(x) = (2/√π)·e^{−x²}.
/// Williams, "Computing with Infinite Networks", NeurIPS 1996 (the erf sigmoid whose infinite-width kernel it derives).
/// </summary>
internal readonly struct ErfOp : IFixedActivation<ErfOp>
{
    private const float TwoOverSqrtPi = 1.12837923f, Clamp = 20f;

    public static ActivationInfo Info { get; } = new("erf", "erf x = (2/√π)∫₀ˣ e^(−t²) dt",
        "Williams, Computing with Infinite Networks, NeurIPS", 1996, Monotone | Smooth | ZeroCentred)
    { Lower = -1, Upper = 1, Family = "sigmoidal", Torch = "torch.erf(x)" };
    public double Reference(double x) => RefMath.Erf(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Erf(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => SigmoidalKernels.Gaussian(x, Clamp, 1f, TwoOverSqrtPi);
}

/// <summary>
/// Tempered sigmoid: f(x) = s·σ(T·x) − o (s = 2, T = 2, o = 1, which is tanh); f'(x) = s·T·σ(1 − σ) = T·(y + o)(s − y − o)/s.
/// Papernot, Thakurta, Song, Chien &amp; Erlingsson, "Tempered Sigmoid Activations for Deep Learning with Differential
/// Privacy", AAAI 2021.
/// </summary>
internal readonly struct TemperedSigmoidOp(float scale, float temperature, float offset) : IFixedActivation<TemperedSigmoidOp>
{
    private readonly float _tOverS = temperature / scale;

    public static ActivationInfo Info { get; } = new("tempered-sigmoid", "s·σ(T·x) − o",
        "Papernot, Thakurta, Song, Chien & Erlingsson, Tempered Sigmoid Activations for Deep Learning with Differential Privacy, AAAI", 2021,
        Monotone | Smooth | ZeroCentred)
    { Parameters = [new("scale", 2.0, "output scale s (> 0)", Positive), new("temperature", 2.0, "inverse temperature T (> 0)", Positive), new("offset", 1.0, "output offset o")],
      Lower = -1, Upper = 1, Family = "sigmoidal" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => scale * RefMath.Sigmoid(temperature * x) - offset;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Fma(scale, TV.Sigmoid(temperature * x), -offset);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV p = y + offset;
        return _tOverS * p * (scale - p);
    }
}

/// <summary>
/// Bipolar sigmoid: f(x) = 2σ(x) − 1 = tanh(x/2) (computed as the latter, without cancellation near 0); f'(x) = (1 − y²)/2.
/// Fausett, "Fundamentals of Neural Networks: Architectures, Algorithms, and Applications", Prentice Hall 1994.
/// </summary>
internal readonly struct BipolarSigmoidOp : IFixedActivation<BipolarSigmoidOp>
{
    public static ActivationInfo Info { get; } = new("bipolar-sigmoid", "2σ(x) − 1 = (1 − e^(−x))/(1 + e^(−x))",
        "Fausett, Fundamentals of Neural Networks: Architectures, Algorithms, and Applications, Prentice Hall", 1994, Monotone | Smooth | ZeroCentred)
    { Lower = -1, Upper = 1, Family = "sigmoidal" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => 2 * RefMath.Sigmoid(x) - 1;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Tanh(0.5f * x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => SigmoidalKernels.TanhSlope(y, 0.5f, 0.5f);
}

/// <summary>
/// LeCun's scaled tanh: f(x) = a·tanh(b·x) (a = 1.7159, b = 2/3, so that f(±1) ≈ ±1); f'(x) = b·(a − y²/a).
/// LeCun, Bottou, Orr &amp; Müller, "Efficient BackProp", Neural Networks: Tricks of the Trade, 1998.
/// </summary>
internal readonly struct LecunTanhOp(float a, float b) : IFixedActivation<LecunTanhOp>
{
    private readonly float _invA = 1f / a;

    public static ActivationInfo Info { get; } = new("lecun-tanh", "a·tanh(b·x), a = 1.7159, b = 2/3",
        "LeCun, Bottou, Orr & Müller, Efficient BackProp, Neural Networks: Tricks of the Trade", 1998, Monotone | Smooth | ZeroCentred)
    { Aliases = ["scaled-tanh"],
      Parameters = [new("a", 1.7159, "output scale a (> 0)", Positive), new("b", 2.0 / 3.0, "input scale b (> 0)", Positive)], Lower = -1.7159,
      Upper = 1.7159, Family = "sigmoidal" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => a * Math.Tanh(b * x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => a * TV.Tanh(b * x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => b * SigmoidalKernels.TanhSlope(y, _invA, a);
}

/// <summary>
/// Penalized tanh: f(x) = tanh x for x &gt; 0, a·tanh x otherwise (a = 0.25); f'(x) = 1 − y² for y ≥ 0, a·(1 − (y/a)²)
/// otherwise (the right-hand derivative 1 at 0).
/// Xu, Huang &amp; Li, "Revise Saturated Activation Functions", ICLR Workshop 2016.
/// </summary>
internal readonly struct PenalizedTanhOp(float a) : IFixedActivation<PenalizedTanhOp>
{
    private readonly float _invA = 1f / a;

    public static ActivationInfo Info { get; } = new("penalized-tanh", "tanh x if x > 0, a·tanh x otherwise",
        "Xu, Huang & Li, Revise Saturated Activation Functions, ICLR Workshop", 2016, Monotone | ZeroCentred)
    { Parameters = [new("a", 0.25, "slope factor a of the negative part (> 0)", Positive)], Lower = -0.25, Upper = 1, Family = "sigmoidal" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => x > 0 ? Math.Tanh(x) : a * Math.Tanh(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Tanh(x);
        return TV.Select(TV.GreaterThan(x, 0f), t, a * t);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 
        TV.Select(TV.GreaterThanOrEqual(y, 0f), SigmoidalKernels.TanhSlope(y, 1f, 1f), SigmoidalKernels.TanhSlope(y, _invA, a));
}

/// <summary>
/// Soft-Root-Sign: f(x) = x / (x/α + e^{−x/β}) (α = 2, β = 3); bounded in (min, α), non-monotonic;
/// f'(x) = e^{−x/β}(1 + x/β) / (x/α + e^{−x/β})².
/// Zhou, Li, Huo &amp; Kung, "Soft-Root-Sign Activation Function", arXiv 2020.
/// </summary>
/// <remarks>x is clamped to ≥ −80β (where |f| &lt; 1e−30), which keeps e^{−x/β} finite. The denominator is positive for
/// every x exactly when β/α &lt; e, so other values are rejected.</remarks>
internal readonly struct SoftRootSignOp(float alpha, float beta) : IFixedActivation<SoftRootSignOp>
{
    private readonly float _invA = 1f / alpha, _invB = 1f / beta, _low = -80f * beta;

    public static ActivationInfo Info { get; } = new("soft-root-sign", "x / (x/α + e^(−x/β))",
        "Zhou, Li, Huo & Kung, Soft-Root-Sign Activation Function, arXiv", 2020, Smooth | ZeroCentred)
    { Aliases = ["srs"],
      Parameters = [new("alpha", 2.0, "upper asymptote α (> 0)", Positive), new("beta", 3.0, "decay scale β (> 0, β/α < e)", Positive)],
      Lower = -2.4624844021473894, Upper = 2, Family = "sigmoidal" };
    public static SoftRootSignOp Create(ActivationOptions options)
    {
        // else the denominator x/α + e^(−x/β) vanishes somewhere
        options.Require(Info, options.Get(Info, "beta") / options.Get(Info, "alpha") < Math.E, "beta/alpha < e");
        return new(options.Float(Info, "alpha"), options.Float(Info, "beta"));
    }
    public double Reference(double x) => x / (x / alpha + Math.Exp(-x / beta));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, _low);
        return l / TV.Fma(l, _invA, TV.Exp(-l * _invB));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, _low);
        TV e = TV.Exp(-l * _invB);
        TV d = TV.Fma(l, _invA, e);
        return e * TV.Fma(l, _invB, 1f) / d / d;
    }
}

/// <summary>
/// Adaptive Parametric Activation (APA) with fixed κ, λ: f(x) = (λ·e^{−κx} + 1)^{−1/λ} (κ = λ = 1: the logistic sigmoid;
/// λ → 0: the Gumbel sigmoid), evaluated as exp(−softplus(ln λ − κx)/λ); f'(x) = (κ/λ)·y·(1 − y^λ).
/// Alexandridis, Deng, Nguyen &amp; Luo, "Adaptive Parametric Activation", ECCV 2024.
/// </summary>
internal readonly struct ApaOp(float kappa, float lambda) : IFixedActivation<ApaOp>
{
    private readonly float _rho = ApaCore.FrozenRho(lambda), _invLambda = ApaCore.FrozenInvLambda(lambda);

    public static ActivationInfo Info { get; } = new("apa", "(λ·e^(−κx) + 1)^(−1/λ)",
        "Alexandridis, Deng, Nguyen & Luo, Adaptive Parametric Activation, ECCV", 2024, Monotone | Smooth)
    { Aliases = ["adaptive-parametric-activation"],
      Parameters = [new("kappa", 1.0, "slope κ"), new("lambda", 1.0, "asymmetry λ, 1e-4 to 1e4 (1 gives the logistic sigmoid)", Within(1e-4, 1e4))], Lower = 0,
      Upper = 1, Family = "sigmoidal" };
    public double Reference(double x) => Math.Exp(-RefMath.Softplus(Math.Log(lambda) - kappa * x) / lambda);
    // The learnable APA's kernel with a frozen (C0 = κ, C1 = ln λ, C2 = 1/λ).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => ApaKernel.Forward(x, Frozen.Coefs<TV>(kappa, _rho, _invLambda));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => Frozen.Slope<ApaKernel, TV>(x, Frozen.Coefs<TV>(kappa, _rho, _invLambda));
}

/// <summary>
/// dSiLU, the derivative of SiLU used as a sigmoid-like unit: f(x) = σ(x)(1 + x(1 − σ(x)));
/// f'(x) = σ(x)(1 − σ(x))(2 + x(1 − 2σ(x))).
/// Elfwing, Uchibe &amp; Doya, "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement
/// Learning", Neural Networks 2018.
/// </summary>
/// <remarks>x is clamped to [−100, 100] (where f is 0 or 1 and f' is 0 in float).</remarks>
internal readonly struct DSiluOp : IFixedActivation<DSiluOp>
{
    private const float Clamp = 100f;

    public static ActivationInfo Info { get; } = new("dsilu", "σ(x)(1 + x(1 − σ(x)))",
        "Elfwing, Uchibe & Doya, Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning, Neural Networks", 2018,
        Smooth)
    { Lower = -0.09983932012886692, Upper = 1.0998393201288670, Family = "sigmoidal" };
    public double Reference(double x) { double s = RefMath.Sigmoid(x); return s * (1 + x * (1 - s)); }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Min(TV.Max(x, -Clamp), Clamp), s = TV.Sigmoid(l);
        return s * TV.Fma(l, 1f - s, 1f);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Min(TV.Max(x, -Clamp), Clamp), s = TV.Sigmoid(l);
        return SigmoidalKernels.LogisticSlope(s) * TV.Fma(l, TV.Fma(-2f, s, 1f), 2f);
    }
}

/// <summary>Derivatives shared by the sigmoidal activations of this file and <see cref="SigmoidOp"/>, each written once over
/// the lane type.</summary>
internal static class SigmoidalKernels
{
    /// <summary>σ'(x) = s(1 − s) from s = σ(x) (the logistic sigmoid's slope from its output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV LogisticSlope<TV>(TV s) where TV : struct, IFloatLanes<TV> => s * (1f - s);

    /// <summary>c − k·y², fused: the slope of a scaled tanh from its output y (a·tanh(b·x): b·(a − y²/a), k = 1/a, c = a).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhSlope<TV>(TV y, float k, float c) where TV : struct, IFloatLanes<TV> => TV.Fma(-k * y, y, c);

    /// <summary>c·e^(−k·l²) with l = x clamped to [−clamp, clamp] (IEEE min/max): the normal density φ (k = ½, c = 1/√(2π)),
    /// erf' (k = 1, c = 2/√π).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Gaussian<TV>(TV x, float clamp, float k, float c) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Min(TV.Max(x, -clamp), clamp);
        return c * TV.Exp(-k * l * l);
    }
}
