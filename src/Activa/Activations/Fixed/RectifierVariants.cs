using Activa.Kernels;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Squared ReLU: f(x) = max(0, x)²; f'(x) = 2·max(0, x).
/// So, Mańke, Liu, Dai, Shazeer &amp; Le, "Primer: Searching for Efficient Transformers for Language Modeling", NeurIPS 2021.
/// </summary>
internal readonly struct ReluSquaredOp : IFixedActivation<ReluSquaredOp>
{
    public static ActivationInfo Info { get; } = new("relu-squared", "max(0, x)²",
        "So, Mańke, Liu, Dai, Shazeer & Le, Primer: Searching for Efficient Transformers for Language Modeling, NeurIPS", 2021,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.Sparse)
    {
        Aliases = ["squared-relu", "relu2", "requ"], Lower = 0, Family = "rectifier",
    };
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
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.Sparse)
    {
        Aliases = ["rectified-power-unit"],
        Parameters = [new("p", 3.0, "integer power, 1 to 16", Integers(1, 16))],
        Lower = 0, Family = "rectifier",
    };
    public static RepuOp Create(ActivationOptions options) => new(options.Float(Info, "p"));
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
        "Konda, Memisevic & Krueger, Zero-bias autoencoders and the benefits of co-adapting features, ICLR", 2015,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["trec", "fat-relu", "fatrelu"],
        Parameters = [new("theta", 1.0, "threshold below which the output is 0")],
        Lower = 0, Family = "rectifier", Torch = "F.threshold(x, 1.0, 0.0)",
    };
    public static ThresholdedReluOp Create(ActivationOptions options) => new(options.Float(Info, "theta"));
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
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["relu-n", "bounded-relu"],
        Parameters = [new("cap", 20.0, "upper clipping value n (> 0)", Positive)],
        Lower = 0, Upper = 20, Family = "rectifier", Torch = "F.hardtanh(x, 0.0, 20.0)",
    };
    public static ClippedReluOp Create(ActivationOptions options) => new(options.Float(Info, "cap"));
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
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Aliases = ["tlu"],
        Parameters = [new("t", -1.0, "floor value (the output never goes below t)")],
        Lower = -1, Family = "rectifier",
    };
    public static ShiftedReluOp Create(ActivationOptions options) => new(options.Float(Info, "t"));
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
        "Runje & Shankaranarayana, Constrained Monotonic Neural Networks, ICML", 2023,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["negative-relu"], Upper = 0, Family = "rectifier",
    };
    public double Reference(double x) => Math.Min(x, 0);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.MinNative(x, 0f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.And(TV.LessThan(x, 0f), 1f);
}

/// <summary>
/// Correction Regularized ReLU: f(x) = max(0, x) + ε·x·e^(−x²/2) (ε = 0.01); f'(x) = 1[x ≥ 0] + ε·e^(−x²/2)·(1 − x²).
/// Sun, Wu, Xia, Chang, Dong, Yuan, Chang &amp; Wang, "A Method on Searching Better Activation Functions", arXiv 2024.
/// </summary>
internal readonly struct CrReluOp(float eps) : IFixedActivation<CrReluOp>
{
    // e^(−x²/2) is below 1e−55 for |x| ≥ 16: clamping there keeps x² finite and the correction exact in float.
    private const float Cut = 16f;

    public static ActivationInfo Info { get; } = new("crrelu", "max(0, x) + ε·x·e^(−x²/2)",
        "Sun, Wu, Xia, Chang, Dong, Yuan, Chang & Wang, A Method on Searching Better Activation Functions, arXiv:2405.12954", 2024,
        ActivationProperties.ZeroCentred)
    {
        Aliases = ["correction-regularized-relu"],
        Parameters = [new("eps", 0.01, "weight ε of the correction term x·e^(−x²/2)")],
        Lower = -(double)0.01f * Math.Exp(-0.5), Family = "rectifier",
    };
    public static CrReluOp Create(ActivationOptions options) => new(options.Float(Info, "eps"));
    public double Reference(double x) => Math.Max(0, x) + eps * x * Math.Exp(-x * x / 2);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -Cut, Cut);
        return TV.MaxNative(x, 0f) + eps * c * TV.Exp(-0.5f * c * c);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -Cut, Cut);
        return RectifierLanes.StepAtOrAbove(x, 0f) + eps * TV.Exp(-0.5f * c * c) * (1f - c * c);
    }
}

