using Activa.Kernels;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Hard shrinkage: f(x) = x for |x| &gt; λ, else 0 (lambd λ = 0.5); f'(x) = 1 for |x| &gt; λ, else 0 (0 at ±λ, as PyTorch).
/// Donoho &amp; Johnstone, "Ideal spatial adaptation by wavelet shrinkage", Biometrika 1994.
/// </summary>
internal readonly struct HardShrinkOp(float lambd) : IFixedActivation<HardShrinkOp>
{
    public static ActivationInfo Info { get; } = new("hard-shrink", "x if |x| > λ, 0 otherwise",
        "Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage, Biometrika", 1994,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["hardshrink"],
        Parameters = [new("lambd", 0.5, "half-width λ ≥ 0 of the zeroed band", NonNegative)],
        Family = "shrinkage", Torch = "F.hardshrink(x)",
    };
    public static HardShrinkOp Create(ActivationOptions options) => new(options.Float(Info, "lambd"));
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
        "Donoho, De-noising by soft-thresholding, IEEE Transactions on Information Theory", 1995,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["softshrink", "soft-thresholding"],
        Parameters = [new("lambd", 0.5, "half-width λ ≥ 0 of the zeroed band", NonNegative)],
        Family = "shrinkage", Torch = "F.softshrink(x)",
    };
    public static SoftShrinkOp Create(ActivationOptions options) => new(options.Float(Info, "lambd"));
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
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["tanhshrink"],
        Family = "shrinkage", Torch = "F.tanhshrink(x)",
    };
    public double Reference(double x) => x - Math.Tanh(x);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x - TV.Tanh(x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = TV.Tanh(x);
        return t * t;
    }
}
