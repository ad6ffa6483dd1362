using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// ELiSH: f(x) = x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) otherwise; f'(x) = σ(x)(1 + x(1 − σ(x))) for x ≥ 0,
/// eˣσ(x) + (eˣ − 1)σ(x)(1 − σ(x)) otherwise (both ½ at 0).
/// Basirat &amp; Roth, "The Quest for the Golden Activation Function", arXiv 2018.
/// </summary>
public readonly struct ElishOp : IFixedActivation<ElishOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("elish", "x·σ(x) if x ≥ 0, (eˣ − 1)·σ(x) otherwise",
        "Basirat & Roth, The Quest for the Golden Activation Function, arXiv", 2018,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["exponential-linear-sigmoid-squashing"],
        Lower = -0.17157287525380994, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static ElishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x >= 0 ? x * RefMath.Sigmoid(x) : (Math.Exp(x) - 1) * RefMath.Sigmoid(x);

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float s = VectorMath.Sigmoid(x);
        return (x >= 0f ? x : ZooMath.ExpM1Neg(MathF.Min(x, 0f))) * s;
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var s = VectorMath.Sigmoid(x);
        var pos = Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero);
        return Vector256.ConditionalSelect(pos, x, ZooMath.ExpM1Neg(Vector256.Min(x, Vector256<float>.Zero))) * s;
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var s = VectorMath.Sigmoid(x);
        var pos = Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero);
        return Vector512.ConditionalSelect(pos, x, ZooMath.ExpM1Neg(Vector512.Min(x, Vector512<float>.Zero))) * s;
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float s = VectorMath.Sigmoid(x), g = 1f - s;
        float em1 = ZooMath.ExpM1Neg(MathF.Min(x, 0f));
        return x >= 0f ? s * MathF.FusedMultiplyAdd(x, g, 1f) : s * MathF.FusedMultiplyAdd(em1, g, em1 + 1f);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var s = VectorMath.Sigmoid(x);
        var g = Vector256<float>.One - s;
        var em1 = ZooMath.ExpM1Neg(Vector256.Min(x, Vector256<float>.Zero));
        return s * Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero),
            Vector256.FusedMultiplyAdd(x, g, Vector256<float>.One), Vector256.FusedMultiplyAdd(em1, g, em1 + Vector256<float>.One));
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var s = VectorMath.Sigmoid(x);
        var g = Vector512<float>.One - s;
        var em1 = ZooMath.ExpM1Neg(Vector512.Min(x, Vector512<float>.Zero));
        return s * Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero),
            Vector512.FusedMultiplyAdd(x, g, Vector512<float>.One), Vector512.FusedMultiplyAdd(em1, g, em1 + Vector512<float>.One));
    }
}

/// <summary>
/// HardELiSH: f(x) = x·h(x) for x ≥ 0, (eˣ − 1)·h(x) otherwise, with the hard sigmoid h(x) = max(0, min(1, (x + 1)/2));
/// zero for x ≤ −1. f'(x) = 1 for x ≥ 1, x + ½ on [0, 1), (eˣ(x + 1) + eˣ − 1)/2 on [−1, 0), 0 below (right-hand
/// derivatives at the kinks −1 and 1).
/// Basirat &amp; Roth, "The Quest for the Golden Activation Function", arXiv 2018.
/// </summary>
public readonly struct HardElishOp : IFixedActivation<HardElishOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("hard-elish", "x·max(0, min(1, (x + 1)/2)) if x ≥ 0, (eˣ − 1)·max(0, min(1, (x + 1)/2)) otherwise",
        "Basirat & Roth, The Quest for the Golden Activation Function, arXiv", 2018,
        ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["hardelish"],
        Lower = -0.09967315152874262, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static HardElishOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x)
    {
        double h = Math.Max(0, Math.Min(1, (x + 1) / 2));
        return x >= 0 ? x * h : (Math.Exp(x) - 1) * h;
    }

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float h = Math.Clamp(MathF.FusedMultiplyAdd(0.5f, x, 0.5f), 0f, 1f);
        return (x >= 0f ? x : ZooMath.ExpM1Neg(MathF.Min(x, 0f))) * h;
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var h = Vector256.Min(Vector256.Max(Vector256.FusedMultiplyAdd(Vector256.Create(0.5f), x, Vector256.Create(0.5f)), Vector256<float>.Zero), Vector256<float>.One);
        var pos = Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero);
        return Vector256.ConditionalSelect(pos, x, ZooMath.ExpM1Neg(Vector256.Min(x, Vector256<float>.Zero))) * h;
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var h = Vector512.Min(Vector512.Max(Vector512.FusedMultiplyAdd(Vector512.Create(0.5f), x, Vector512.Create(0.5f)), Vector512<float>.Zero), Vector512<float>.One);
        var pos = Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero);
        return Vector512.ConditionalSelect(pos, x, ZooMath.ExpM1Neg(Vector512.Min(x, Vector512<float>.Zero))) * h;
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float em1 = ZooMath.ExpM1Neg(Math.Clamp(x, -1f, 0f));
        float neg = 0.5f * MathF.FusedMultiplyAdd(em1 + 1f, x + 1f, em1);
        return x >= 1f ? 1f : x >= 0f ? x + 0.5f : x >= -1f ? neg : 0f;
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var one = Vector256<float>.One;
        var em1 = ZooMath.ExpM1Neg(Vector256.Min(Vector256.Max(x, -one), Vector256<float>.Zero));
        var neg = Vector256.Create(0.5f) * Vector256.FusedMultiplyAdd(em1 + one, x + one, em1);
        var mid = x + Vector256.Create(0.5f);
        var r = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, -one), neg, Vector256<float>.Zero);
        r = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), mid, r);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, one), one, r);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var one = Vector512<float>.One;
        var em1 = ZooMath.ExpM1Neg(Vector512.Min(Vector512.Max(x, -one), Vector512<float>.Zero));
        var neg = Vector512.Create(0.5f) * Vector512.FusedMultiplyAdd(em1 + one, x + one, em1);
        var mid = x + Vector512.Create(0.5f);
        var r = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, -one), neg, Vector512<float>.Zero);
        r = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), mid, r);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, one), one, r);
    }
}

