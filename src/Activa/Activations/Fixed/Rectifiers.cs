using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// ReLU: f(x) = max(0, x); f'(x) = 1 for x &gt; 0, else 0 (0 at the kink, as PyTorch).
/// Nair &amp; Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines", ICML 2010.
/// </summary>
internal readonly struct ReluOp : IFixedActivation<ReluOp>
{
    public static ActivationInfo Info { get; } = new("relu", "max(0, x)",
        "Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines, ICML", 2010, Monotone | Sparse)
    { Lower = 0, Family = "rectifier", Torch = "F.relu(x)" };
    public double Reference(double x) => Math.Max(0, x);

    // x with the lanes where x ≤ 0 cleared: one and-not (NaN compares false and passes through).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.AndNot(x, TV.LessThanOrEqual(x, 0f));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAbove(x, 0f);
}

/// <summary>
/// The pieces the piecewise-linear activations share (ReLU and its clipped, thresholded and shifted forms, the hard
/// sigmoid and tanh, the shrinkage rules): indicator derivatives and the IEEE clamp, each written once over the lane type.
/// </summary>
internal static class RectifierLanes
{
    /// <summary>1 where x &gt; t, else 0 (0 for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV StepAbove<TV>(TV x, float t) where TV : struct, IFloatLanes<TV> => TV.And(TV.GreaterThan(x, t), 1f);

    /// <summary>1 where x ≥ t, else 0 (0 for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV StepAtOrAbove<TV>(TV x, float t) where TV : struct, IFloatLanes<TV> => TV.And(TV.GreaterThanOrEqual(x, t), 1f);

    /// <summary><paramref name="v"/> where lo &lt; x &lt; hi, else 0 (0 at both bounds and for NaN): the derivative of a clamp
    /// to [lo, hi] scaled by v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Window<TV>(TV x, float lo, float hi, float v) where TV : struct, IFloatLanes<TV> =>
        TV.And(TV.And(TV.GreaterThan(x, lo), TV.LessThan(x, hi)), v);

    /// <summary>zᵏ for a small integer k ≥ 0 by repeated multiplication, in order (RePU, Elephant).</summary>
    public static TV IntPow<TV>(TV z, int k) where TV : struct, IFloatLanes<TV>
    {
        TV y = 1f;
        for (int i = 0; i < k; i++) y *= z;
        return y;
    }

    /// <summary>
    /// min(max(x, lo), hi), NaN staying NaN, with the native minimum and maximum (one instruction each, also for bounds
    /// that are not constants): they return their second operand when either is NaN (x86 maxps/minps, ARM fmax/fmin
    /// and Float1's ?: alike), and x is always that operand.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Clamp<TV>(TV x, float lo, float hi) where TV : struct, IFloatLanes<TV> => TV.MinNative(hi, TV.MaxNative(lo, x));
}

/// <summary>
/// Leaky ReLU: f(x) = x for x &gt; 0, a·x otherwise (negative_slope a = 0.01); f'(x) = 1 for x &gt; 0, else a
/// (a at the kink, as PyTorch).
/// Maas, Hannun &amp; Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models", ICML 2013.
/// </summary>
internal readonly struct LeakyReluOp(float negativeSlope) : IFixedActivation<LeakyReluOp>
{
    public static ActivationInfo Info { get; } = new("leaky-relu", "x if x > 0, a·x otherwise",
        "Maas, Hannun & Ng, Rectifier Nonlinearities Improve Neural Network Acoustic Models, ICML", 2013, Monotone | ZeroCentred)
    { Aliases = ["leakyrelu", "lrelu"], Parameters = [new("negative_slope", 0.01, "slope a for x < 0")], Family = "rectifier",
      Torch = "F.leaky_relu(x, 0.01)" };
    public double Reference(double x) => x > 0 ? x : negativeSlope * x;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), x, x * negativeSlope);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), 1f, negativeSlope);
}

/// <summary>
/// Threshold: f(x) = x for x &gt; t, else v (threshold t = 0, value v = 0 by default, where it equals ReLU;
/// torch.nn.Threshold has no defaults, these are ours); f'(x) = 1 for x &gt; t, else 0 (0 at x = t, as PyTorch).
/// The Threshold module of Torch7: Collobert, Kavukcuoglu &amp; Farabet, "Torch7: A Matlab-like Environment for
/// Machine Learning", BigLearn NIPS Workshop 2011.
/// </summary>
internal readonly struct ThresholdOp(float threshold, float value) : IFixedActivation<ThresholdOp>
{
    public static ActivationInfo Info { get; } = new("threshold", "x if x > t, v otherwise",
        "Collobert, Kavukcuoglu & Farabet, Torch7: A Matlab-like Environment for Machine Learning, BigLearn NIPS Workshop", 2011, Monotone | Sparse)
    { Parameters = [new("threshold", 0.0, "inputs at or below t are replaced"), new("value", 0.0, "the replacement v")], Lower = 0,
      Family = "rectifier", Torch = "F.threshold(x, 0.0, 0.0)" };
    public double Reference(double x) => x > threshold ? x : value;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.LessThanOrEqual(x, threshold), value, x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAbove(x, threshold);
}