/// <summary>
/// Smooth ReLU: f(x) = 0 for x ≤ −β, (x + β)²/(4β) for |x| ≤ β, x for x ≥ β (β = 2); f'(x) = (clamp(x, −β, β) + β)/(2β).
/// Shamir, Lin &amp; Coviello, "Smooth activations and reproducibility in deep networks", arXiv 2020.
/// </summary>
internal readonly struct SmeluOp(float beta) : IFixedActivation<SmeluOp>
{
    private readonly float _quarter = 0.25f / beta, _half = 0.5f / beta;

    public static ActivationInfo Info { get; } = new("smelu", "0 if x ≤ −β, (x + β)²/(4β) if |x| ≤ β, x if x ≥ β",
        "Shamir, Lin & Coviello, Smooth activations and reproducibility in deep networks, arXiv:2010.09931", 2020,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.Sparse)
    {
        Aliases = ["smooth-relu"],
        Parameters = [new("beta", 2.0, "half-width β (> 0) of the quadratic transition", Positive)],
        Lower = 0, Family = "rectifier",
    };
    public static SmeluOp Create(ActivationOptions options) => new(options.Float(Info, "beta"));
    public double Reference(double x) => x <= -beta ? 0 : x >= beta ? x : (x + beta) * (x + beta) / (4.0 * beta);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.ClampNative(x, -beta, beta) + beta;
        return TV.Select(TV.GreaterThan(x, beta), x, u * u * _quarter);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => (TV.ClampNative(x, -beta, beta) + beta) * _half;
}

/// <summary>
/// Natural-logarithm-rectified linear unit: f(x) = ln(β·max(0, x) + 1) (β = 1); f'(x) = β/(β·x + 1) for x ≥ 0, else 0.
/// Liu, Zhang, Gao, Qu &amp; Ji, "Natural-Logarithm-Rectified Activation Function in Convolutional Neural Networks", ICCC 2019.
/// </summary>
internal readonly struct NlReluOp(float beta) : IFixedActivation<NlReluOp>
{
    public static ActivationInfo Info { get; } = new("nlrelu", "ln(β·max(0, x) + 1)",
        "Liu, Zhang, Gao, Qu & Ji, Natural-Logarithm-Rectified Activation Function in Convolutional Neural Networks, IEEE ICCC", 2019,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["natural-log-relu"],
        Parameters = [new("beta", 1.0, "scale β (> 0) inside the logarithm", Positive)],
        Lower = 0, Family = "rectifier",
    };
    public static NlReluOp Create(ActivationOptions options) => new(options.Float(Info, "beta"));
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
        "Nicolae, PLU: The Piecewise Linear Unit Activation Function, arXiv:1809.09534", 2018,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Aliases = ["piecewise-linear-unit"],
        Parameters = [new("alpha", 0.1, "slope outside [−c, c]"), new("c", 1.0, "half-width (> 0) of the identity region", Positive)],
        Family = "rectifier",
    };
    public static PluOp Create(ActivationOptions options) => new(options.Float(Info, "alpha"), options.Float(Info, "c"));
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
        "Yu, Si, Zhou, Luo, Zhou, Feng, Yan & Wang, MetaFormer Baselines for Vision, arXiv:2210.13452", 2022,
        ActivationProperties.Monotone | ActivationProperties.Smooth)
    {
        Aliases = ["starrelu"],
        Parameters = [new("scale", DefaultScale, "scale s of the squared ReLU"), new("bias", DefaultBias, "offset b")],
        Lower = (float)DefaultBias, Family = "rectifier",
    };
    public static StarReluOp Create(ActivationOptions options) => new(options.Float(Info, "scale"), options.Float(Info, "bias"));
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
    private readonly float _b2 = 2f * a2, _b3 = 3f * a3;

    public static ActivationInfo Info { get; } = new("poly-relu", "a₀ + a₁·max(0, x) + a₂·max(0, x)² + a₃·max(0, x)³",
        "Zhuo, Wang, Zeng, Li, Zhou & Ma, Polynomial Composition Activations: Unleashing the Dynamics of Large Language Models, ICLR", 2025,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["polyrelu"],
        Parameters = [new("a0", 0.0, "constant term"), new("a1", 1.0 / 3, "coefficient of max(0, x)"),
            new("a2", 1.0 / 3, "coefficient of max(0, x)²"), new("a3", 1.0 / 3, "coefficient of max(0, x)³")],
        Lower = 0, Family = "rectifier",
    };
    public static PolyReluOp Create(ActivationOptions options) =>
        new(options.Float(Info, "a0"), options.Float(Info, "a1"), options.Float(Info, "a2"), options.Float(Info, "a3"));
    public double Reference(double x)
    {
        double r = Math.Max(0, x);
        return a0 + a1 * r + a2 * r * r + a3 * r * r * r;
    }

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV r = TV.MaxNative(x, 0f);
        return a0 + r * (a1 + r * (a2 + r * a3));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV r = TV.MaxNative(x, 0f);
        return TV.And(TV.GreaterThanOrEqual(x, 0f), a1 + r * (_b2 + r * _b3));
    }
}

