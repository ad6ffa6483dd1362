using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>Identity (linear): f(x) = x; f'(x) = 1. The "no activation" baseline.</summary>
internal readonly struct IdentityOp : IFixedActivation<IdentityOp>
{
    public static ActivationInfo Info { get; } = new("identity", "x", "— (the linear unit; baseline)", 1943,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["linear", "none"], Family = "other", Torch = "x" };
    public double Reference(double x) => x;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f;
}

/// <summary>
/// Square activation: f(x) = x²; f'(x) = 2x.
/// Gilad-Bachrach, Dowlin, Laine, Lauter, Naehrig &amp; Wernsing, "CryptoNets: Applying Neural Networks to Encrypted Data with High
/// Throughput and Accuracy", ICML 2016.
/// </summary>
internal readonly struct SquareOp : IFixedActivation<SquareOp>
{
    public static ActivationInfo Info { get; } = new("square", "x²",
        "Gilad-Bachrach, Dowlin, Laine, Lauter, Naehrig & Wernsing, CryptoNets: Applying Neural Networks to Encrypted Data with High Throughput and Accuracy, ICML", 2016,
        Smooth)
    { Aliases = ["squared"], Lower = 0, Family = "other", Torch = "torch.square(x)" };
    public double Reference(double x) => x * x;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * x;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => x + x;
}

/// <summary>
/// Cube activation: f(x) = x³; f'(x) = 3x².
/// Chen &amp; Manning, "A Fast and Accurate Dependency Parser using Neural Networks", EMNLP 2014.
/// </summary>
internal readonly struct CubeOp : IFixedActivation<CubeOp>
{
    public static ActivationInfo Info { get; } = new("cube", "x³",
        "Chen & Manning, A Fast and Accurate Dependency Parser using Neural Networks, EMNLP", 2014, Monotone | Smooth | ZeroCentred)
    { Aliases = ["cubic"], Family = "other" };
    public double Reference(double x) => x * x * x;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * x * x;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 3f * (x * x);
}

/// <summary>
/// Bendable linear unit: f(x) = β(√(x² + 1) − 1) + x (β = 1/2 gives the bent identity); f'(x) = βx/√(x² + 1) + 1.
/// Evaluated as β·|x|·(|x|/(√(x² + 1) + 1)) + x, which has no cancellation near 0.
/// Godfrey, "An Evaluation of Parametric Activation Functions for Deep Learning", IEEE SMC 2019.
/// </summary>
internal readonly struct BluOp(float beta) : IFixedActivation<BluOp>
{
    private const float Big = 1e18f;

    public static ActivationInfo Info { get; } = new("blu", "β(√(x² + 1) − 1) + x",
        "Godfrey, An Evaluation of Parametric Activation Functions for Deep Learning, IEEE International Conference on Systems, Man and Cybernetics (SMC)", 2019,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["bendable-linear-unit", "bent-identity"],
      Parameters = [new("beta", 0.5, "bend β in [−1, 1]; 1/2 is the bent identity", Within(-1, 1))], Family = "other" };
    public double Reference(double x) => beta * (Math.Sqrt(x * x + 1) - 1) + x;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.Abs(x), t = TV.MinNative(a, Big), s = TV.MaxNative(TV.Sqrt(t * t + 1f), a);
        return beta * (a * (a / (s + 1f))) + x;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => beta * AlgebraicSigmoidKernels.InverseSqrtUnit(x, Big) + 1f;
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
        Smooth | ZeroCentred)
    {
        Aliases = ["tanh-soft"],
        Parameters = [new("alpha", 1.0, "slope α inside the tanh"), new("beta", 0.0, "weight β of the exponential inside the tanh"),
            new("gamma", 1.0, "rate γ of that exponential"), new("delta", 1.0, "offset δ ≥ 0 inside the logarithm", NonNegative)],
        Lower = -0.2464271519258865, Family = "other",
    };
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
        TV a = TV.Min(TV.Max(beta == 0f ? alpha * x : TV.Fma(beta, ExpTerm(x), alpha * x), -Clamp), Clamp);
        return TV.Tanh(a) * l;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = delta > 0f ? _lnDelta + TV.Softplus(x - _lnDelta) : x;
        TV p = delta > 0f ? TV.Sigmoid(x - _lnDelta) : 1f;
        TV e = beta == 0f ? default : ExpTerm(x);
        TV a = TV.Min(TV.Max(TV.Fma(beta, e, alpha * x), -Clamp), Clamp);
        TV t = TV.Tanh(a);
        TV ap = TV.Fma(beta * gamma, e, alpha);
        return TV.Fma(SelfGatedMath.TanhSlope(t) * ap, l, t * p);
    }

    // e^(γx), skipped at the default β = 0. A call of its own: inlined, the op's math exceeds the lane loop's inlining
    // budget and the loop then calls every lane operation (1.3–1.8× slower, measured).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TV ExpTerm<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Exp(TV.Min(gamma * x, ExpCap));
}
