using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// ELU: f(x) = x for x &gt; 0, α(eˣ − 1) otherwise (α = 1); f'(x) = 1 for x &gt; 0, else y + α.
/// Clevert, Unterthiner &amp; Hochreiter, "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)", ICLR 2016.
/// </summary>
internal readonly struct EluOp(float alpha) : IFixedActivation<EluOp>
{
    public static ActivationInfo Info { get; } = new("elu", "x if x > 0, α(eˣ − 1) otherwise",
        "Clevert, Unterthiner & Hochreiter, Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs), ICLR", 2016,
        Monotone | ZeroCentred)
    { Parameters = [new("alpha", 1.0, "saturation value −α for x → −∞")], Lower = -1, Family = "exponential", Torch = "F.elu(x)" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => x > 0 ? x : alpha * (Math.Exp(x) - 1);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), x, ExponentialUnit.Tail(x, alpha, 1f));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(x, 0f), 1f, ExponentialUnit.Slope(y, alpha, 1f));
}

/// <summary>
/// The negative branch shared by the exponential units (ELU, CELU, SELU, PELU, MPELU, Hexpo): α(e^{rx} − 1) for
/// x ≤ 0, and its slope r(y + α) read off the output y.
/// </summary>
internal static class ExponentialUnit
{
    /// <summary>α(e^{rx} − 1) with x clamped to ≤ 0, through eˣ (ELU, CELU).</summary>
    public static TV Tail<TV>(TV x, float alpha, float rate) where TV : struct, IFloatLanes<TV> => alpha * (TV.Exp(TV.Min(x, 0f) * rate) - 1f);

    /// <summary>α(e^{rx} − 1) with x clamped to ≤ 0, through the accurate eᵗ − 1 (PELU, MPELU).</summary>
    public static TV TailM1<TV>(TV x, float alpha, float rate) where TV : struct, IFloatLanes<TV> => alpha * TV.ExpM1Neg(TV.Min(x, 0f) * rate);

    /// <summary>d/dx α(e^{rx} − 1) = r(y + α), from the output y of the tail.</summary>
    public static TV Slope<TV>(TV y, float alpha, float rate) where TV : struct, IFloatLanes<TV> => (y + alpha) * rate;
}

/// <summary>
/// CELU: f(x) = max(0, x) + min(0, α(e^{x/α} − 1)) (α = 1); f'(x) = 1 for x &gt; 0, else e^{x/α} = y/α + 1
/// (computed from the output; 1 at 0 from both sides). Barron, "Continuously Differentiable Exponential Linear Units",
/// arXiv:1704.07483, 2017.
/// </summary>
internal readonly struct CeluOp(float alpha) : IFixedActivation<CeluOp>
{
    private readonly float _invAlpha = 1f / alpha;

    public static ActivationInfo Info { get; } = new("celu", "max(0, x) + min(0, α(e^(x/α) − 1))",
        "Barron, Continuously Differentiable Exponential Linear Units, arXiv:1704.07483", 2017, Monotone | Smooth | ZeroCentred)
    { Parameters = [new("alpha", 1.0, "saturation value −α for x → −∞ (> 0)", Positive)], Lower = -1, Family = "exponential", Torch = "F.celu(x)" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => Math.Max(0, x) + Math.Min(0, alpha * RefMath.Expm1(x / alpha));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), x, ExponentialUnit.Tail(x, alpha, _invAlpha));
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
        "Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks, NeurIPS", 2017, Monotone | ZeroCentred)
    { Aliases = ["scaled-elu"], Lower = -1.7580993408473769, Family = "exponential", Torch = "F.selu(x)" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => ScaleD * (x > 0 ? x : AlphaD * RefMath.Expm1(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(x, 0f), x * Scale, TV.Fma(ScaleAlpha, TV.Exp(TV.Min(x, 0f)), -ScaleAlpha));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(y, 0f), Scale, ExponentialUnit.Slope(y, ScaleAlpha, 1f));
}