/// <summary>
/// Squared ReLU: f(x) = max(0, x)²; f'(x) = 2·max(0, x).
/// So, Mańke, Liu, Dai, Shazeer &amp; Le, "Primer: Searching for Efficient Transformers for Language Modeling", NeurIPS 2021.
/// </summary>
internal readonly struct ReluSquaredOp : IFixedActivation<ReluSquaredOp>
{
    public static ActivationInfo Info { get; } = new("relu-squared", "max(0, x)²",
        "So, Mańke, Liu, Dai, Shazeer & Le, Primer: Searching for Efficient Transformers for Language Modeling, NeurIPS", 2021,
        Monotone | Smooth | Sparse)
    { Aliases = ["squared-relu", "relu2", "requ"], Lower = 0, Family = "rectifier" };
    public double Reference(double x) => x > 0 ? x * x : 0;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV r = TV.MaxNative(x, 0f);
        return r * r;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 2f * TV.MaxNative(x, 0f);
}

/// <summary>
/// Rectified power unit: f(x) = max(0, x)^p for an integer p (default 3); f'(x) = p·max(0, x)^(p−1) for x &gt; 0, else 0.
/// Li, Tang &amp; Yu, "Better Approximations of High Dimensional Smooth Functions by Deep Neural Networks with Rectified Power Units",
/// Communications in Computational Physics 2020.
/// </summary>
internal readonly struct RepuOp(float p) : IFixedActivation<RepuOp>
{
    public static ActivationInfo Info { get; } = new("repu", "max(0, x)^p",
        "Li, Tang & Yu, Better Approximations of High Dimensional Smooth Functions by Deep Neural Networks with Rectified Power Units, Communications in Computational Physics", 2020,
        Monotone | Smooth | Sparse)
    { Aliases = ["rectified-power-unit"], Parameters = [new("p", 3.0, "integer power, 1 to 16", Integers(1, 16))], Lower = 0, Family = "rectifier" };
    public double Reference(double x) => x > 0 ? Math.Pow(x, p) : 0;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RectifierLanes.IntPow(TV.MaxNative(x, 0f), (int)p);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.And(TV.GreaterThan(x, 0f), p * RectifierLanes.IntPow(TV.MaxNative(x, 0f), (int)p - 1));
}

