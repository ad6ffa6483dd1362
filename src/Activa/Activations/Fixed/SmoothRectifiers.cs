using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Softplus: f(x) = ln(1 + e^{βx})/β, and x where βx &gt; threshold (β = 1, threshold = 20, exactly as PyTorch);
/// f'(x) = σ(βx), and 1 where βx &gt; threshold.
/// Dugas, Bengio, Bélisle, Nadeau &amp; Garcia, "Incorporating Second-Order Functional Knowledge for Better Option
/// Pricing", NIPS 2001.
/// </summary>
internal readonly struct SoftplusOp(float beta, float threshold) : IFixedActivation<SoftplusOp>
{
    private readonly float _invBeta = 1f / beta;

    public static ActivationInfo Info { get; } = new("softplus", "ln(1 + e^(βx))/β (x where βx > threshold)",
        "Dugas, Bengio, Bélisle, Nadeau & Garcia, Incorporating Second-Order Functional Knowledge for Better Option Pricing, NIPS", 2001,
        Monotone | Smooth)
    { Parameters = [new("beta", 1.0, "sharpness β (> 0)", Positive), new("threshold", 20.0, "above βx > threshold the function is x")], Lower = 0,
      Family = "rectifier", Torch = "F.softplus(x)" };
    public double Reference(double x) => beta * x > threshold ? x : RefMath.Softplus(beta * x) / beta;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = beta * x;
        return TV.Select(TV.GreaterThan(u, threshold), x, TV.Softplus(u) * _invBeta);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV u = beta * x;
        return TV.Select(TV.GreaterThan(u, threshold), 1f, TV.Sigmoid(u));
    }
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
        "Sun, Wu, Xia, Chang, Dong, Yuan, Chang & Wang, A Method on Searching Better Activation Functions, arXiv:2405.12954", 2024, ZeroCentred)
    { Aliases = ["correction-regularized-relu"], Parameters = [new("eps", 0.01, "weight ε of the correction term x·e^(−x²/2)")],
      Lower = -(double)0.01f * Math.Exp(-0.5), Family = "rectifier" };
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
        "Shamir, Lin & Coviello, Smooth activations and reproducibility in deep networks, arXiv:2010.09931", 2020, Monotone | Smooth | Sparse)
    { Aliases = ["smooth-relu"], Parameters = [new("beta", 2.0, "half-width β (> 0) of the quadratic transition", Positive)], Lower = 0,
      Family = "rectifier" };
    public double Reference(double x) => x <= -beta ? 0 : x >= beta ? x : (x + beta) * (x + beta) / (4.0 * beta);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.ClampNative(x, -beta, beta) + beta;
        return TV.Select(TV.GreaterThan(x, beta), x, u * u * _quarter);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => (TV.ClampNative(x, -beta, beta) + beta) * _half;
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
        "Barron, Squareplus: A Softplus-Like Algebraic Rectifier, arXiv:2112.11687", 2021, Monotone | Smooth)
    { Parameters = [new("b", 4.0, "curvature b (> 0) at the origin; f(0) = √b/2", Positive)], Lower = 0, Family = "rectifier" };
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
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["inverse-square-root-linear-unit"], Parameters = [new("alpha", 1.0, "α (> 0); the output saturates at −1/√α", Positive)],
      Lower = -1, Family = "rectifier" };
    public double Reference(double x) => x >= 0 ? x : x / Math.Sqrt(1 + alpha * x * x);

    // u = √α·min(x, 0) (clamped so that u² stays finite); f = max(x, 0) + u·r/√α with r = 1/√(1 + u²); f' = r³ (r = 1 for x ≥ 0).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = TV.ClampNative(_sqrtAlpha * x, -Big, 0f);
        return TV.MaxNative(x, 0f) + u / TV.Sqrt(1f + u * u) * _invSqrtAlpha;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        AlgebraicSigmoidKernels.InverseSqrtSlope(TV.ClampNative(_sqrtAlpha * x, -Big, 0f));
}

/// <summary>
/// Square linear unit: f(x) = x for x &gt; 0, x + x²/4 for −2 ≤ x ≤ 0, −1 for x &lt; −2; f'(x) = 1 for x &gt; 0, 1 + x/2 for −2 ≤ x ≤ 0, else 0.
/// Wuraola, Patel &amp; Nguang, "Efficient activation functions for embedded inference engines", Neurocomputing 2021.
/// </summary>
internal readonly struct SqluOp : IFixedActivation<SqluOp>
{
    public static ActivationInfo Info { get; } = new("sqlu", "x if x > 0, x + x²/4 if −2 ≤ x ≤ 0, −1 if x < −2",
        "Wuraola, Patel & Nguang, Efficient activation functions for embedded inference engines, Neurocomputing", 2021,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["square-linear-unit"], Lower = -1, Family = "rectifier" };
    public double Reference(double x) => x > 0 ? x : x >= -2 ? x + x * x / 4 : -1;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.ClampNative(x, -2f, 0f);
        return TV.MaxNative(x, 0f) + (t + t * t * 0.25f);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => 1f + TV.ClampNative(x, -2f, 0f) * 0.5f;
}