/// <summary>
/// ELiSH: f(x) = x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) otherwise; f'(x) = σ(x)(1 + x(1 − σ(x))) for x ≥ 0,
/// eˣσ(x) + (eˣ − 1)σ(x)(1 − σ(x)) otherwise (both ½ at 0).
/// Basirat &amp; Roth, "The Quest for the Golden Activation Function", arXiv 2018.
/// </summary>
internal readonly struct ElishOp : IFixedActivation<ElishOp>
{
    public static ActivationInfo Info { get; } = new("elish", "x·σ(x) if x ≥ 0, (eˣ − 1)·σ(x) otherwise",
        "Basirat & Roth, The Quest for the Golden Activation Function, arXiv", 2018, Smooth | ZeroCentred)
    { Aliases = ["exponential-linear-sigmoid-squashing"], Lower = -0.17157287525380994, Family = "exponential" };
    public double Reference(double x) => x >= 0 ? x * RefMath.Sigmoid(x) : (Math.Exp(x) - 1) * RefMath.Sigmoid(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => LinearOrExpM1(x) * TV.Sigmoid(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV s = TV.Sigmoid(x), g = 1f - s;
        TV em1 = TV.ExpM1Neg(TV.Min(x, 0f));
        return s * TV.Select(TV.GreaterThanOrEqual(x, 0f), TV.Fma(x, g, 1f), TV.Fma(em1, g, em1 + 1f));
    }

    /// <summary>x for x ≥ 0, eˣ − 1 otherwise: the factor that ELiSH and HardELiSH gate.</summary>
    internal static TV LinearOrExpM1<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThanOrEqual(x, 0f), x, TV.ExpM1Neg(TV.Min(x, 0f)));
}

/// <summary>
/// HardELiSH: f(x) = x·h(x) for x ≥ 0, (eˣ − 1)·h(x) otherwise, with the hard sigmoid h(x) = max(0, min(1, (x + 1)/2));
/// zero for x ≤ −1. f'(x) = 1 for x ≥ 1, x + ½ on [0, 1), (eˣ(x + 1) + eˣ − 1)/2 on [−1, 0), 0 below (right-hand
/// derivatives at the kinks −1 and 1).
/// Basirat &amp; Roth, "The Quest for the Golden Activation Function", arXiv 2018.
/// </summary>
internal readonly struct HardElishOp : IFixedActivation<HardElishOp>
{
    public static ActivationInfo Info { get; } = new("hard-elish", "x·max(0, min(1, (x + 1)/2)) if x ≥ 0, (eˣ − 1)·max(0, min(1, (x + 1)/2)) otherwise",
        "Basirat & Roth, The Quest for the Golden Activation Function, arXiv", 2018, ZeroCentred | Sparse)
    { Aliases = ["hardelish"], Lower = -0.09967315152874262, Family = "exponential" };
    public double Reference(double x)
    {
        double h = Math.Max(0, Math.Min(1, (x + 1) / 2));
        return x >= 0 ? x * h : (Math.Exp(x) - 1) * h;
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV h = TV.Min(TV.Max(TV.Fma(0.5f, x, 0.5f), 0f), 1f);
        return ElishOp.LinearOrExpM1(x) * h;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV em1 = TV.ExpM1Neg(TV.Min(TV.Max(x, -1f), 0f));
        TV neg = 0.5f * TV.Fma(em1 + 1f, x + 1f, em1);
        TV mid = x + 0.5f;
        TV r = TV.Select(TV.GreaterThanOrEqual(x, -1f), neg, 0f);
        r = TV.Select(TV.GreaterThanOrEqual(x, 0f), mid, r);
        return TV.Select(TV.GreaterThanOrEqual(x, 1f), 1f, r);
    }
}

/// <summary>
/// Parametric ELU with fixed a, b: f(x) = (a/b)·x for x ≥ 0, a(e^{x/b} − 1) otherwise (a = b = 1: ELU);
/// f'(x) = a/b for x ≥ 0, (y + a)/b otherwise.
/// Trottier, Giguère &amp; Chaib-draa, "Parametric Exponential Linear Unit for Deep Convolutional Neural Networks", ICMLA 2017.
/// </summary>
internal readonly struct PeluOp(float a, float b) : IFixedActivation<PeluOp>
{
    private readonly float _aOverB = a / b, _invB = 1f / b;

    public static ActivationInfo Info { get; } = new("pelu", "(a/b)·x if x ≥ 0, a(e^(x/b) − 1) otherwise",
        "Trottier, Giguère & Chaib-draa, Parametric Exponential Linear Unit for Deep Convolutional Neural Networks, ICMLA", 2017,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["parametric-elu"],
      Parameters = [new("a", 1.0, "saturation −a for x → −∞ (> 0)", Positive), new("b", 1.0, "scale b of the exponential (> 0)", Positive)],
      Lower = -1, Family = "exponential" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => x >= 0 ? (double)a / b * x : a * (Math.Exp(x / b) - 1);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThanOrEqual(x, 0f), _aOverB * x, ExponentialUnit.TailM1(x, a, _invB));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThanOrEqual(x, 0f), _aOverB, ExponentialUnit.Slope(y, a, _invB));
}

