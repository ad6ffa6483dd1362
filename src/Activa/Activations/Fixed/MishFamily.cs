using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Logish: f(x) = x·ln(1 + σ(x)); f'(x) = ln(1 + σ) + x·σ(1 − σ)/(1 + σ).
/// Zhu, Zeng, Liu &amp; Zhang, "Logish: A new nonlinear nonmonotonic activation function for convolutional neural network",
/// Neurocomputing 2021.
/// </summary>
/// <remarks>x is clamped to ≥ −100 (where f and f' are below 1e−40).</remarks>
public readonly struct LogishOp : IFixedActivation<LogishOp>, IActivationKernel
{
    private const float Low = -100f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("logish", "x·ln(1 + σ(x))",
        "Zhu, Zeng, Liu & Zhang, Logish: A new nonlinear nonmonotonic activation function for convolutional neural network, Neurocomputing", 2021,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.2527688167894404, Family = "self-gated",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static LogishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * RefMath.Log1p(RefMath.Sigmoid(x));

    /// <inheritdoc/>
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        return l * TV.Log1p(TV.Sigmoid(l));
    }
    /// <inheritdoc/>
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low), s = TV.Sigmoid(l);
        return TV.Fma(l, s * (1f - s) / (1f + s), TV.Log1p(s));
    }

    /// <inheritdoc/>
    public float Forward(float x) => Forward<Float1>(x).V;
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => Forward<Float8>(new(x)).V;
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => Forward<Float16>(new(x)).V;
    /// <inheritdoc/>
    public float Derivative(float x, float y) => Derivative<Float1>(x, y).V;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Derivative<Float8>(new(x), new(y)).V;
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Derivative<Float16>(new(x), new(y)).V;
}

/// <summary>
/// Smish: f(x) = x·tanh(ln(1 + σ(x))). With s = σ(x) and p = s(2 + s), tanh(ln(1 + s)) = p/(2 + p), so no tanh or log is
/// needed; f'(x) = p/(2 + p) + x·4s(1 − s)(1 + s)/(2 + p)².
/// Wang, Ren &amp; Wang, "Smish: A Novel Activation Function for Deep Learning Methods", Electronics 2022.
/// </summary>
/// <remarks>x is clamped to ≥ −100 (where f and f' are below 1e−40).</remarks>
public readonly struct SmishOp : IFixedActivation<SmishOp>
{
    private const float Low = -100f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("smish", "x·tanh(ln(1 + σ(x)))",
        "Wang, Ren & Wang, Smish: A Novel Activation Function for Deep Learning Methods, Electronics", 2022,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.2499936636601295, Family = "self-gated",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SmishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Tanh(RefMath.Log1p(RefMath.Sigmoid(x)));

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = MathF.Max(x, Low), s = VectorMath.Sigmoid(l), p = s * (2f + s);
        return l * (p / (2f + p));
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var l = Vector256.Max(x, Vector256.Create(Low));
        var s = VectorMath.Sigmoid(l);
        var two = Vector256.Create(2f);
        var p = s * (two + s);
        return l * (p / (two + p));
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var l = Vector512.Max(x, Vector512.Create(Low));
        var s = VectorMath.Sigmoid(l);
        var two = Vector512.Create(2f);
        var p = s * (two + s);
        return l * (p / (two + p));
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float l = MathF.Max(x, Low), s = VectorMath.Sigmoid(l), p = s * (2f + s), q = 2f + p;
        return MathF.FusedMultiplyAdd(l, 4f * s * (1f - s) * (1f + s) / (q * q), p / q);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var l = Vector256.Max(x, Vector256.Create(Low));
        var s = VectorMath.Sigmoid(l);
        var one = Vector256<float>.One;
        var two = Vector256.Create(2f);
        var p = s * (two + s);
        var q = two + p;
        return Vector256.FusedMultiplyAdd(l, Vector256.Create(4f) * s * (one - s) * (one + s) / (q * q), p / q);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var l = Vector512.Max(x, Vector512.Create(Low));
        var s = VectorMath.Sigmoid(l);
        var one = Vector512<float>.One;
        var two = Vector512.Create(2f);
        var p = s * (two + s);
        var q = two + p;
        return Vector512.FusedMultiplyAdd(l, Vector512.Create(4f) * s * (one - s) * (one + s) / (q * q), p / q);
    }
}