/// <summary>
/// Absolute-value rectification: f(x) = |x|; f'(x) = sign(x) (0 at 0, as PyTorch).
/// Jarrett, Kavukcuoglu, Ranzato &amp; LeCun, "What is the Best Multi-Stage Architecture for Object Recognition?", ICCV 2009.
/// </summary>
internal readonly struct AbsOp : IFixedActivation<AbsOp>
{
    public static ActivationInfo Info { get; } = new("abs", "|x|",
        "Jarrett, Kavukcuoglu, Ranzato & LeCun, What is the Best Multi-Stage Architecture for Object Recognition?, ICCV", 2009,
        ActivationProperties.None)
    {
        Aliases = ["absolute-value", "abs-rectifier"], Lower = 0, Family = "rectifier", Torch = "torch.abs(x)",
    };
    public double Reference(double x) => Math.Abs(x);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Abs(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Or(TV.And(TV.GreaterThan(x, 0f), 1f), TV.And(TV.LessThan(x, 0f), -1f));
}

/// <summary>
/// Squareplus: f(x) = (x + √(x² + b))/2 (b = 4); f'(x) = (1 + x/√(x² + b))/2. Evaluated as max(x, 0) + (b/2)/(√(x² + b) + |x|),
/// which has no cancellation for large |x|.
/// Barron, "Squareplus: A Softplus-Like Algebraic Rectifier", arXiv 2021.
/// </summary>
internal readonly struct SquareplusOp(float b) : IFixedActivation<SquareplusOp>
{
    private const float Big = 1e18f; // |x| beyond which x² + b would overflow; the result is then exact to float precision
    private readonly float _halfB = 0.5f * b;

    public static ActivationInfo Info { get; } = new("squareplus", "(x + √(x² + b))/2",
        "Barron, Squareplus: A Softplus-Like Algebraic Rectifier, arXiv:2112.11687", 2021,
        ActivationProperties.Monotone | ActivationProperties.Smooth)
    {
        Parameters = [new("b", 4.0, "curvature b (> 0) at the origin; f(0) = √b/2", Positive)],
        Lower = 0, Family = "rectifier",
    };
    public static SquareplusOp Create(ActivationOptions options) => new(options.Float(Info, "b"));
    public double Reference(double x) => (x + Math.Sqrt(x * x + b)) / 2;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.ClampNative(x, -Big, Big);
        return TV.MaxNative(x, 0f) + _halfB / (TV.Sqrt(t * t + b) + TV.Abs(x));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.ClampNative(x, -Big, Big);
        TV s = TV.Sqrt(t * t + b);
        TV a = _halfB / (s * (s + TV.Abs(t)));
        return TV.Select(TV.GreaterThan(x, 0f), 1f - a, a);
    }
}

/// <summary>
/// Inverse square root linear unit: f(x) = x for x ≥ 0, x/√(1 + αx²) otherwise (α = 1); f'(x) = 1 for x ≥ 0, (1/√(1 + αx²))³ otherwise.
/// Carlile, Delamarter, Kinney, Marti &amp; Whitney, "Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs)", arXiv 2017.
/// </summary>
internal readonly struct IsrluOp(float alpha) : IFixedActivation<IsrluOp>
{
    private const float Big = 1e18f;
    private readonly float _sqrtAlpha = MathF.Sqrt(alpha), _invSqrtAlpha = 1f / MathF.Sqrt(alpha);

    public static ActivationInfo Info { get; } = new("isrlu", "x if x ≥ 0, x/√(1 + αx²) otherwise",
        "Carlile, Delamarter, Kinney, Marti & Whitney, Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs), arXiv:1710.09967", 2017,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["inverse-square-root-linear-unit"],
        Parameters = [new("alpha", 1.0, "α (> 0); the output saturates at −1/√α", Positive)],
        Lower = -1, Family = "rectifier",
    };
    public static IsrluOp Create(ActivationOptions options) => new(options.Float(Info, "alpha"));
    public double Reference(double x) => x >= 0 ? x : x / Math.Sqrt(1 + alpha * x * x);

    // u = √α·min(x, 0) (clamped so that u² stays finite); f = max(x, 0) + u·r/√α with r = 1/√(1 + u²); f' = r³ (r = 1 for x ≥ 0).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.ClampNative(_sqrtAlpha * x, -Big, 0f);
        return TV.MaxNative(x, 0f) + u / TV.Sqrt(1f + u * u) * _invSqrtAlpha;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.ClampNative(_sqrtAlpha * x, -Big, 0f);
        TV r = 1f / TV.Sqrt(1f + u * u);
        return r * r * r;
    }
}

/// <summary>
/// Square linear unit: f(x) = x for x &gt; 0, x + x²/4 for −2 ≤ x ≤ 0, −1 for x &lt; −2; f'(x) = 1 for x &gt; 0, 1 + x/2 for −2 ≤ x ≤ 0, else 0.
/// Wuraola, Patel &amp; Nguang, "Efficient activation functions for embedded inference engines", Neurocomputing 2021.
/// </summary>
internal readonly struct SqluOp : IFixedActivation<SqluOp>
{
    public static ActivationInfo Info { get; } = new("sqlu", "x if x > 0, x + x²/4 if −2 ≤ x ≤ 0, −1 if x < −2",
        "Wuraola, Patel & Nguang, Efficient activation functions for embedded inference engines, Neurocomputing", 2021,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["square-linear-unit"], Lower = -1, Family = "rectifier",
    };
    public double Reference(double x) => x > 0 ? x : x >= -2 ? x + x * x / 4 : -1;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.ClampNative(x, -2f, 0f);
        return TV.MaxNative(x, 0f) + (t + t * t * 0.25f);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f + TV.ClampNative(x, -2f, 0f) * 0.5f;
}
