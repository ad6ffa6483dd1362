using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Gaussian radial basis function: f(x) = e^(−x²); f'(x) = −2x·f(x).
/// Broomhead &amp; Lowe, "Multivariable Functional Interpolation and Adaptive Networks", Complex Systems 1988.
/// </summary>
internal readonly struct GaussianOp : IFixedActivation<GaussianOp>
{
    // e^(−x²) underflows float for |x| > 10.1; clamping there keeps the exponent and x·f(x) finite.
    private const float Cut = 10.5f;

    public static ActivationInfo Info { get; } = new("gaussian", "e^(−x²)",
        "Broomhead & Lowe, Multivariable Functional Interpolation and Adaptive Networks, Complex Systems", 1988, Smooth)
    { Aliases = ["gaussian-rbf"], Lower = 0, Upper = 1, Family = "radial" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => Math.Exp(-x * x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> { TV c = TV.ClampNative(x, -Cut, Cut); return TV.Exp(-(c * c)); }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => -2f * TV.ClampNative(x, -Cut, Cut) * y;
}

/// <summary>
/// Multiquadric: f(x) = √(1 + (εx)²) (ε = 1); f'(x) = ε²x/f(x).
/// Hardy, "Multiquadric equations of topography and other irregular surfaces", Journal of Geophysical Research 1971.
/// </summary>
internal readonly struct MultiquadricOp(float eps) : IFixedActivation<MultiquadricOp>
{
    private const float Big = 1e18f;

    public static ActivationInfo Info { get; } = new("multiquadric", "√(1 + (εx)²)",
        "Hardy, Multiquadric equations of topography and other irregular surfaces, Journal of Geophysical Research", 1971, Smooth)
    { Aliases = ["multiquadric-rbf"], Parameters = [new("eps", 1.0, "shape parameter ε (> 0)", Positive)], Lower = 1, Family = "radial" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => Math.Sqrt(1 + eps * x * (eps * x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = eps * x, t = TV.ClampNative(u, -Big, Big);
        return TV.MaxNative(TV.Sqrt(1f + t * t), TV.Abs(u));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => eps * (TV.ClampNative(eps * x, -Big, Big) / TV.MinNative(y, Big));
}

/// <summary>
/// Inverse multiquadric: f(x) = 1/√(1 + (εx)²) (ε = 1); f'(x) = −ε²x·f(x)³.
/// Micchelli, "Interpolation of scattered data: Distance matrices and conditionally positive definite functions",
/// Constructive Approximation 1986.
/// </summary>
internal readonly struct InverseMultiquadricOp(float eps) : IFixedActivation<InverseMultiquadricOp>
{
    private const float Big = 1e18f;

    public static ActivationInfo Info { get; } = new("inverse-multiquadric", "1/√(1 + (εx)²)",
        "Micchelli, Interpolation of scattered data: Distance matrices and conditionally positive definite functions, Constructive Approximation", 1986,
        Smooth)
    { Aliases = ["imq"], Parameters = [new("eps", 1.0, "shape parameter ε (> 0)", Positive)], Lower = 0, Upper = 1, Family = "radial" };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => 1 / Math.Sqrt(1 + eps * x * (eps * x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> { TV t = TV.ClampNative(eps * x, -Big, Big); return 1f / TV.Sqrt(1f + t * t); }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => -eps * (TV.ClampNative(eps * x, -Big, Big) * y) * (y * y);
}

/// <summary>
/// Hat function, the degree-1 B-spline on the knots 0, 1, 2: f(x) = x on [0, 1], 2 − x on [1, 2], 0 elsewhere
/// (= ReLU(x) − 2·ReLU(x − 1) + ReLU(x − 2)); f'(x) = 1 on [0, 1), −1 on [1, 2), else 0.
/// Hong, Siegel, Tan &amp; Xu, "On the Activation Function Dependence of the Spectral Bias of Neural Networks", arXiv 2022.
/// </summary>
internal readonly struct HatOp : IFixedActivation<HatOp>
{
    public static ActivationInfo Info { get; } = new("hat", "max(0, 1 − |x − 1|)",
        "Hong, Siegel, Tan & Xu, On the Activation Function Dependence of the Spectral Bias of Neural Networks, arXiv:2208.04924", 2022, Sparse)
    { Aliases = ["linear-bspline"], Lower = 0, Upper = 1, Family = "radial" };
    public double Reference(double x) => x <= 0 || x >= 2 ? 0 : x <= 1 ? x : 2 - x;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RadialBumpMath.Tent(x - 1f, 1f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RadialBumpMath.TentSlope(x, 0f, 1f, 2f);
}

/// <summary>
/// Tent activation: f(x) = max(0, δ − |x|) (δ = 1); f'(x) = 1 on [−δ, 0), −1 on [0, δ), else 0.
/// Rozsa &amp; Boult, "Improved Adversarial Robustness by Reducing Open Space Risk via Tent Activations", arXiv 2019.
/// </summary>
internal readonly struct TentOp(float delta) : IFixedActivation<TentOp>
{
    public static ActivationInfo Info { get; } = new("tent", "max(0, δ − |x|)",
        "Rozsa & Boult, Improved Adversarial Robustness by Reducing Open Space Risk via Tent Activations, arXiv:1908.02435", 2019, Sparse)
    { Aliases = ["triangular"], Parameters = [new("delta", 1.0, "half-width δ (> 0) and peak height of the tent", Positive)], Lower = 0, Upper = 1,
      Family = "radial" };
    public double Reference(double x) => Math.Max(0, delta - Math.Abs(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RadialBumpMath.Tent(x, delta);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RadialBumpMath.TentSlope(x, -delta, 0f, delta);
}

/// <summary>
/// Wendland's compactly supported function φ₃,₁: f(x) = (1 − |x|)₊⁴·(4|x| + 1), C² with support [−1, 1]; f'(x) = −20x·(1 − |x|)₊³.
/// Wendland, "Piecewise polynomial, positive definite and compactly supported radial functions of minimal degree",
/// Advances in Computational Mathematics 1995.
/// </summary>
internal readonly struct WendlandOp : IFixedActivation<WendlandOp>
{
    public static ActivationInfo Info { get; } = new("wendland", "(1 − |x|)₊⁴·(4|x| + 1)",
        "Wendland, Piecewise polynomial, positive definite and compactly supported radial functions of minimal degree, Advances in Computational Mathematics", 1995,
        Smooth | Sparse)
    { Aliases = ["wendland-c2"], Lower = 0, Upper = 1, Family = "radial" };
    public double Reference(double x)
    {
        double r = Math.Abs(x);
        return r >= 1 ? 0 : Math.Pow(1 - r, 4) * (4 * r + 1);
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV r = TV.MinNative(TV.Abs(x), 1f), u = 1f - r, u2 = u * u;
        return u2 * u2 * (4f * r + 1f);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -1f, 1f), u = 1f - TV.Abs(c);
        return -20f * c * (u * u * u);
    }
}

/// <summary>
/// Centred cubic B-spline: f(x) = 2/3 − x² + |x|³/2 for |x| &lt; 1, (2 − |x|)³/6 for 1 ≤ |x| &lt; 2, 0 elsewhere (C², support [−2, 2]);
/// f'(x) = x(3|x|/2 − 2) for |x| &lt; 1, −sign(x)(2 − |x|)²/2 for 1 ≤ |x| &lt; 2, else 0.
/// Schoenberg, "Contributions to the problem of approximation of equidistant data by analytic functions", Quarterly of Applied Mathematics 1946.
/// </summary>
internal readonly struct CubicBsplineOp : IFixedActivation<CubicBsplineOp>
{
    public static ActivationInfo Info { get; } = new("cubic-bspline", "2/3 − x² + |x|³/2 (|x| < 1); (2 − |x|)³/6 (1 ≤ |x| < 2); 0",
        "Schoenberg, Contributions to the problem of approximation of equidistant data by analytic functions, Quarterly of Applied Mathematics", 1946,
        Smooth | Sparse)
    { Aliases = ["bspline3"], Lower = 0, Upper = 2.0 / 3, Family = "radial" };
    public double Reference(double x)
    {
        double a = Math.Abs(x);
        return a < 1 ? 2.0 / 3 - a * a + a * a * a / 2 : a < 2 ? (2 - a) * (2 - a) * (2 - a) / 6 : 0;
    }

    private const float TwoThirds = 2f / 3f, Sixth = 1f / 6f;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.MinNative(TV.Abs(x), 2f), v = 2f - a;
        TV inner = TwoThirds - a * a * (1f - 0.5f * a);
        return TV.Select(TV.LessThan(a, 1f), inner, v * v * v * Sixth);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -2f, 2f), a = TV.Abs(c), v = 2f - a;
        return TV.Select(TV.LessThan(a, 1f), c * (1.5f * a - 2f), TV.CopySign(0.5f * (v * v), -c));
    }
}

/// <summary>
/// Centred quadratic B-spline: f(x) = 3/4 − x² for |x| &lt; 1/2, (3/2 − |x|)²/2 for 1/2 ≤ |x| &lt; 3/2, 0 elsewhere (C¹, support [−3/2, 3/2]);
/// f'(x) = −2x for |x| &lt; 1/2, −sign(x)(3/2 − |x|) for 1/2 ≤ |x| &lt; 3/2, else 0.
/// Schoenberg, "Contributions to the problem of approximation of equidistant data by analytic functions", Quarterly of Applied Mathematics 1946.
/// </summary>
internal readonly struct QuadraticBsplineOp : IFixedActivation<QuadraticBsplineOp>
{
    public static ActivationInfo Info { get; } = new("quadratic-bspline", "3/4 − x² (|x| < 1/2); (3/2 − |x|)²/2 (1/2 ≤ |x| < 3/2); 0",
        "Schoenberg, Contributions to the problem of approximation of equidistant data by analytic functions, Quarterly of Applied Mathematics", 1946,
        Smooth | Sparse)
    { Aliases = ["bspline2"], Lower = 0, Upper = 0.75, Family = "radial" };
    public double Reference(double x)
    {
        double a = Math.Abs(x);
        return a < 0.5 ? 0.75 - a * a : a < 1.5 ? (1.5 - a) * (1.5 - a) / 2 : 0;
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.MinNative(TV.Abs(x), 1.5f), v = 1.5f - a;
        return TV.Select(TV.LessThan(a, 0.5f), 0.75f - a * a, 0.5f * (v * v));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -1.5f, 1.5f), a = TV.Abs(c);
        return TV.Select(TV.LessThan(a, 0.5f), -2f * c, TV.CopySign(1.5f - a, -c));
    }
}

/// <summary>
/// SQ-RBF, a square-based replacement of the Gaussian radial basis function: f(x) = 1 − x²/2 for |x| ≤ 1, (2 − |x|)²/2 for
/// 1 &lt; |x| &lt; 2, 0 elsewhere; f'(x) = −x for |x| ≤ 1, −sign(x)(2 − |x|) for 1 &lt; |x| &lt; 2, else 0.
/// Wuraola &amp; Patel, "Computationally Efficient Radial Basis Function", ICONIP 2018.
/// </summary>
internal readonly struct SqRbfOp : IFixedActivation<SqRbfOp>
{
    public static ActivationInfo Info { get; } = new("sq-rbf", "1 − x²/2 (|x| ≤ 1); (2 − |x|)²/2 (1 < |x| < 2); 0",
        "Wuraola & Patel, Computationally Efficient Radial Basis Function, ICONIP", 2018, Smooth | Sparse)
    { Aliases = ["sqrbf"], Lower = 0, Upper = 1, Family = "radial" };
    public double Reference(double x)
    {
        double a = Math.Abs(x);
        return a <= 1 ? 1 - a * a / 2 : a < 2 ? (2 - a) * (2 - a) / 2 : 0;
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.MinNative(TV.Abs(x), 2f), v = 2f - a;
        return TV.Select(TV.LessThanOrEqual(a, 1f), 1f - 0.5f * (a * a), 0.5f * (v * v));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -2f, 2f), a = TV.Abs(c);
        return TV.Select(TV.LessThanOrEqual(a, 1f), -c, TV.CopySign(2f - a, -c));
    }
}

/// <summary>
/// Elephant activation: f(x) = 1/(1 + |x/a|^d) (a = 1, d = 4, an integer); f'(x) = −(d/a)·sign(x)·|x/a|^(d−1)·f(x)².
/// Lan &amp; Mahmood, "Elephant Neural Networks: Born to Be a Continual Learner", arXiv 2023.
/// </summary>
internal readonly struct ElephantOp(float a, float d) : IFixedActivation<ElephantOp>
{
    private readonly float _invA = 1f / a;

    public static ActivationInfo Info { get; } = new("elephant", "1/(1 + |x/a|^d)",
        "Lan & Mahmood, Elephant Neural Networks: Born to Be a Continual Learner, arXiv:2310.01365", 2023, Smooth)
    { Parameters = [new("a", 1.0, "width a (> 0)", Positive), new("d", 4.0, "integer power d, 1 to 16 (sharpness)", Integers(1, 16))], Lower = 0,
      Upper = 1, Family = "radial" };
    public double Reference(double x) => 1 / (1 + Math.Pow(Math.Abs(x / a), d));
    // The learnable Elephant's kernel with a frozen (C0 = 1/a, C1 = d).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => ElephantKernel.Forward(x, Frozen.Coefs<TV>(_invA, d));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => Frozen.Slope<ElephantKernel, TV>(x, Frozen.Coefs<TV>(_invA, d));
}

/// <summary>
/// Cauchy activation of XNet with fixed parameters: f(x) = λ₁x/(x² + d²) + λ₂/(x² + d²) (λ₁ = λ₂ = d = 1);
/// f'(x) = λ₁(q − 2u²) − 2λ₂·u·q with q = 1/(x² + d²), u = x·q.
/// Li, Xia &amp; Zhang, "Cauchy activation function and XNet", arXiv 2024.
/// </summary>
internal readonly struct CauchyOp(float lambda1, float lambda2, float d) : IFixedActivation<CauchyOp>
{
    private readonly float _d2 = MathF.Max(d * d, Learnable.Cauchy.MinD2);

    public static ActivationInfo Info { get; } = new("cauchy", "λ₁x/(x² + d²) + λ₂/(x² + d²)",
        "Li, Xia & Zhang, Cauchy activation function and XNet, arXiv:2409.19221", 2024, Smooth)
    { Aliases = ["xnet-cauchy"],
      Parameters = [new("lambda1", 1.0, "weight λ₁ of the odd part x/(x² + d²)"), new("lambda2", 1.0, "weight λ₂ of the even part 1/(x² + d²)"), new("d", 1.0, "width d (> 0)", Positive)],
      Lower = (1 - Math.Sqrt(2)) / 2, Upper = (1 + Math.Sqrt(2)) / 2, Family = "radial" };
    public double Reference(double x) => lambda1 * x / (x * x + (double)d * d) + lambda2 / (x * x + (double)d * d);
    // The learnable Cauchy's kernel with a frozen (C0 = λ₁, C1 = λ₂, C2 = d²).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => CauchyKernel.Forward(x, Frozen.Coefs<TV>(lambda1, lambda2, _d2));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => Frozen.Slope<CauchyKernel, TV>(x, Frozen.Coefs<TV>(lambda1, lambda2, _d2));
}

/// <summary>
/// Mexican hat (Ricker) wavelet: f(x) = (1 − x²)·e^(−x²/2); f'(x) = x(x² − 3)·e^(−x²/2).
/// Zhang &amp; Benveniste, "Wavelet networks", IEEE Transactions on Neural Networks 1992.
/// </summary>
internal readonly struct MexicanHatOp : IFixedActivation<MexicanHatOp>
{
    // e^(−x²/2) underflows float for |x| > 14.4; clamping keeps x²·e^(−x²/2) finite.
    private const float Cut = 15f;

    public static ActivationInfo Info { get; } = new("mexican-hat", "(1 − x²)·e^(−x²/2)",
        "Zhang & Benveniste, Wavelet networks, IEEE Transactions on Neural Networks", 1992, Smooth)
    { Aliases = ["ricker"], Lower = -2 * Math.Exp(-1.5), Upper = 1, Family = "radial" };
    public double Reference(double x) => (1 - x * x) * Math.Exp(-x * x / 2);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -Cut, Cut), c2 = c * c;
        return (1f - c2) * TV.Exp(-0.5f * c2);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, -Cut, Cut), c2 = c * c;
        return c * (c2 - 3f) * TV.Exp(-0.5f * c2);
    }
}

/// <summary>
/// Thin-plate spline: f(x) = x²·ln|x| (f(0) = 0); f'(x) = x(2·ln|x| + 1).
/// Duchon, "Splines minimizing rotation-invariant semi-norms in Sobolev spaces", Constructive Theory of Functions of Several
/// Variables (Lecture Notes in Mathematics 571) 1977.
/// </summary>
internal readonly struct ThinPlateSplineOp : IFixedActivation<ThinPlateSplineOp>
{
    private const float Tiny = 1e-30f; // ln|x| is taken at max(|x|, 1e−30): x²·ln|x| is below float resolution there

    public static ActivationInfo Info { get; } = new("thin-plate-spline", "x²·ln|x|",
        "Duchon, Splines minimizing rotation-invariant semi-norms in Sobolev spaces, Constructive Theory of Functions of Several Variables (Lecture Notes in Mathematics 571)", 1977,
        Smooth)
    { Aliases = ["tps"], Lower = -0.5 / Math.E, Family = "radial" };
    public double Reference(double x) => x == 0 ? 0 : x * x * Math.Log(Math.Abs(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x * x * LogAbs(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => x * (2f * LogAbs(x) + 1f);
    private static TV LogAbs<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Log(TV.MaxNative(TV.Abs(x), Tiny));
}

/// <summary>
/// ReLU-KAN basis function: f(x) = [ReLU(e − x)·ReLU(x − s)]²·16/(e − s)⁴, a C¹ bump of height 1 on [s, e] (s = −1, e = 1, where it
/// equals (1 − x²)²); f'(x) = 2k·p·(e + s − 2x) with p = ReLU(e − x)·ReLU(x − s), k = 16/(e − s)⁴.
/// Qiu, Zhu, Gong, Chen &amp; Ning, "ReLU-KAN: New Kolmogorov-Arnold Networks that Only Need Matrix Addition, Dot Multiplication,
/// and ReLU", arXiv 2024.
/// </summary>
internal readonly struct ReluKanBasisOp(float start, float end) : IFixedActivation<ReluKanBasisOp>
{
    private readonly float _k = 16f / ((end - start) * (end - start) * (end - start) * (end - start));

    public static ActivationInfo Info { get; } = new("relu-kan-basis", "[ReLU(e − x)·ReLU(x − s)]²·16/(e − s)⁴",
        "Qiu, Zhu, Gong, Chen & Ning, ReLU-KAN: New Kolmogorov-Arnold Networks that Only Need Matrix Addition, Dot Multiplication, and ReLU, arXiv:2406.02075", 2024,
        Smooth | Sparse)
    { Aliases = ["relu-kan"], Parameters = [new("start", -1.0, "left end s of the support"), new("end", 1.0, "right end e (> s) of the support")],
      Lower = 0, Upper = 1, Family = "radial" };
    public static ReluKanBasisOp Create(ActivationOptions options)
    {
        options.Require(Info, options.Get(Info, "start") < options.Get(Info, "end"), "start < end");
        return new(options.Float(Info, "start"), options.Float(Info, "end"));
    }
    public double Reference(double x)
    {
        double p = Math.Max(0, end - x) * Math.Max(0, x - start), w = (double)end - start;
        return p * p * 16 / (w * w * w * w);
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, start, end), p = (end - c) * (c - start);
        return p * p * _k;
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.ClampNative(x, start, end), p = (end - c) * (c - start);
        return 2f * _k * p * (end + start - 2f * c);
    }
}

/// <summary>The pieces the radial bumps share, written once over the lane type.</summary>
internal static class RadialBumpMath
{
    /// <summary>The tent max(0, δ − |u|), native max: NaN gives 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tent<TV>(TV u, float delta) where TV : struct, IFloatLanes<TV> => TV.MaxNative(delta - TV.Abs(u), 0f);

    /// <summary>A tent's slope: 1 on [lo, mid), −1 on [mid, hi), 0 elsewhere (and for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TentSlope<TV>(TV x, float lo, float mid, float hi) where TV : struct, IFloatLanes<TV>
    {
        TV up = TV.And(TV.GreaterThanOrEqual(x, lo), TV.LessThan(x, mid));
        TV down = TV.And(TV.GreaterThanOrEqual(x, mid), TV.LessThan(x, hi));
        return TV.Or(TV.And(up, 1f), TV.And(down, -1f));
    }
}