/// <summary>
/// TanhExp: f(x) = x·tanh(eˣ); f'(x) = tanh(eˣ) + x·eˣ(1 − tanh²(eˣ)).
/// Liu &amp; Di, "TanhExp: A Smooth Activation Function with High Convergence Speed for Lightweight Neural Networks",
/// IET Computer Vision 2021.
/// </summary>
/// <remarks>x is clamped to ≤ 20 inside the exponential (tanh(e²⁰) = 1 in float).</remarks>
public readonly struct TanhExpOp : IFixedActivation<TanhExpOp>
{
    private const float High = 20f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("tanhexp", "x·tanh(eˣ)",
        "Liu & Di, TanhExp: A Smooth Activation Function with High Convergence Speed for Lightweight Neural Networks, IET Computer Vision", 2021,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["tanh-exp", "telu"],
        Lower = -0.3532857778482113, Family = "self-gated",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static TanhExpOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Tanh(Math.Exp(x));

    /// <inheritdoc/>
    public float Forward(float x) => x * VectorMath.Tanh(VectorMath.Exp(MathF.Min(x, High)));
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => x * VectorMath.Tanh(VectorMath.Exp(Vector256.Min(x, Vector256.Create(High))));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => x * VectorMath.Tanh(VectorMath.Exp(Vector512.Min(x, Vector512.Create(High))));
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float e = VectorMath.Exp(MathF.Min(x, High)), t = VectorMath.Tanh(e);
        return MathF.FusedMultiplyAdd(x, e * MathF.FusedMultiplyAdd(-t, t, 1f), t);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var e = VectorMath.Exp(Vector256.Min(x, Vector256.Create(High)));
        var t = VectorMath.Tanh(e);
        return Vector256.FusedMultiplyAdd(x, e * Vector256.FusedMultiplyAdd(-t, t, Vector256<float>.One), t);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var e = VectorMath.Exp(Vector512.Min(x, Vector512.Create(High)));
        var t = VectorMath.Tanh(e);
        return Vector512.FusedMultiplyAdd(x, e * Vector512.FusedMultiplyAdd(-t, t, Vector512<float>.One), t);
    }
}

/// <summary>
/// Serf: f(x) = x·erf(ln(1 + eˣ)); f'(x) = erf(sp) + x·(2/√π)·e^{−sp²}·σ(x) with sp = softplus x.
/// Nag &amp; Bhattacharyya, "SERF: Towards better training of deep neural networks using log-Softplus ERror activation
/// Function", WACV 2023.
/// </summary>
/// <remarks>The gate is evaluated at x clamped to [−100, 20] (it is 1 above 20 and below 1e−43 under −100); the linear
/// factor is x clamped to ≥ −100 only.</remarks>
public readonly struct SerfOp : IFixedActivation<SerfOp>
{
    private const float Low = -100f, High = 20f, TwoOverSqrtPi = 1.12837923f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("serf", "x·erf(ln(1 + eˣ))",
        "Nag & Bhattacharyya, SERF: Towards better training of deep neural networks using log-Softplus ERror activation Function, WACV", 2023,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.3484374587596065, Family = "self-gated",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SerfOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * RefMath.Erf(RefMath.Softplus(x));

    /// <inheritdoc/>
    public float Forward(float x) => MathF.Max(x, Low) * VectorMath.Erf(VectorMath.Softplus(Math.Clamp(x, Low, High)));
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.Max(x, Vector256.Create(Low)) * VectorMath.Erf(VectorMath.Softplus(Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256.Create(High))));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.Max(x, Vector512.Create(Low)) * VectorMath.Erf(VectorMath.Softplus(Vector512.Min(Vector512.Max(x, Vector512.Create(Low)), Vector512.Create(High))));
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float m = MathF.Max(x, Low), c = MathF.Min(m, High), sp = VectorMath.Softplus(c);
        return MathF.FusedMultiplyAdd(m, TwoOverSqrtPi * VectorMath.Exp(-sp * sp) * VectorMath.Sigmoid(c), VectorMath.Erf(sp));
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var m = Vector256.Max(x, Vector256.Create(Low));
        var c = Vector256.Min(m, Vector256.Create(High));
        var sp = VectorMath.Softplus(c);
        return Vector256.FusedMultiplyAdd(m, Vector256.Create(TwoOverSqrtPi) * VectorMath.Exp(-sp * sp) * VectorMath.Sigmoid(c), VectorMath.Erf(sp));
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var m = Vector512.Max(x, Vector512.Create(Low));
        var c = Vector512.Min(m, Vector512.Create(High));
        var sp = VectorMath.Softplus(c);
        return Vector512.FusedMultiplyAdd(m, Vector512.Create(TwoOverSqrtPi) * VectorMath.Exp(-sp * sp) * VectorMath.Sigmoid(c), VectorMath.Erf(sp));
    }
}