/// <summary>
/// Parametric ELU with fixed a, b: f(x) = (a/b)·x for x ≥ 0, a(e^{x/b} − 1) otherwise (a = b = 1: ELU);
/// f'(x) = a/b for x ≥ 0, (y + a)/b otherwise.
/// Trottier, Giguère &amp; Chaib-draa, "Parametric Exponential Linear Unit for Deep Convolutional Neural Networks", ICMLA 2017.
/// </summary>
public readonly struct PeluOp(float a, float b) : IFixedActivation<PeluOp>
{
    private readonly float _aOverB = a / b, _invB = 1f / b;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("pelu", "(a/b)·x if x ≥ 0, a(e^(x/b) − 1) otherwise",
        "Trottier, Giguère & Chaib-draa, Parametric Exponential Linear Unit for Deep Convolutional Neural Networks, ICMLA", 2017,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["parametric-elu"],
        Parameters = [new("a", 1.0, "saturation −a for x → −∞ (> 0)"), new("b", 1.0, "scale b of the exponential (> 0)")],
        Lower = -1, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Both;
    /// <inheritdoc/>
    public static PeluOp Create(ActivationOptions options)
    {
        double a = options.Get(Info, "a"), b = options.Get(Info, "b");
        if (!(a > 0) || !(b > 0)) throw new ArgumentException($"Activation 'pelu': a and b must be > 0, got a={a}, b={b}.");
        return new((float)a, (float)b);
    }
    /// <inheritdoc/>
    public double Reference(double x) => x >= 0 ? (double)a / b * x : a * (Math.Exp(x / b) - 1);

    /// <inheritdoc/>
    public float Forward(float x) => x >= 0f ? _aOverB * x : a * ZooMath.ExpM1Neg(MathF.Min(x, 0f) * _invB);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256.Create(_aOverB) * x,
            Vector256.Create(a) * ZooMath.ExpM1Neg(Vector256.Min(x, Vector256<float>.Zero) * Vector256.Create(_invB)));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512.Create(_aOverB) * x,
            Vector512.Create(a) * ZooMath.ExpM1Neg(Vector512.Min(x, Vector512<float>.Zero) * Vector512.Create(_invB)));
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x >= 0f ? _aOverB : (y + a) * _invB;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256.Create(_aOverB), (y + Vector256.Create(a)) * Vector256.Create(_invB));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512.Create(_aOverB), (y + Vector512.Create(a)) * Vector512.Create(_invB));
}

