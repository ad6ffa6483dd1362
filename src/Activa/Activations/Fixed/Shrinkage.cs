using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Hard shrinkage: f(x) = x for |x| &gt; λ, else 0 (lambd λ = 0.5); f'(x) = 1 for |x| &gt; λ, else 0 (0 at ±λ, as PyTorch).
/// Donoho &amp; Johnstone, "Ideal spatial adaptation by wavelet shrinkage", Biometrika 1994.
/// </summary>
internal readonly struct HardShrinkOp(float lambd) : IFixedActivation<HardShrinkOp>
{
    public static ActivationInfo Info { get; } = new("hard-shrink", "x if |x| > λ, 0 otherwise",
        "Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage, Biometrika", 1994, Monotone | ZeroCentred | Sparse)
    { Aliases = ["hardshrink"], Parameters = [new("lambd", 0.5, "half-width λ ≥ 0 of the zeroed band", NonNegative)], Family = "shrinkage",
      Torch = "F.hardshrink(x)" };
    public double Reference(double x) => Math.Abs(x) > lambd ? x : 0;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.LessThanOrEqual(TV.Abs(x), lambd), 0f, x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAbove(TV.Abs(x), lambd);
}

/// <summary>
/// Soft shrinkage: f(x) = x − λ for x &gt; λ, x + λ for x &lt; −λ, else 0 (lambd λ = 0.5), computed as x − clamp(x, −λ, λ);
/// f'(x) = 1 for |x| &gt; λ, else 0 (0 at ±λ, as PyTorch).
/// Donoho, "De-noising by soft-thresholding", IEEE Transactions on Information Theory 1995.
/// </summary>
internal readonly struct SoftShrinkOp(float lambd) : IFixedActivation<SoftShrinkOp>
{
    public static ActivationInfo Info { get; } = new("soft-shrink", "x − λ if x > λ, x + λ if x < −λ, 0 otherwise",
        "Donoho, De-noising by soft-thresholding, IEEE Transactions on Information Theory", 1995, Monotone | ZeroCentred | Sparse)
    { Aliases = ["softshrink", "soft-thresholding"], Parameters = [new("lambd", 0.5, "half-width λ ≥ 0 of the zeroed band", NonNegative)],
      Family = "shrinkage", Torch = "F.softshrink(x)" };
    public double Reference(double x) => x > lambd ? x - lambd : x < -lambd ? x + lambd : 0;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x - RectifierLanes.Clamp(x, -lambd, lambd);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAbove(TV.Abs(x), lambd);
}