/// <summary>
/// Phish: f(x) = x·tanh(GELU(x)), GELU(x) = x·Φ(x) (non-negative: both factors change sign at 0);
/// f'(x) = tanh G + x(1 − tanh²G)·(Φ(x) + x·φ(x)) with G = x·Φ(x).
/// Naveen, "Phish: A Novel Hyper-Optimizable Activation Function", TechRxiv 2022.
/// </summary>
/// <remarks>The gate is evaluated at x clamped to ±20 (tanh G = 1 above, G = 0 below in float).</remarks>
public readonly struct PhishOp : IFixedActivation<PhishOp>
{
    private const float Clamp = 20f, InvSqrt2 = 0.707106769f, InvSqrt2Pi = 0.398942292f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("phish", "x·tanh(x·Φ(x))",
        "Naveen, Phish: A Novel Hyper-Optimizable Activation Function, TechRxiv", 2022,
        ActivationProperties.Smooth | ActivationProperties.SelfGated)
    {
        Lower = 0, Family = "self-gated",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static PhishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Tanh(x * RefMath.Phi(x));

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float c = Math.Clamp(x, -Clamp, Clamp);
        float phi = MathF.FusedMultiplyAdd(0.5f, VectorMath.Erf(c * InvSqrt2), 0.5f);
        return x * VectorMath.Tanh(c * phi);
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        var h = Vector256.Create(0.5f);
        var phi = Vector256.FusedMultiplyAdd(h, VectorMath.Erf(c * Vector256.Create(InvSqrt2)), h);
        return x * VectorMath.Tanh(c * phi);
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var c = Vector512.Min(Vector512.Max(x, Vector512.Create(-Clamp)), Vector512.Create(Clamp));
        var h = Vector512.Create(0.5f);
        var phi = Vector512.FusedMultiplyAdd(h, VectorMath.Erf(c * Vector512.Create(InvSqrt2)), h);
        return x * VectorMath.Tanh(c * phi);
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float c = Math.Clamp(x, -Clamp, Clamp);
        float phi = MathF.FusedMultiplyAdd(0.5f, VectorMath.Erf(c * InvSqrt2), 0.5f);
        float t = VectorMath.Tanh(c * phi);
        float gp = MathF.FusedMultiplyAdd(c, InvSqrt2Pi * VectorMath.Exp(-0.5f * c * c), phi);
        return MathF.FusedMultiplyAdd(x, MathF.FusedMultiplyAdd(-t, t, 1f) * gp, t);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        var h = Vector256.Create(0.5f);
        var phi = Vector256.FusedMultiplyAdd(h, VectorMath.Erf(c * Vector256.Create(InvSqrt2)), h);
        var t = VectorMath.Tanh(c * phi);
        var gp = Vector256.FusedMultiplyAdd(c, Vector256.Create(InvSqrt2Pi) * VectorMath.Exp(-h * c * c), phi);
        return Vector256.FusedMultiplyAdd(x, Vector256.FusedMultiplyAdd(-t, t, Vector256<float>.One) * gp, t);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var c = Vector512.Min(Vector512.Max(x, Vector512.Create(-Clamp)), Vector512.Create(Clamp));
        var h = Vector512.Create(0.5f);
        var phi = Vector512.FusedMultiplyAdd(h, VectorMath.Erf(c * Vector512.Create(InvSqrt2)), h);
        var t = VectorMath.Tanh(c * phi);
        var gp = Vector512.FusedMultiplyAdd(c, Vector512.Create(InvSqrt2Pi) * VectorMath.Exp(-h * c * c), phi);
        return Vector512.FusedMultiplyAdd(x, Vector512.FusedMultiplyAdd(-t, t, Vector512<float>.One) * gp, t);
    }
}