/// <summary>
/// Multiple Parametric ELU with fixed α, β: f(x) = x for x &gt; 0, α(e^{βx} − 1) otherwise (α = β = 1: ELU);
/// f'(x) = 1 for x ≥ 0 (right-hand at 0), β(y + α) otherwise.
/// Li, Fan, Li, Wu &amp; Ming, "Improving Deep Neural Network with Multiple Parametric Exponential Linear Units",
/// Neurocomputing 2018.
/// </summary>
public readonly struct MpeluOp(float alpha, float beta) : IFixedActivation<MpeluOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("mpelu", "x if x > 0, α(e^(βx) − 1) otherwise",
        "Li, Fan, Li, Wu & Ming, Improving Deep Neural Network with Multiple Parametric Exponential Linear Units, Neurocomputing", 2018,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Parameters = [new("alpha", 1.0, "saturation −α for x → −∞"), new("beta", 1.0, "rate β of the exponential (> 0)")],
        Lower = -1, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Both;
    /// <inheritdoc/>
    public static MpeluOp Create(ActivationOptions options)
    {
        double alpha = options.Get(Info, "alpha"), beta = options.Get(Info, "beta");
        if (!(beta > 0)) throw new ArgumentException($"Activation 'mpelu': beta must be > 0, got {beta}.");
        return new((float)alpha, (float)beta);
    }
    /// <inheritdoc/>
    public double Reference(double x) => x > 0 ? x : alpha * (Math.Exp(beta * x) - 1);

    /// <inheritdoc/>
    public float Forward(float x) => x > 0f ? x : alpha * ZooMath.ExpM1Neg(MathF.Min(x, 0f) * beta);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x,
            Vector256.Create(alpha) * ZooMath.ExpM1Neg(Vector256.Min(x, Vector256<float>.Zero) * Vector256.Create(beta)));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x,
            Vector512.Create(alpha) * ZooMath.ExpM1Neg(Vector512.Min(x, Vector512<float>.Zero) * Vector512.Create(beta)));
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x >= 0f ? 1f : beta * (y + alpha);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.One, Vector256.Create(beta) * (y + Vector256.Create(alpha)));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.One, Vector512.Create(beta) * (y + Vector512.Create(alpha)));
}

/// <summary>
/// P-TELU with fixed α, β: f(x) = x for x ≥ 0, α·tanh(βx) otherwise; f'(x) = 1 for x ≥ 0, αβ(1 − (y/α)²) otherwise.
/// Duggal &amp; Gupta, "P-TELU: Parametric Tan Hyperbolic Linear Unit Activation for Deep Neural Networks", ICCV Workshops 2017.
/// </summary>
public readonly struct PteluOp(float alpha, float beta) : IFixedActivation<PteluOp>
{
    private readonly float _invA = 1f / alpha;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("ptelu", "x if x ≥ 0, α·tanh(βx) otherwise",
        "Duggal & Gupta, P-TELU: Parametric Tan Hyperbolic Linear Unit Activation for Deep Neural Networks, ICCV Workshops", 2017,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["p-telu"],
        Parameters = [new("alpha", 1.0, "saturation −α for x → −∞ (> 0)"), new("beta", 1.0, "slope β of the tanh (> 0)")],
        Lower = -1, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Both;
    /// <inheritdoc/>
    public static PteluOp Create(ActivationOptions options)
    {
        double alpha = options.Get(Info, "alpha"), beta = options.Get(Info, "beta");
        if (!(alpha > 0) || !(beta > 0)) throw new ArgumentException($"Activation 'ptelu': alpha and beta must be > 0, got alpha={alpha}, beta={beta}.");
        return new((float)alpha, (float)beta);
    }
    /// <inheritdoc/>
    public double Reference(double x) => x >= 0 ? x : alpha * Math.Tanh(beta * x);

    /// <inheritdoc/>
    public float Forward(float x) => x >= 0f ? x : alpha * VectorMath.Tanh(beta * MathF.Min(x, 0f));
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), x,
            Vector256.Create(alpha) * VectorMath.Tanh(Vector256.Create(beta) * Vector256.Min(x, Vector256<float>.Zero)));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), x,
            Vector512.Create(alpha) * VectorMath.Tanh(Vector512.Create(beta) * Vector512.Min(x, Vector512<float>.Zero)));
    /// <inheritdoc/>
    public float Derivative(float x, float y) { float t = y * _invA; return x >= 0f ? 1f : alpha * beta * MathF.FusedMultiplyAdd(-t, t, 1f); }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var t = y * Vector256.Create(_invA);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.One,
            Vector256.Create(alpha * beta) * Vector256.FusedMultiplyAdd(-t, t, Vector256<float>.One));
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var t = y * Vector512.Create(_invA);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.One,
            Vector512.Create(alpha * beta) * Vector512.FusedMultiplyAdd(-t, t, Vector512<float>.One));
    }
}