/// <summary>
/// Thresholded ReLU (TRec; FATReLU): f(x) = x for x &gt; θ, else 0 (θ = 1); f'(x) = 1 for x &gt; θ, else 0.
/// Konda, Memisevic &amp; Krueger, "Zero-bias autoencoders and the benefits of co-adapting features", ICLR 2015.
/// </summary>
internal readonly struct ThresholdedReluOp(float theta) : IFixedActivation<ThresholdedReluOp>
{
    public static ActivationInfo Info { get; } = new("thresholded-relu", "x if x > θ, 0 otherwise",
        "Konda, Memisevic & Krueger, Zero-bias autoencoders and the benefits of co-adapting features, ICLR", 2015, Monotone | Sparse)
    { Aliases = ["trec", "fat-relu", "fatrelu"], Parameters = [new("theta", 1.0, "threshold below which the output is 0")], Lower = 0,
      Family = "rectifier", Torch = "F.threshold(x, 1.0, 0.0)" };
    public double Reference(double x) => x > theta ? x : 0;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.And(TV.GreaterThan(x, theta), x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAbove(x, theta);
}

/// <summary>
/// Clipped ReLU (ReLU-n, bounded ReLU): f(x) = min(max(0, x), n) (n = 20); f'(x) = 1 for 0 &lt; x &lt; n, else 0 (as PyTorch's hardtanh).
/// Hannun et al., "Deep Speech: Scaling up end-to-end speech recognition", arXiv 2014.
/// </summary>
internal readonly struct ClippedReluOp(float cap) : IFixedActivation<ClippedReluOp>
{
    public static ActivationInfo Info { get; } = new("clipped-relu", "min(max(0, x), n)",
        "Hannun, Case, Casper, Catanzaro, Diamos, Elsen, Prenger, Satheesh, Sengupta, Coates & Ng, Deep Speech: Scaling up end-to-end speech recognition, arXiv:1412.5567", 2014,
        Monotone | Sparse)
    { Aliases = ["relu-n", "bounded-relu"], Parameters = [new("cap", 20.0, "upper clipping value n (> 0)", Positive)], Lower = 0, Upper = 20,
      Family = "rectifier", Torch = "F.hardtanh(x, 0.0, 20.0)" };
    public double Reference(double x) => Math.Min(Math.Max(0, x), cap);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.MinNative(TV.MaxNative(x, 0f), cap);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.Window(x, 0f, cap, 1f);
}

/// <summary>
/// Shifted ReLU (SReLU; TLU with a fixed threshold): f(x) = max(x, t) (t = −1); f'(x) = 1 for x ≥ t, else 0.
/// Clevert, Unterthiner &amp; Hochreiter, "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)", ICLR 2016.
/// </summary>
internal readonly struct ShiftedReluOp(float t) : IFixedActivation<ShiftedReluOp>
{
    public static ActivationInfo Info { get; } = new("shifted-relu", "max(x, t)",
        "Clevert, Unterthiner & Hochreiter, Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs), ICLR", 2016,
        Monotone | ZeroCentred)
    { Aliases = ["tlu"], Parameters = [new("t", -1.0, "floor value (the output never goes below t)")], Lower = -1, Family = "rectifier" };
    public double Reference(double x) => Math.Max(x, t);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.MaxNative(x, t);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAtOrAbove(x, t);
}

/// <summary>
/// Concave ReLU: f(x) = −ReLU(−x) = min(x, 0); f'(x) = 1 for x &lt; 0, else 0.
/// Runje &amp; Shankaranarayana, "Constrained Monotonic Neural Networks", ICML 2023.
/// </summary>
internal readonly struct ConcaveReluOp : IFixedActivation<ConcaveReluOp>
{
    public static ActivationInfo Info { get; } = new("concave-relu", "min(x, 0)",
        "Runje & Shankaranarayana, Constrained Monotonic Neural Networks, ICML", 2023, Monotone | Sparse)
    { Aliases = ["negative-relu"], Upper = 0, Family = "rectifier" };
    public double Reference(double x) => Math.Min(x, 0);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.MinNative(x, 0f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.And(TV.LessThan(x, 0f), 1f);
}

/// <summary>
/// Natural-logarithm-rectified linear unit: f(x) = ln(β·max(0, x) + 1) (β = 1); f'(x) = β/(β·x + 1) for x ≥ 0, else 0.
/// Liu, Zhang, Gao, Qu &amp; Ji, "Natural-Logarithm-Rectified Activation Function in Convolutional Neural Networks", ICCC 2019.
/// </summary>
internal readonly struct NlReluOp(float beta) : IFixedActivation<NlReluOp>
{
    public static ActivationInfo Info { get; } = new("nlrelu", "ln(β·max(0, x) + 1)",
        "Liu, Zhang, Gao, Qu & Ji, Natural-Logarithm-Rectified Activation Function in Convolutional Neural Networks, IEEE ICCC", 2019,
        Monotone | Sparse)
    { Aliases = ["natural-log-relu"], Parameters = [new("beta", 1.0, "scale β (> 0) inside the logarithm", Positive)], Lower = 0,
      Family = "rectifier" };
    public double Reference(double x) => Math.Log(beta * Math.Max(0, x) + 1);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Log(beta * TV.MaxNative(x, 0f) + 1f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.And(TV.GreaterThanOrEqual(x, 0f), beta / (beta * TV.MaxNative(x, 0f) + 1f));
}

/// <summary>
/// Piecewise Linear Unit: f(x) = max(α(x + c) − c, min(α(x − c) + c, x)) (α = 0.1, c = 1); f'(x) = 1 for −c ≤ x &lt; c, else α.
/// Nicolae, "PLU: The Piecewise Linear Unit Activation Function", arXiv 2018.
/// </summary>
internal readonly struct PluOp(float alpha, float c) : IFixedActivation<PluOp>
{
    public static ActivationInfo Info { get; } = new("plu", "max(α(x + c) − c, min(α(x − c) + c, x))",
        "Nicolae, PLU: The Piecewise Linear Unit Activation Function, arXiv:1809.09534", 2018, Monotone | ZeroCentred)
    { Aliases = ["piecewise-linear-unit"],
      Parameters = [new("alpha", 0.1, "slope outside [−c, c]"), new("c", 1.0, "half-width (> 0) of the identity region", Positive)],
      Family = "rectifier" };
    public double Reference(double x) => Math.Max(alpha * (x + c) - c, Math.Min(alpha * (x - c) + c, x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.MaxNative(alpha * (x + c) - c, TV.MinNative(alpha * (x - c) + c, x));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.And(TV.GreaterThanOrEqual(x, -c), TV.LessThan(x, c)), 1f, alpha);
}

/// <summary>
/// StarReLU: f(x) = s·max(0, x)² + b (s = 0.8944, b = −0.4472, i.e. 1/√1.25 and −0.5/√1.25); f'(x) = 2s·max(0, x).
/// Yu, Si, Zhou, Luo, Zhou, Feng, Yan &amp; Wang, "MetaFormer Baselines for Vision", arXiv 2022.
/// </summary>
internal readonly struct StarReluOp(float scale, float bias) : IFixedActivation<StarReluOp>
{
    private const double DefaultScale = 0.8944271909999159, DefaultBias = -0.4472135954999579;

    public static ActivationInfo Info { get; } = new("star-relu", "s·max(0, x)² + b",
        "Yu, Si, Zhou, Luo, Zhou, Feng, Yan & Wang, MetaFormer Baselines for Vision, arXiv:2210.13452", 2022, Monotone | Smooth)
    { Aliases = ["starrelu"], Parameters = [new("scale", DefaultScale, "scale s of the squared ReLU"), new("bias", DefaultBias, "offset b")],
      Lower = (float)DefaultBias, Family = "rectifier" };
    public double Reference(double x) => x > 0 ? scale * x * x + bias : bias;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV r = TV.MaxNative(x, 0f);
        return scale * r * r + bias;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => (2f * scale) * TV.MaxNative(x, 0f);
}

/// <summary>
/// PolyReLU of order 3 with fixed coefficients: f(x) = a₀ + a₁·r + a₂·r² + a₃·r³ with r = max(0, x) (a₀ = 0, a₁ = a₂ = a₃ = 1/3, the
/// paper's initialisation); f'(x) = a₁ + 2a₂·r + 3a₃·r² for x ≥ 0, else 0.
/// Zhuo, Wang, Zeng, Li, Zhou &amp; Ma, "Polynomial Composition Activations: Unleashing the Dynamics of Large Language Models", ICLR 2025.
/// </summary>
internal readonly struct PolyReluOp(float a0, float a1, float a2, float a3) : IFixedActivation<PolyReluOp>
{

    public static ActivationInfo Info { get; } = new("poly-relu", "a₀ + a₁·max(0, x) + a₂·max(0, x)² + a₃·max(0, x)³",
        "Zhuo, Wang, Zeng, Li, Zhou & Ma, Polynomial Composition Activations: Unleashing the Dynamics of Large Language Models, ICLR", 2025,
        Monotone | Sparse)
    {
        Aliases = ["polyrelu"],
        Parameters = [new("a0", 0.0, "constant term"), new("a1", 1.0 / 3, "coefficient of max(0, x)"),
            new("a2", 1.0 / 3, "coefficient of max(0, x)²"), new("a3", 1.0 / 3, "coefficient of max(0, x)³")],
        Lower = 0, Family = "rectifier",
    };
    public double Reference(double x)
    {
        double r = Math.Max(0, x);
        return a0 + a1 * r + a2 * r * r + a3 * r * r * r;
    }
    // The learnable PolyReLU's kernel at order 3 with frozen (C0 = a₀, C1..C3 = a₁..a₃).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => PolyReluKernel<Count3>.Forward(x, Frozen.Coefs<TV>(a0, a1, a2, a3));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        Frozen.Slope<PolyReluKernel<Count3>, TV>(x, Frozen.Coefs<TV>(a0, a1, a2, a3));
}

/// <summary>
/// Absolute-value rectification: f(x) = |x|; f'(x) = sign(x) (0 at 0, as PyTorch).
/// Jarrett, Kavukcuoglu, Ranzato &amp; LeCun, "What is the Best Multi-Stage Architecture for Object Recognition?", ICCV 2009.
/// </summary>
internal readonly struct AbsOp : IFixedActivation<AbsOp>
{
    public static ActivationInfo Info { get; } = new("abs", "|x|",
        "Jarrett, Kavukcuoglu, Ranzato & LeCun, What is the Best Multi-Stage Architecture for Object Recognition?, ICCV", 2009, None)
    { Aliases = ["absolute-value", "abs-rectifier"], Lower = 0, Family = "rectifier", Torch = "torch.abs(x)" };
    public double Reference(double x) => Math.Abs(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Abs(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Or(TV.And(TV.GreaterThan(x, 0f), 1f), TV.And(TV.LessThan(x, 0f), -1f));
}