/// <summary>
/// Gish: f(x) = x·ln(2 − e^{−eˣ}); with u = eˣ and w = 1 − e^{−u} (taken without cancellation for small u),
/// f = x·ln(1 + w) and f'(x) = ln(1 + w) + x·u(1 − w)/(1 + w).
/// Kaytan, Aydilek &amp; Yeroğlu, "Gish: a novel activation function for image classification", Neural Computing and
/// Applications 2023.
/// </summary>
/// <remarks>x is clamped to ≤ 20 inside the exponential (the gate is ln 2 there).</remarks>
public readonly struct GishOp : IFixedActivation<GishOp>
{
    private const float High = 20f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("gish", "x·ln(2 − e^(−eˣ))",
        "Kaytan, Aydilek & Yeroğlu, Gish: a novel activation function for image classification, Neural Computing and Applications", 2023,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.2781594608963870, Family = "self-gated",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static GishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Log(2 - Math.Exp(-Math.Exp(x)));

    /// <inheritdoc/>
    public float Forward(float x) => x * VectorMath.Log1p(-ZooMath.ExpM1Neg(-VectorMath.Exp(MathF.Min(x, High))));
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => x * VectorMath.Log1p(-ZooMath.ExpM1Neg(-VectorMath.Exp(Vector256.Min(x, Vector256.Create(High)))));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => x * VectorMath.Log1p(-ZooMath.ExpM1Neg(-VectorMath.Exp(Vector512.Min(x, Vector512.Create(High)))));
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float u = VectorMath.Exp(MathF.Min(x, High)), w = -ZooMath.ExpM1Neg(-u), p = 1f + w;
        return MathF.FusedMultiplyAdd(x, u * (1f - w) / p, VectorMath.Log1p(w));
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var u = VectorMath.Exp(Vector256.Min(x, Vector256.Create(High)));
        var w = -ZooMath.ExpM1Neg(-u);
        var p = Vector256<float>.One + w;
        return Vector256.FusedMultiplyAdd(x, u * (Vector256<float>.One - w) / p, VectorMath.Log1p(w));
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var u = VectorMath.Exp(Vector512.Min(x, Vector512.Create(High)));
        var w = -ZooMath.ExpM1Neg(-u);
        var p = Vector512<float>.One + w;
        return Vector512.FusedMultiplyAdd(x, u * (Vector512<float>.One - w) / p, VectorMath.Log1p(w));
    }
}