/// <summary>
/// Softplus Linear Unit: f(x) = x for x ≥ 0, 2·ln(eˣ + 1) − 2·ln 2 otherwise (α = 1, β = 2, γ = 2 ln 2: continuous and
/// differentiable at 0); f'(x) = 1 for x ≥ 0, 2σ(x) otherwise.
/// Zhao, Liu, Li &amp; Luo, "A novel softplus linear unit for deep convolutional neural networks", Applied Intelligence 2018.
/// </summary>
public readonly struct SoftplusLinearUnitOp : IFixedActivation<SoftplusLinearUnitOp>
{
    private const float TwoLn2 = 1.38629436f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("softplus-linear-unit", "x if x ≥ 0, 2·ln(eˣ + 1) − 2·ln 2 otherwise",
        "Zhao, Liu, Li & Luo, A novel softplus linear unit for deep convolutional neural networks, Applied Intelligence", 2018,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["slu"], Lower = -1.3862943611198906, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SoftplusLinearUnitOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x >= 0 ? x : 2 * RefMath.Softplus(x) - 2 * Math.Log(2);

    /// <inheritdoc/>
    public float Forward(float x) => x >= 0f ? x : MathF.FusedMultiplyAdd(2f, VectorMath.Softplus(MathF.Min(x, 0f)), -TwoLn2);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), x,
            Vector256.FusedMultiplyAdd(Vector256.Create(2f), VectorMath.Softplus(Vector256.Min(x, Vector256<float>.Zero)), Vector256.Create(-TwoLn2)));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), x,
            Vector512.FusedMultiplyAdd(Vector512.Create(2f), VectorMath.Softplus(Vector512.Min(x, Vector512<float>.Zero)), Vector512.Create(-TwoLn2)));
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x >= 0f ? 1f : 2f * VectorMath.Sigmoid(x);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.One, Vector256.Create(2f) * VectorMath.Sigmoid(x));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.One, Vector512.Create(2f) * VectorMath.Sigmoid(x));
}

/// <summary>
/// Shifted softplus: f(x) = ln(½eˣ + ½) = softplus(x) − ln 2, zero at the origin; f'(x) = σ(x).
/// Schütt, Kindermans, Sauceda, Chmiela, Tkatchenko &amp; Müller, "SchNet: A continuous-filter convolutional neural network
/// for modeling quantum interactions", NeurIPS 2017.
/// </summary>
public readonly struct ShiftedSoftplusOp : IFixedActivation<ShiftedSoftplusOp>
{
    private const float Ln2 = 0.693147182f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("shifted-softplus", "ln(½eˣ + ½) = ln(1 + eˣ) − ln 2",
        "Schütt, Kindermans, Sauceda, Chmiela, Tkatchenko & Müller, SchNet: A continuous-filter convolutional neural network for modeling quantum interactions, NeurIPS", 2017,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["ssp"], Lower = -0.6931471805599453, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static ShiftedSoftplusOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => Math.Log(0.5 * Math.Exp(x) + 0.5);

    /// <inheritdoc/>
    public float Forward(float x) => VectorMath.Softplus(x) - Ln2;
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => VectorMath.Softplus(x) - Vector256.Create(Ln2);
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => VectorMath.Softplus(x) - Vector512.Create(Ln2);
    /// <inheritdoc/>
    public float Derivative(float x, float y) => VectorMath.Sigmoid(x);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => VectorMath.Sigmoid(x);
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => VectorMath.Sigmoid(x);
}

/// <summary>
/// Hexpo: f(x) = −a(e^{−x/b} − 1) for x ≥ 0, c(e^{x/d} − 1) otherwise (a = b = c = d = 1), bounded in (−c, a) with
/// slopes a/b and c/d at 0; f'(x) = (a − y)/b for x ≥ 0, (y + c)/d otherwise.
/// Kong &amp; Takatsuka, "Hexpo: A vanishing-proof activation function", IJCNN 2017.
/// </summary>
public readonly struct HexpoOp(float a, float b, float c, float d) : IFixedActivation<HexpoOp>
{
    private readonly float _invB = 1f / b, _invD = 1f / d;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("hexpo", "−a(e^(−x/b) − 1) if x ≥ 0, c(e^(x/d) − 1) otherwise",
        "Kong & Takatsuka, Hexpo: A vanishing-proof activation function, IJCNN", 2017,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Parameters = [new("a", 1.0, "upper bound a (> 0)"), new("b", 1.0, "decay scale b for x ≥ 0 (> 0)"),
            new("c", 1.0, "lower bound −c (> 0)"), new("d", 1.0, "decay scale d for x < 0 (> 0)")],
        Lower = -1, Upper = 1, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Both;
    /// <inheritdoc/>
    public static HexpoOp Create(ActivationOptions options)
    {
        double a = options.Get(Info, "a"), b = options.Get(Info, "b"), c = options.Get(Info, "c"), d = options.Get(Info, "d");
        if (!(a > 0) || !(b > 0) || !(c > 0) || !(d > 0)) throw new ArgumentException($"Activation 'hexpo': a, b, c and d must be > 0, got a={a}, b={b}, c={c}, d={d}.");
        return new((float)a, (float)b, (float)c, (float)d);
    }
    /// <inheritdoc/>
    public double Reference(double x) => x >= 0 ? -a * (Math.Exp(-x / b) - 1) : c * (Math.Exp(x / d) - 1);

    /// <inheritdoc/>
    public float Forward(float x) => x >= 0f ? -a * ZooMath.ExpM1Neg(-x * _invB) : c * ZooMath.ExpM1Neg(MathF.Min(x, 0f) * _invD);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var pos = Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero);
        var t = Vector256.ConditionalSelect(pos, -x * Vector256.Create(_invB), x * Vector256.Create(_invD));
        return Vector256.ConditionalSelect(pos, Vector256.Create(-a), Vector256.Create(c)) * ZooMath.ExpM1Neg(Vector256.Min(t, Vector256<float>.Zero));
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var pos = Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero);
        var t = Vector512.ConditionalSelect(pos, -x * Vector512.Create(_invB), x * Vector512.Create(_invD));
        return Vector512.ConditionalSelect(pos, Vector512.Create(-a), Vector512.Create(c)) * ZooMath.ExpM1Neg(Vector512.Min(t, Vector512<float>.Zero));
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x >= 0f ? (a - y) * _invB : (y + c) * _invD;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), (Vector256.Create(a) - y) * Vector256.Create(_invB), (y + Vector256.Create(c)) * Vector256.Create(_invD));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), (Vector512.Create(a) - y) * Vector512.Create(_invB), (y + Vector512.Create(c)) * Vector512.Create(_invD));
}

