using Activa.Kernels;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

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
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.2527688167894404, Family = "self-gated",
    };
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
        "Wang, Ren & Wang, Smish: A Novel Activation Function for Deep Learning Methods, Electronics", 2022,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.2499936636601295, Family = "self-gated",
    };
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
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["tanh-exp", "telu"],
        Lower = -0.3532857778482113, Family = "self-gated",
    };
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
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.3484374587596065, Family = "self-gated",
    };
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
        "Naveen, Phish: A Novel Hyper-Optimizable Activation Function, TechRxiv", 2022,
        ActivationProperties.Smooth | ActivationProperties.SelfGated)
    {
        Lower = 0, Family = "self-gated",
    };
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
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.2781594608963870, Family = "self-gated",
    };
    public double Reference(double x) => x * Math.Log(2 - Math.Exp(-Math.Exp(x)));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * TV.Log1p(-TV.ExpM1Neg(-TV.Exp(TV.Min(x, High))));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.Exp(TV.Min(x, High)), w = -TV.ExpM1Neg(-u), p = 1f + w;
        return TV.Fma(x, u * (1f - w) / p, TV.Log1p(w));
    }
}

/// <summary>
/// TanhSoft family: f(x) = tanh(αx + β·e^{γx})·ln(δ + eˣ) (α = 1, β = 0, γ = 1, δ = 1: tanh(x)·softplus(x), a TanhSoft-1
/// member; δ = 0 makes the second factor x); f'(x) = (1 − T²)(α + βγe^{γx})·L + T·eˣ/(δ + eˣ) with T, L the two factors.
/// Biswas, Kumar, Banerjee &amp; Pandey, "TanhSoft - a family of activation functions combining Tanh and Softplus", arXiv 2020.
/// </summary>
/// <remarks>γx is clamped to ≤ 80 and the tanh argument to ±20 (where tanh is ±1 in float). ln(δ + eˣ) is evaluated as
/// ln δ + softplus(x − ln δ).</remarks>
internal readonly struct TanhSoftOp(float alpha, float beta, float gamma, float delta) : IFixedActivation<TanhSoftOp>
{
    private const float Clamp = 20f, ExpCap = 80f;
    private readonly float _lnDelta = delta > 0 ? MathF.Log(delta) : 0f;

    public static ActivationInfo Info { get; } = new("tanhsoft", "tanh(αx + β·e^(γx))·ln(δ + eˣ)",
        "Biswas, Kumar, Banerjee & Pandey, TanhSoft - a family of activation functions combining Tanh and Softplus, arXiv", 2020,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["tanh-soft"],
        Parameters = [new("alpha", 1.0, "slope α inside the tanh"), new("beta", 0.0, "weight β of the exponential inside the tanh"),
            new("gamma", 1.0, "rate γ of that exponential"), new("delta", 1.0, "offset δ ≥ 0 inside the logarithm", NonNegative)],
        Lower = -0.2464271519258865, Family = "other",
    };
    public static TanhSoftOp Create(ActivationOptions options) =>
        new(options.Float(Info, "alpha"), options.Float(Info, "beta"), options.Float(Info, "gamma"), options.Float(Info, "delta"));
    public double Reference(double x)
    {
        double inner = alpha * x + (beta == 0 ? 0 : beta * Math.Exp(gamma * x));
        double lnd = Math.Log(delta);
        double log = delta == 0 ? x : lnd + RefMath.Softplus(x - lnd);
        return Math.Tanh(inner) * log;
    }

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = delta > 0f ? _lnDelta + TV.Softplus(x - _lnDelta) : x;
        TV a = TV.Min(TV.Max(TV.Fma(beta, TV.Exp(TV.Min(gamma * x, ExpCap)), alpha * x), -Clamp), Clamp);
        return TV.Tanh(a) * l;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = delta > 0f ? _lnDelta + TV.Softplus(x - _lnDelta) : x;
        TV p = delta > 0f ? TV.Sigmoid(x - _lnDelta) : 1f;
        TV e = TV.Exp(TV.Min(gamma * x, ExpCap));
        TV a = TV.Min(TV.Max(TV.Fma(beta, e, alpha * x), -Clamp), Clamp);
        TV t = TV.Tanh(a);
        TV ap = TV.Fma(beta * gamma, e, alpha);
        return TV.Fma(SelfGatedMath.TanhSlope(t) * ap, l, t * p);
    }
}