/// <summary>
/// TanhSoft family: f(x) = tanh(αx + β·e^{γx})·ln(δ + eˣ) (α = 1, β = 0, γ = 1, δ = 1: tanh(x)·softplus(x), a TanhSoft-1
/// member; δ = 0 makes the second factor x); f'(x) = (1 − T²)(α + βγe^{γx})·L + T·eˣ/(δ + eˣ) with T, L the two factors.
/// Biswas, Kumar, Banerjee &amp; Pandey, "TanhSoft - a family of activation functions combining Tanh and Softplus", arXiv 2020.
/// </summary>
/// <remarks>γx is clamped to ≤ 80 and the tanh argument to ±20 (where tanh is ±1 in float). ln(δ + eˣ) is evaluated as
/// ln δ + softplus(x − ln δ).</remarks>
public readonly struct TanhSoftOp(float alpha, float beta, float gamma, float delta) : IFixedActivation<TanhSoftOp>
{
    private const float Clamp = 20f, ExpCap = 80f;
    private readonly float _lnDelta = delta > 0 ? MathF.Log(delta) : 0f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("tanhsoft", "tanh(αx + β·e^(γx))·ln(δ + eˣ)",
        "Biswas, Kumar, Banerjee & Pandey, TanhSoft - a family of activation functions combining Tanh and Softplus, arXiv", 2020,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["tanh-soft"],
        Parameters = [new("alpha", 1.0, "slope α inside the tanh"), new("beta", 0.0, "weight β of the exponential inside the tanh"),
            new("gamma", 1.0, "rate γ of that exponential"), new("delta", 1.0, "offset δ ≥ 0 inside the logarithm")],
        Lower = -0.2464271519258865, Family = "other",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static TanhSoftOp Create(ActivationOptions options)
    {
        double delta = options.Get(Info, "delta");
        if (!(delta >= 0)) throw new ArgumentException($"Activation 'tanhsoft': delta must be ≥ 0, got {delta}.");
        return new((float)options.Get(Info, "alpha"), (float)options.Get(Info, "beta"), (float)options.Get(Info, "gamma"), (float)delta);
    }
    /// <inheritdoc/>
    public double Reference(double x)
    {
        double inner = alpha * x + (beta == 0 ? 0 : beta * Math.Exp(gamma * x));
        double lnd = Math.Log(delta);
        double log = delta == 0 ? x : lnd + RefMath.Softplus(x - lnd);
        return Math.Tanh(inner) * log;
    }

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = delta > 0f ? _lnDelta + VectorMath.Softplus(x - _lnDelta) : x;
        float a = Math.Clamp(MathF.FusedMultiplyAdd(beta, VectorMath.Exp(MathF.Min(gamma * x, ExpCap)), alpha * x), -Clamp, Clamp);
        return VectorMath.Tanh(a) * l;
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var ld = Vector256.Create(_lnDelta);
        var l = delta > 0f ? ld + VectorMath.Softplus(x - ld) : x;
        var a = Vector256.FusedMultiplyAdd(Vector256.Create(beta), VectorMath.Exp(Vector256.Min(Vector256.Create(gamma) * x, Vector256.Create(ExpCap))), Vector256.Create(alpha) * x);
        a = Vector256.Min(Vector256.Max(a, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        return VectorMath.Tanh(a) * l;
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var ld = Vector512.Create(_lnDelta);
        var l = delta > 0f ? ld + VectorMath.Softplus(x - ld) : x;
        var a = Vector512.FusedMultiplyAdd(Vector512.Create(beta), VectorMath.Exp(Vector512.Min(Vector512.Create(gamma) * x, Vector512.Create(ExpCap))), Vector512.Create(alpha) * x);
        a = Vector512.Min(Vector512.Max(a, Vector512.Create(-Clamp)), Vector512.Create(Clamp));
        return VectorMath.Tanh(a) * l;
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float l = delta > 0f ? _lnDelta + VectorMath.Softplus(x - _lnDelta) : x;
        float p = delta > 0f ? VectorMath.Sigmoid(x - _lnDelta) : 1f;
        float e = VectorMath.Exp(MathF.Min(gamma * x, ExpCap));
        float a = Math.Clamp(MathF.FusedMultiplyAdd(beta, e, alpha * x), -Clamp, Clamp);
        float t = VectorMath.Tanh(a);
        float ap = MathF.FusedMultiplyAdd(beta * gamma, e, alpha);
        return MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(-t, t, 1f) * ap, l, t * p);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var ld = Vector256.Create(_lnDelta);
        var l = delta > 0f ? ld + VectorMath.Softplus(x - ld) : x;
        var p = delta > 0f ? VectorMath.Sigmoid(x - ld) : Vector256<float>.One;
        var e = VectorMath.Exp(Vector256.Min(Vector256.Create(gamma) * x, Vector256.Create(ExpCap)));
        var a = Vector256.FusedMultiplyAdd(Vector256.Create(beta), e, Vector256.Create(alpha) * x);
        a = Vector256.Min(Vector256.Max(a, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        var t = VectorMath.Tanh(a);
        var ap = Vector256.FusedMultiplyAdd(Vector256.Create(beta * gamma), e, Vector256.Create(alpha));
        return Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(-t, t, Vector256<float>.One) * ap, l, t * p);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var ld = Vector512.Create(_lnDelta);
        var l = delta > 0f ? ld + VectorMath.Softplus(x - ld) : x;
        var p = delta > 0f ? VectorMath.Sigmoid(x - ld) : Vector512<float>.One;
        var e = VectorMath.Exp(Vector512.Min(Vector512.Create(gamma) * x, Vector512.Create(ExpCap)));
        var a = Vector512.FusedMultiplyAdd(Vector512.Create(beta), e, Vector512.Create(alpha) * x);
        a = Vector512.Min(Vector512.Max(a, Vector512.Create(-Clamp)), Vector512.Create(Clamp));
        var t = VectorMath.Tanh(a);
        var ap = Vector512.FusedMultiplyAdd(Vector512.Create(beta * gamma), e, Vector512.Create(alpha));
        return Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(-t, t, Vector512<float>.One) * ap, l, t * p);
    }
}