/// <summary>
/// SERLU: f(x) = λx for x ≥ 0, λα·x·eˣ otherwise (λ = 1.07862, α = 2.90427, self-normalising), a bump of minimum
/// −λα/e at x = −1; f'(x) = λ for x ≥ 0, λα·eˣ(1 + x) otherwise.
/// Zhang &amp; Li, "Effectiveness of Scaled Exponentially-Regularized Linear Units (SERLUs)", arXiv 2018.
/// </summary>
/// <remarks>x is clamped to ≥ −200 on the negative branch (where x·eˣ is 0 in float).</remarks>
public readonly struct SerluOp(float lambda, float alpha) : IFixedActivation<SerluOp>
{
    private const float Low = -200f;
    private readonly float _la = lambda * alpha;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("serlu", "λx if x ≥ 0, λα·x·eˣ otherwise",
        "Zhang & Li, Effectiveness of Scaled Exponentially-Regularized Linear Units (SERLUs), arXiv", 2018,
        ActivationProperties.ZeroCentred)
    {
        Parameters = [new("lambda", 1.07862, "scale λ (> 0)"), new("alpha", 2.90427, "bump depth α (> 0)")],
        Lower = -1.1524205012899006, Family = "exponential",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SerluOp Create(ActivationOptions options)
    {
        double lambda = options.Get(Info, "lambda"), alpha = options.Get(Info, "alpha");
        if (!(lambda > 0) || !(alpha > 0)) throw new ArgumentException($"Activation 'serlu': lambda and alpha must be > 0, got lambda={lambda}, alpha={alpha}.");
        return new((float)lambda, (float)alpha);
    }
    /// <inheritdoc/>
    public double Reference(double x) => x >= 0 ? lambda * x : (double)lambda * alpha * x * Math.Exp(x);

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = Math.Clamp(x, Low, 0f);
        return x >= 0f ? lambda * x : _la * l * VectorMath.Exp(l);
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var l = Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256<float>.Zero);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256.Create(lambda) * x, Vector256.Create(_la) * l * VectorMath.Exp(l));
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var l = Vector512.Min(Vector512.Max(x, Vector512.Create(Low)), Vector512<float>.Zero);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512.Create(lambda) * x, Vector512.Create(_la) * l * VectorMath.Exp(l));
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float l = Math.Clamp(x, Low, 0f);
        return x >= 0f ? lambda : _la * VectorMath.Exp(l) * (1f + l);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var l = Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256<float>.Zero);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256.Create(lambda),
            Vector256.Create(_la) * VectorMath.Exp(l) * (Vector256<float>.One + l));
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var l = Vector512.Min(Vector512.Max(x, Vector512.Create(Low)), Vector512<float>.Zero);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512.Create(lambda),
            Vector512.Create(_la) * VectorMath.Exp(l) * (Vector512<float>.One + l));
    }
}