/// <summary>
/// Tanh shrinkage: f(x) = x − tanh x; f'(x) = tanh² x.
/// The Tanhshrink module of Torch7: Collobert, Kavukcuoglu &amp; Farabet, "Torch7: A Matlab-like Environment for
/// Machine Learning", BigLearn NIPS Workshop 2011.
/// </summary>
internal readonly struct TanhShrinkOp : IFixedActivation<TanhShrinkOp>
{
    public static ActivationInfo Info { get; } = new("tanh-shrink", "x − tanh x",
        "Collobert, Kavukcuoglu & Farabet, Torch7: A Matlab-like Environment for Machine Learning, BigLearn NIPS Workshop", 2011,
        Monotone | Smooth | ZeroCentred)
    { Aliases = ["tanhshrink"], Family = "shrinkage", Torch = "F.tanhshrink(x)" };
    public double Reference(double x) => x - Math.Tanh(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x - TV.Tanh(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Tanh(x);
        return t * t;
    }
}

/// <summary>
/// Non-negative garrote shrinkage: f(x) = x − λ²/x for |x| &gt; λ, 0 otherwise (λ = 0.5); f'(x) = 1 + λ²/x² for |x| &gt; λ, else 0.
/// Gao, "Wavelet Shrinkage Denoising Using the Non-Negative Garrote", Journal of Computational and Graphical Statistics 1998.
/// </summary>
internal readonly struct GarroteShrinkOp(float lambda) : IFixedActivation<GarroteShrinkOp>
{
    private readonly float _l2 = lambda * lambda;

    public static ActivationInfo Info { get; } = new("garrote-shrink", "x − λ²/x if |x| > λ, 0 otherwise",
        "Gao, Wavelet Shrinkage Denoising Using the Non-Negative Garrote, Journal of Computational and Graphical Statistics", 1998,
        Monotone | ZeroCentred | Sparse)
    { Aliases = ["garrote", "nn-garrote"], Parameters = [new("lambda", 0.5, "threshold λ (> 0)", Positive)], Family = "shrinkage" };
    public double Reference(double x) => Math.Abs(x) > lambda ? x - (double)lambda * lambda / x : 0;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.And(TV.GreaterThan(TV.Abs(x), lambda), x - _l2 / x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.And(TV.Or(TV.GreaterThanOrEqual(x, lambda), TV.LessThan(x, -lambda)), 1f + _l2 / (x * x));
}

/// <summary>
/// Firm shrinkage: f(x) = 0 for |x| ≤ λ₁, sign(x)·λ₂(|x| − λ₁)/(λ₂ − λ₁) for λ₁ &lt; |x| ≤ λ₂, x for |x| &gt; λ₂ (λ₁ = 0.5, λ₂ = 1);
/// f'(x) = 0, λ₂/(λ₂ − λ₁) and 1 on the three zones.
/// Gao &amp; Bruce, "WaveShrink with firm shrinkage", Statistica Sinica 1997.
/// </summary>
internal readonly struct FirmShrinkOp(float lambda1, float lambda2) : IFixedActivation<FirmShrinkOp>
{
    private readonly float _slope = lambda2 / (lambda2 - lambda1);

    public static ActivationInfo Info { get; } = new("firm-shrink", "0 if |x| ≤ λ₁, sign(x)·λ₂(|x| − λ₁)/(λ₂ − λ₁) if |x| ≤ λ₂, x otherwise",
        "Gao & Bruce, WaveShrink with firm shrinkage, Statistica Sinica", 1997, Monotone | ZeroCentred | Sparse)
    { Aliases = ["firm", "semisoft-shrink"],
      Parameters = [new("lambda1", 0.5, "inner threshold λ₁ (≥ 0): zero below it", NonNegative), new("lambda2", 1.0, "outer threshold λ₂ (> λ₁): identity above it")],
      Family = "shrinkage" };
    public static FirmShrinkOp Create(ActivationOptions options)
    {
        options.Require(Info, options.Get(Info, "lambda1") < options.Get(Info, "lambda2"), "lambda1 < lambda2");
        return new(options.Float(Info, "lambda1"), options.Float(Info, "lambda2"));
    }
    public double Reference(double x)
    {
        double a = Math.Abs(x);
        return a <= lambda1 ? 0 : a <= lambda2 ? Math.Sign(x) * lambda2 * (a - lambda1) / ((double)lambda2 - lambda1) : x;
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.Abs(x);
        TV mid = TV.CopySign((TV.MaxNative(a, lambda1) - lambda1) * _slope, x);
        return TV.Select(TV.GreaterThan(a, lambda2), x, mid);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV a = TV.Abs(x);
        return TV.Select(TV.GreaterThan(a, lambda2), 1f, TV.And(TV.GreaterThan(a, lambda1), _slope));
    }
}

/// <summary>
/// SCAD thresholding: f(x) = sign(x)(|x| − λ)₊ for |x| ≤ 2λ, ((a − 1)x − sign(x)·aλ)/(a − 2) for 2λ &lt; |x| ≤ aλ, x for |x| &gt; aλ
/// (λ = 0.5, a = 3.7); f'(x) = 0, 1, (a − 1)/(a − 2), 1 on the zones |x| ≤ λ, ≤ 2λ, ≤ aλ, beyond.
/// Fan &amp; Li, "Variable Selection via Nonconcave Penalized Likelihood and its Oracle Properties", Journal of the American
/// Statistical Association 2001.
/// </summary>
internal readonly struct ScadShrinkOp(float lambda, float a) : IFixedActivation<ScadShrinkOp>
{
    private readonly float _two = 2f * lambda, _outer = a * lambda, _slope = (a - 1f) / (a - 2f), _offset = a * lambda / (a - 2f);

    public static ActivationInfo Info { get; } = new("scad-shrink", "sign(x)(|x| − λ)₊ if |x| ≤ 2λ, ((a − 1)x − sign(x)aλ)/(a − 2) if |x| ≤ aλ, x otherwise",
        "Fan & Li, Variable Selection via Nonconcave Penalized Likelihood and its Oracle Properties, Journal of the American Statistical Association", 2001,
        Monotone | ZeroCentred | Sparse)
    { Aliases = ["scad"], Parameters = [new("lambda", 0.5, "threshold λ (≥ 0)", NonNegative), new("a", 3.7, "SCAD shape a (> 2)", Above(2))],
      Family = "shrinkage" };
    public double Reference(double x)
    {
        double b = Math.Abs(x), l = lambda, aa = a;
        return b <= 2 * l ? Math.Sign(x) * Math.Max(b - l, 0) : b <= aa * l ? ((aa - 1) * x - Math.Sign(x) * aa * l) / (aa - 2) : x;
    }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV b = TV.Abs(x);
        TV inner = TV.MaxNative(b - lambda, 0f);
        TV middle = _slope * b - _offset;
        TV m = TV.Select(TV.LessThanOrEqual(b, _two), inner, TV.Select(TV.LessThanOrEqual(b, _outer), middle, b));
        return TV.CopySign(m, x);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV b = TV.Abs(x);
        return TV.Select(TV.GreaterThan(b, _two), TV.Select(TV.GreaterThan(b, _outer), 1f, _slope), RectifierLanes.StepAbove(b, lambda));
    }
}

/// <summary>
/// Non-negative soft thresholding: f(x) = max(x − λ, 0) (λ = 0.5), the shrinkage step of non-negative sparse coding that a ReLU with
/// bias −λ computes; f'(x) = 1 for x ≥ λ, else 0.
/// Papyan, Romano &amp; Elad, "Convolutional Neural Networks Analyzed via Convolutional Sparse Coding", Journal of Machine Learning Research 2017.
/// </summary>
internal readonly struct NonnegSoftThresholdOp(float lambda) : IFixedActivation<NonnegSoftThresholdOp>
{
    public static ActivationInfo Info { get; } = new("nonneg-soft-threshold", "max(x − λ, 0)",
        "Papyan, Romano & Elad, Convolutional Neural Networks Analyzed via Convolutional Sparse Coding, Journal of Machine Learning Research", 2017,
        Monotone | Sparse)
    { Aliases = ["nonnegative-soft-threshold", "positive-soft-shrink"], Parameters = [new("lambda", 0.5, "threshold λ")], Lower = 0,
      Family = "shrinkage" };
    public double Reference(double x) => Math.Max(x - lambda, 0);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.MaxNative(x - lambda, 0f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAtOrAbove(x, lambda);
}