/// <summary>
/// Multiple Parametric ELU with fixed α, β: f(x) = x for x &gt; 0, α(e^{βx} − 1) otherwise (α = β = 1: ELU);
/// f'(x) = 1 for x ≥ 0 (right-hand at 0), β(y + α) otherwise.
/// Li, Fan, Li, Wu &amp; Ming, "Improving Deep Neural Network with Multiple Parametric Exponential Linear Units",
/// Neurocomputing 2018.
/// </summary>
internal readonly struct MpeluOp(float alpha, float beta) : IFixedActivation<MpeluOp>
{
    public static ActivationInfo Info { get; } = new("mpelu", "x if x > 0, α(e^(βx) − 1) otherwise",
        "Li, Fan, Li, Wu & Ming, Improving Deep Neural Network with Multiple Parametric Exponential Linear Units, Neurocomputing", 2018,
        Monotone | Smooth | ZeroCentred)
    { Parameters = [new("alpha", 1.0, "saturation −α for x → −∞"), new("beta", 1.0, "rate β of the exponential (> 0)", Positive)], Lower = -1,
      Family = "exponential" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => x > 0 ? x : alpha * (Math.Exp(beta * x) - 1);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), x, ExponentialUnit.TailM1(x, alpha, beta));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThanOrEqual(x, 0f), 1f, ExponentialUnit.Slope(y, alpha, beta));
}

/// <summary>
/// P-TELU with fixed α, β: f(x) = x for x ≥ 0, α·tanh(βx) otherwise; f'(x) = 1 for x ≥ 0, αβ(1 − (y/α)²) otherwise.
/// Duggal &amp; Gupta, "P-TELU: Parametric Tan Hyperbolic Linear Unit Activation for Deep Neural Networks", ICCV Workshops 2017.
/// </summary>
internal readonly struct PteluOp(float alpha, float beta) : IFixedActivation<PteluOp>
{
    private readonly float _invA = 1f / alpha;

    public static ActivationInfo Info { get; } = new("ptelu", "x if x ≥ 0, α·tanh(βx) otherwise",
        "Duggal & Gupta, P-TELU: Parametric Tan Hyperbolic Linear Unit Activation for Deep Neural Networks, ICCV Workshops", 2017,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["p-telu"],
      Parameters = [new("alpha", 1.0, "saturation −α for x → −∞ (> 0)", Positive), new("beta", 1.0, "slope β of the tanh (> 0)", Positive)],
      Lower = -1, Family = "exponential" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => x >= 0 ? x : alpha * Math.Tanh(beta * x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThanOrEqual(x, 0f), x, alpha * TV.Tanh(beta * TV.Min(x, 0f)));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = y * _invA;
        return TV.Select(TV.GreaterThanOrEqual(x, 0f), 1f, alpha * beta * TV.Fma(-t, t, 1f));
    }
}

/// <summary>
/// Softplus Linear Unit: f(x) = x for x ≥ 0, 2·ln(eˣ + 1) − 2·ln 2 otherwise (α = 1, β = 2, γ = 2 ln 2: continuous and
/// differentiable at 0); f'(x) = 1 for x ≥ 0, 2σ(x) otherwise.
/// Zhao, Liu, Li &amp; Luo, "A novel softplus linear unit for deep convolutional neural networks", Applied Intelligence 2018.
/// </summary>
internal readonly struct SoftplusLinearUnitOp : IFixedActivation<SoftplusLinearUnitOp>
{
    private const float TwoLn2 = 1.38629436f;

    public static ActivationInfo Info { get; } = new("softplus-linear-unit", "x if x ≥ 0, 2·ln(eˣ + 1) − 2·ln 2 otherwise",
        "Zhao, Liu, Li & Luo, A novel softplus linear unit for deep convolutional neural networks, Applied Intelligence", 2018,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["slu"], Lower = -1.3862943611198906, Family = "exponential" };
    public double Reference(double x) => x >= 0 ? x : 2 * RefMath.Softplus(x) - 2 * Math.Log(2);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThanOrEqual(x, 0f), x, TV.Fma(2f, TV.Softplus(TV.Min(x, 0f)), -TwoLn2));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThanOrEqual(x, 0f), 1f, 2f * TV.Sigmoid(x));
}

