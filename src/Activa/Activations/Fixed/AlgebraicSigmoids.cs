using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Hard sigmoid (PyTorch form): f(x) = relu6(x + 3)/6 = min(max(x/6 + ½, 0), 1); f'(x) = 1/6 for −3 &lt; x &lt; 3,
/// else 0 (0 at both kinks, as PyTorch).
/// Howard et al., "Searching for MobileNetV3", ICCV 2019.
/// </summary>
internal readonly struct HardSigmoidOp : IFixedActivation<HardSigmoidOp>
{
    private const float Sixth = 1f / 6f;

    public static ActivationInfo Info { get; } = new("hard-sigmoid", "min(max(x + 3, 0), 6) / 6",
        "Howard, Sandler, Chu, Chen, Chen, Tan, Wang, Zhu, Pang, Vasudevan, Le & Adam, Searching for MobileNetV3, ICCV", 2019, Monotone | Sparse)
    { Aliases = ["hardsigmoid", "h-sigmoid"], Lower = 0, Upper = 1, Family = "sigmoidal", Torch = "F.hardsigmoid(x)" };
    public double Reference(double x) => Math.Min(Math.Max(x + 3, 0), 6) / 6;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RectifierLanes.Clamp(TV.Fma(x, Sixth, 0.5f), 0f, 1f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.Window(x, -3f, 3f, Sixth);
}

/// <summary>
/// Hard tanh: f(x) = min(max(x, a), b) (min_val a = −1, max_val b = 1); f'(x) = 1 for a &lt; x &lt; b, else 0
/// (0 at both bounds, as PyTorch). ReLU6 is its specialisation a = 0, b = 6 (<see cref="Specialisation"/>).
/// Collobert, Weston, Bottou, Karlen, Kavukcuoglu &amp; Kuksa, "Natural Language Processing (Almost) from Scratch", JMLR 2011.
/// </summary>
internal readonly struct HardTanhOp(float minVal, float maxVal) : IFixedActivation<HardTanhOp>
{
    public static ActivationInfo Info { get; } = new("hard-tanh", "min(max(x, a), b)",
        "Collobert, Weston, Bottou, Karlen, Kavukcuoglu & Kuksa, Natural Language Processing (Almost) from Scratch, JMLR", 2011,
        Monotone | ZeroCentred)
    { Aliases = ["hardtanh"], Parameters = [new("min_val", -1.0, "lower bound a"), new("max_val", 1.0, "upper bound b (> a)")], Lower = -1,
      Upper = 1, Family = "sigmoidal", Torch = "F.hardtanh(x)" };
    public static HardTanhOp Create(ActivationOptions options)
    {
        options.Require(Info, options.Get(Info, "min_val") < options.Get(Info, "max_val"), "min_val < max_val");
        return new(options.Float(Info, "min_val"), options.Float(Info, "max_val"));
    }
    public double Reference(double x) => Math.Min(Math.Max(x, minVal), maxVal);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RectifierLanes.Clamp(x, minVal, maxVal);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.Window(x, minVal, maxVal, 1f);
}

/// <summary>
/// Softsign: f(x) = x / (1 + |x|); f'(x) = 1/(1 + |x|)² = (1 − |y|)², computed from the output.
/// Glorot &amp; Bengio, "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010.
/// </summary>
internal readonly struct SoftsignOp : IFixedActivation<SoftsignOp>
{
    public static ActivationInfo Info { get; } = new("softsign", "x / (1 + |x|)",
        "Glorot & Bengio, Understanding the difficulty of training deep feedforward neural networks, AISTATS", 2010, Monotone | Smooth | ZeroCentred)
    { Lower = -1, Upper = 1, Family = "sigmoidal", Torch = "F.softsign(x)" };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => x / (1 + Math.Abs(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x / (1f + TV.Abs(x));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = 1f - TV.Abs(y);
        return t * t;
    }
}

/// <summary>
/// Inverse square root unit: f(x) = x/√(1 + αx²) (α = 1); f'(x) = (1/√(1 + αx²))³.
/// Carlile, Delamarter, Kinney, Marti &amp; Whitney, "Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs)", arXiv 2017.
/// </summary>
internal readonly struct IsruOp(float alpha) : IFixedActivation<IsruOp>
{
    private const float Big = 1e18f;
    private readonly float _sqrtAlpha = MathF.Sqrt(alpha), _invSqrtAlpha = 1f / MathF.Sqrt(alpha);

    public static ActivationInfo Info { get; } = new("isru", "x/√(1 + αx²)",
        "Carlile, Delamarter, Kinney, Marti & Whitney, Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs), arXiv:1710.09967", 2017,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["inverse-square-root-unit", "algebraic-sigmoid"],
      Parameters = [new("alpha", 1.0, "α (> 0); the output lies in (−1/√α, 1/√α)", Positive)], Lower = -1, Upper = 1, Family = "sigmoidal" };
    public double Reference(double x) => x / Math.Sqrt(1 + alpha * x * x);

    // u = √α·x clamped so that u² stays finite; f = u·r/√α, f' = r³ with r = 1/√(1 + u²).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => AlgebraicSigmoidKernels.InverseSqrtUnit(_sqrtAlpha * x, Big) * _invSqrtAlpha;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        AlgebraicSigmoidKernels.InverseSqrtSlope(TV.ClampNative(_sqrtAlpha * x, -Big, Big));
}

/// <summary>
/// Square nonlinearity: f(x) = 1 for x &gt; 2, x − x²/4 for 0 ≤ x ≤ 2, x + x²/4 for −2 ≤ x &lt; 0, −1 for x &lt; −2;
/// f'(x) = 1 − |x|/2 for |x| ≤ 2, else 0.
/// Wuraola &amp; Patel, "SQNL: A New Computationally Efficient Activation Function", IJCNN 2018.
/// </summary>
internal readonly struct SqnlOp : IFixedActivation<SqnlOp>
{
    public static ActivationInfo Info { get; } = new("sqnl", "t − t·|t|/4 with t = clamp(x, −2, 2)",
        "Wuraola & Patel, SQNL: A New Computationally Efficient Activation Function, IJCNN", 2018, Monotone | Smooth | ZeroCentred)
    { Aliases = ["square-nonlinearity"], Lower = -1, Upper = 1, Family = "sigmoidal" };
    public double Reference(double x) => x > 2 ? 1 : x >= 0 ? x - x * x / 4 : x >= -2 ? x + x * x / 4 : -1;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => AlgebraicSigmoidKernels.Sqnl(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => AlgebraicSigmoidKernels.SqnlSlope(x);
}

/// <summary>
/// SQNL sigmoid: f(x) = (SQNL(x) + 1)/2, the square-nonlinearity replacement of the logistic sigmoid; f'(x) = (1 − |x|/2)/2 for |x| ≤ 2, else 0.
/// Wuraola, Patel &amp; Nguang, "Efficient activation functions for embedded inference engines", Neurocomputing 2021.
/// </summary>
internal readonly struct SqnlSigmoidOp : IFixedActivation<SqnlSigmoidOp>
{
    public static ActivationInfo Info { get; } = new("sqnl-sigmoid", "(t − t·|t|/4)/2 + 1/2 with t = clamp(x, −2, 2)",
        "Wuraola, Patel & Nguang, Efficient activation functions for embedded inference engines, Neurocomputing", 2021, Monotone | Smooth)
    { Aliases = ["sqnlsig", "log-sqnl"], Lower = 0, Upper = 1, Family = "sigmoidal" };
    public double Reference(double x)
    {
        double s = x > 2 ? 1 : x >= 0 ? x - x * x / 4 : x >= -2 ? x + x * x / 4 : -1;
        return 0.5 * s + 0.5;
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => AlgebraicSigmoidKernels.Sqnl(x) * 0.5f + 0.5f;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 0.5f * AlgebraicSigmoidKernels.SqnlSlope(x);
}

/// <summary>
/// Smooth-step: f(x) = 0 for x ≤ −γ/2, 1 for x ≥ γ/2, −2x³/γ³ + 3x/(2γ) + 1/2 otherwise (γ = 1);
/// f'(x) = 3/(2γ) − 6x²/γ³ for |x| &lt; γ/2, else 0.
/// Hazimeh, Ponomareva, Mol, Tan &amp; Mazumder, "The Tree Ensemble Layer: Differentiability meets Conditional Computation", ICML 2020.
/// </summary>
internal readonly struct SmoothStepOp(float gamma) : IFixedActivation<SmoothStepOp>
{
    private readonly float _half = 0.5f * gamma, _c1 = 1.5f / gamma, _c3 = 2f / (gamma * gamma * gamma), _d3 = 6f / (gamma * gamma * gamma);

    public static ActivationInfo Info { get; } = new("smooth-step", "0 if x ≤ −γ/2, 1 if x ≥ γ/2, −2x³/γ³ + 3x/(2γ) + 1/2 otherwise",
        "Hazimeh, Ponomareva, Mol, Tan & Mazumder, The Tree Ensemble Layer: Differentiability meets Conditional Computation, ICML", 2020,
        Monotone | Smooth)
    { Aliases = ["smoothstep"], Parameters = [new("gamma", 1.0, "width γ (> 0) of the transition", Positive)], Lower = 0, Upper = 1,
      Family = "sigmoidal" };
    public double Reference(double x)
    {
        double g = gamma;
        return x <= -g / 2 ? 0 : x >= g / 2 ? 1 : -2 * x * x * x / (g * g * g) + 3 * x / (2 * g) + 0.5;
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.ClampNative(x, -_half, _half);
        return t * (_c1 - _c3 * (t * t)) + 0.5f;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.And(TV.LessThan(TV.Abs(x), _half), _c1 - _d3 * (x * x));
}

/// <summary>
/// Soft clipping: f(x) = (1/α)·ln((1 + e^(αx))/(1 + e^(α(x − 1)))) (α = 1), a smooth clip to [0, 1]; f'(x) = σ(αx) − σ(α(x − 1)).
/// Evaluated on z = min(x, 1 − x) using the symmetry f(1 − x) = 1 − f(x), so neither tail cancels.
/// Klimek &amp; Perelstein, "Neural Network-Based Approach to Phase Space Integration", SciPost Physics 2020.
/// </summary>
internal readonly struct SoftClippingOp(float alpha) : IFixedActivation<SoftClippingOp>
{
    private readonly float _invAlpha = 1f / alpha;

    public static ActivationInfo Info { get; } = new("soft-clipping", "(1/α)·ln((1 + e^(αx))/(1 + e^(α(x − 1))))",
        "Klimek & Perelstein, Neural Network-Based Approach to Phase Space Integration, SciPost Physics", 2020, Monotone | Smooth)
    { Aliases = ["softclip"], Parameters = [new("alpha", 1.0, "sharpness α (> 0); α → ∞ gives clamp(x, 0, 1)", Positive)], Lower = 0, Upper = 1,
      Family = "sigmoidal" };
    public double Reference(double x) => (RefMath.Softplus(alpha * x) - RefMath.Softplus(alpha * (x - 1))) / alpha;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.MaxNative(alpha * TV.MinNative(x, 1f - x), -100f);
        TV g = (TV.Softplus(u) - TV.Softplus(u - alpha)) * _invAlpha;
        return TV.Select(TV.LessThanOrEqual(x, 0.5f), g, 1f - g);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.MaxNative(alpha * TV.MinNative(x, 1f - x), -100f);
        return TV.Sigmoid(u) - TV.Sigmoid(u - alpha);
    }
}

/// <summary>
/// PLAN, the piecewise linear approximation of the logistic sigmoid with power-of-two slopes: for a = |x|, p(a) = 1 (a ≥ 5),
/// 0.03125a + 0.84375 (2.375 ≤ a &lt; 5), 0.125a + 0.625 (1 ≤ a &lt; 2.375), 0.25a + 0.5 (a &lt; 1); f(x) = p(x) for x ≥ 0,
/// 1 − p(−x) otherwise; f'(x) = the slope of the segment of |x|. (The segments meet with a jump of 1/256 at |x| = 2.375, so f is
/// not quite monotone.)
/// Amin, Curtis &amp; Hayes-Gill, "Piecewise linear approximation applied to nonlinear function of a neural network",
/// IEE Proceedings - Circuits, Devices and Systems 1997.
/// </summary>
internal readonly struct PlanOp : IFixedActivation<PlanOp>
{
    public static ActivationInfo Info { get; } = new("plan", "1 (|x| ≥ 5); 0.03125|x| + 0.84375 (|x| ≥ 2.375); 0.125|x| + 0.625 (|x| ≥ 1); 0.25|x| + 0.5; mirrored as 1 − p(−x) for x < 0",
        "Amin, Curtis & Hayes-Gill, Piecewise linear approximation applied to nonlinear function of a neural network, IEE Proceedings - Circuits, Devices and Systems", 1997,
        None)
    { Aliases = ["plan-sigmoid"], Lower = 0, Upper = 1, Family = "sigmoidal" };
    private static double P(double a) => a >= 5 ? 1 : a >= 2.375 ? 0.03125 * a + 0.84375 : a >= 1 ? 0.125 * a + 0.625 : 0.25 * a + 0.5;
    public double Reference(double x) => x >= 0 ? P(x) : 1 - P(-x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.Abs(x);
        TV p = TV.Select(TV.LessThan(a, 1f), 0.25f * a + 0.5f,
            TV.Select(TV.LessThan(a, 2.375f), 0.125f * a + 0.625f,
            TV.Select(TV.LessThan(a, 5f), 0.03125f * a + 0.84375f, 1f)));
        return TV.Select(TV.GreaterThanOrEqual(x, 0f), p, 1f - p);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.Abs(x);
        return TV.Select(TV.LessThan(a, 1f), 0.25f,
            TV.Select(TV.LessThan(a, 2.375f), 0.125f, TV.And(TV.LessThan(a, 5f), 0.03125f)));
    }
}

/// <summary>
/// Elliott sigmoid: f(x) = x/(2(1 + |x|)) + 1/2; f'(x) = 1/(2(1 + |x|)²).
/// Elliott, "A Better Activation Function for Artificial Neural Networks", Technical Report ISR TR 93-8, University of Maryland, 1993.
/// </summary>
internal readonly struct ElliottOp : IFixedActivation<ElliottOp>
{
    public static ActivationInfo Info { get; } = new("elliott", "x/(2(1 + |x|)) + 1/2",
        "Elliott, A Better Activation Function for Artificial Neural Networks, Technical Report ISR TR 93-8, Institute for Systems Research, University of Maryland", 1993,
        Monotone | Smooth)
    { Aliases = ["elliott-sigmoid", "elliot"], Lower = 0, Upper = 1, Family = "sigmoidal" };
    public double Reference(double x) => 0.5 * x / (1 + Math.Abs(x)) + 0.5;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => 0.5f * x / (1f + TV.Abs(x)) + 0.5f;
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV d = 1f + TV.Abs(x);
        return 0.5f / (d * d);
    }
}

/// <summary>
/// Hard sigmoid of BinaryConnect: f(x) = clip((x + 1)/2, 0, 1); f'(x) = 1/2 for −1 ≤ x &lt; 1, else 0.
/// Courbariaux, Bengio &amp; David, "BinaryConnect: Training Deep Neural Networks with binary weights during propagations", NeurIPS 2015.
/// </summary>
internal readonly struct HardSigmoidBcOp : IFixedActivation<HardSigmoidBcOp>
{
    public static ActivationInfo Info { get; } = new("hard-sigmoid-bc", "clip((x + 1)/2, 0, 1)",
        "Courbariaux, Bengio & David, BinaryConnect: Training Deep Neural Networks with binary weights during propagations, NeurIPS", 2015,
        Monotone | Sparse)
    { Aliases = ["binary-hard-sigmoid"], Lower = 0, Upper = 1, Family = "sigmoidal" };
    public double Reference(double x) => Math.Clamp((x + 1) / 2, 0, 1);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.ClampNative(0.5f * x + 0.5f, 0f, 1f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 
        TV.And(TV.And(TV.GreaterThanOrEqual(x, -1f), TV.LessThan(x, 1f)), 0.5f);
}

/// <summary>Sub-expressions shared by the algebraic sigmoids, each written once over the lane type.</summary>
internal static class AlgebraicSigmoidKernels
{
    /// <summary>t/√(1 + t²) with t = x clamped to [−limit, limit] (so that t² stays finite): the ISRU with α = 1, and the
    /// BLU's slope term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InverseSqrtUnit<TV>(TV x, float limit) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.ClampNative(x, -limit, limit);
        return t / TV.Sqrt(1f + t * t);
    }

    /// <summary>The slope (1/√(1 + u²))³ of u/√(1 + u²), for u already clamped: the ISRU's and the ISRLU's derivative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV InverseSqrtSlope<TV>(TV u) where TV : struct, IFloatLanes<TV>
    {
        TV r = 1f / TV.Sqrt(1f + u * u);
        return r * r * r;
    }

    /// <summary>SQNL(x) = t − t·|t|/4 with t = clamp(x, −2, 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sqnl<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.ClampNative(x, -2f, 2f);
        return t - t * TV.Abs(t) * 0.25f;
    }

    /// <summary>SQNL'(x) = 1 − |t|/2 with t = clamp(x, −2, 2) (0 outside [−2, 2]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SqnlSlope<TV>(TV x) where TV : struct, IFloatLanes<TV> => 1f - TV.Abs(TV.ClampNative(x, -2f, 2f)) * 0.5f;
}