/// <summary>
/// Shifted softplus: f(x) = ln(½eˣ + ½) = softplus(x) − ln 2, zero at the origin; f'(x) = σ(x).
/// Schütt, Kindermans, Sauceda, Chmiela, Tkatchenko &amp; Müller, "SchNet: A continuous-filter convolutional neural network
/// for modeling quantum interactions", NeurIPS 2017.
/// </summary>
internal readonly struct ShiftedSoftplusOp : IFixedActivation<ShiftedSoftplusOp>
{
    private const float Ln2 = 0.693147182f;

    public static ActivationInfo Info { get; } = new("shifted-softplus", "ln(½eˣ + ½) = ln(1 + eˣ) − ln 2",
        "Schütt, Kindermans, Sauceda, Chmiela, Tkatchenko & Müller, SchNet: A continuous-filter convolutional neural network for modeling quantum interactions, NeurIPS", 2017,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["ssp"], Lower = -0.6931471805599453, Family = "exponential" };
    public double Reference(double x) => Math.Log(0.5 * Math.Exp(x) + 0.5);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Softplus(x) - Ln2;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.Sigmoid(x);
}

/// <summary>
/// Hexpo: f(x) = −a(e^{−x/b} − 1) for x ≥ 0, c(e^{x/d} − 1) otherwise (a = b = c = d = 1), bounded in (−c, a) with
/// slopes a/b and c/d at 0; f'(x) = (a − y)/b for x ≥ 0, (y + c)/d otherwise.
/// Kong &amp; Takatsuka, "Hexpo: A vanishing-proof activation function", IJCNN 2017.
/// </summary>
internal readonly struct HexpoOp(float a, float b, float c, float d) : IFixedActivation<HexpoOp>
{
    private readonly float _invB = 1f / b, _invD = 1f / d;

    public static ActivationInfo Info { get; } = new("hexpo", "−a(e^(−x/b) − 1) if x ≥ 0, c(e^(x/d) − 1) otherwise",
        "Kong & Takatsuka, Hexpo: A vanishing-proof activation function, IJCNN", 2017, Monotone | Smooth | ZeroCentred)
    {
        Parameters = [new("a", 1.0, "upper bound a (> 0)", Positive), new("b", 1.0, "decay scale b for x ≥ 0 (> 0)", Positive),
            new("c", 1.0, "lower bound −c (> 0)", Positive), new("d", 1.0, "decay scale d for x < 0 (> 0)", Positive)],
        Lower = -1, Upper = 1, Family = "exponential",
    };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => x >= 0 ? -a * (Math.Exp(-x / b) - 1) : c * (Math.Exp(x / d) - 1);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV pos = TV.GreaterThanOrEqual(x, 0f);
        TV t = TV.Select(pos, -x * _invB, x * _invD);
        return TV.Select(pos, -a, c) * TV.ExpM1Neg(TV.Min(t, 0f));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThanOrEqual(x, 0f), (a - y) * _invB, ExponentialUnit.Slope(y, c, _invD));
}

/// <summary>
/// SERLU: f(x) = λx for x ≥ 0, λα·x·eˣ otherwise (λ = 1.07862, α = 2.90427, self-normalising), a bump of minimum
/// −λα/e at x = −1; f'(x) = λ for x ≥ 0, λα·eˣ(1 + x) otherwise.
/// Zhang &amp; Li, "Effectiveness of Scaled Exponentially-Regularized Linear Units (SERLUs)", arXiv 2018.
/// </summary>
/// <remarks>x is clamped to ≥ −200 on the negative branch (where x·eˣ is 0 in float).</remarks>
internal readonly struct SerluOp(float lambda, float alpha) : IFixedActivation<SerluOp>
{
    private const float Low = -200f;
    private readonly float _la = lambda * alpha;

    public static ActivationInfo Info { get; } = new("serlu", "λx if x ≥ 0, λα·x·eˣ otherwise",
        "Zhang & Li, Effectiveness of Scaled Exponentially-Regularized Linear Units (SERLUs), arXiv", 2018, ZeroCentred)
    { Parameters = [new("lambda", 1.07862, "scale λ (> 0)", Positive), new("alpha", 2.90427, "bump depth α (> 0)", Positive)],
      Lower = -1.1524205012899006, Family = "exponential" };
    public double Reference(double x) => x >= 0 ? lambda * x : (double)lambda * alpha * x * Math.Exp(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Min(TV.Max(x, Low), 0f);
        return TV.Select(TV.GreaterThanOrEqual(x, 0f), lambda * x, _la * l * TV.Exp(l));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Min(TV.Max(x, Low), 0f);
        return TV.Select(TV.GreaterThanOrEqual(x, 0f), lambda, _la * TV.Exp(l) * (1f + l));
    }
}
