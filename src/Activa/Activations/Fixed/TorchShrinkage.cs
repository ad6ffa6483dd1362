using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Hard shrinkage: f(x) = x for |x| &gt; λ, else 0 (lambd λ = 0.5); f'(x) = 1 for |x| &gt; λ, else 0 (0 at ±λ, as PyTorch).
/// Donoho &amp; Johnstone, "Ideal spatial adaptation by wavelet shrinkage", Biometrika 1994.
/// </summary>
public readonly struct HardShrinkOp(float lambd) : IFixedActivation<HardShrinkOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("hard-shrink", "x if |x| > λ, 0 otherwise",
        "Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage, Biometrika", 1994,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["hardshrink"],
        Parameters = [new("lambd", 0.5, "half-width λ ≥ 0 of the zeroed band")],
        Family = "shrinkage", Torch = "F.hardshrink(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static HardShrinkOp Create(ActivationOptions options)
    {
        double lambd = options.Get(Info, "lambd");
        if (!(lambd >= 0)) throw new ArgumentException($"hard-shrink: lambd must be non-negative, got {lambd}.");
        return new((float)lambd);
    }
    /// <inheritdoc/>
    public double Reference(double x) => Math.Abs(x) > lambd ? x : 0;

    /// <inheritdoc/>
    public float Forward(float x) => MathF.Abs(x) <= lambd ? 0f : x;
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.LessThanOrEqual(Vector256.Abs(x), Vector256.Create(lambd)), Vector256<float>.Zero, x);
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.LessThanOrEqual(Vector512.Abs(x), Vector512.Create(lambd)), Vector512<float>.Zero, x);
    /// <inheritdoc/>
    public float Derivative(float x, float y) => MathF.Abs(x) > lambd ? 1f : 0f;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(Vector256.Abs(x), Vector256.Create(lambd)) & Vector256<float>.One;
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(Vector512.Abs(x), Vector512.Create(lambd)) & Vector512<float>.One;
}

/// <summary>
/// Soft shrinkage: f(x) = x − λ for x &gt; λ, x + λ for x &lt; −λ, else 0 (lambd λ = 0.5), computed as x − clamp(x, −λ, λ);
/// f'(x) = 1 for |x| &gt; λ, else 0 (0 at ±λ, as PyTorch).
/// Donoho, "De-noising by soft-thresholding", IEEE Transactions on Information Theory 1995.
/// </summary>
public readonly struct SoftShrinkOp(float lambd) : IFixedActivation<SoftShrinkOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("soft-shrink", "x − λ if x > λ, x + λ if x < −λ, 0 otherwise",
        "Donoho, De-noising by soft-thresholding, IEEE Transactions on Information Theory", 1995,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["softshrink", "soft-thresholding"],
        Parameters = [new("lambd", 0.5, "half-width λ ≥ 0 of the zeroed band")],
        Family = "shrinkage", Torch = "F.softshrink(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SoftShrinkOp Create(ActivationOptions options)
    {
        double lambd = options.Get(Info, "lambd");
        if (!(lambd >= 0)) throw new ArgumentException($"soft-shrink: lambd must be non-negative, got {lambd}.");
        return new((float)lambd);
    }
    /// <inheritdoc/>
    public double Reference(double x) => x > lambd ? x - lambd : x < -lambd ? x + lambd : 0;

    /// <inheritdoc/>
    public float Forward(float x) => x - MathF.Min(MathF.Max(x, -lambd), lambd);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => x - Vector256.Min(Vector256.Max(x, Vector256.Create(-lambd)), Vector256.Create(lambd));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => x - Vector512.Min(Vector512.Max(x, Vector512.Create(-lambd)), Vector512.Create(lambd));
    /// <inheritdoc/>
    public float Derivative(float x, float y) => MathF.Abs(x) > lambd ? 1f : 0f;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(Vector256.Abs(x), Vector256.Create(lambd)) & Vector256<float>.One;
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(Vector512.Abs(x), Vector512.Create(lambd)) & Vector512<float>.One;
}

/// <summary>
/// Tanh shrinkage: f(x) = x − tanh x; f'(x) = tanh² x.
/// The Tanhshrink module of Torch7: Collobert, Kavukcuoglu &amp; Farabet, "Torch7: A Matlab-like Environment for
/// Machine Learning", BigLearn NIPS Workshop 2011.
/// </summary>
public readonly struct TanhShrinkOp : IFixedActivation<TanhShrinkOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("tanh-shrink", "x − tanh x",
        "Collobert, Kavukcuoglu & Farabet, Torch7: A Matlab-like Environment for Machine Learning, BigLearn NIPS Workshop", 2011,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["tanhshrink"],
        Family = "shrinkage", Torch = "F.tanhshrink(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static TanhShrinkOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x - Math.Tanh(x);

    /// <inheritdoc/>
    public float Forward(float x) => x - VectorMath.Tanh(x);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => x - VectorMath.Tanh(x);
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => x - VectorMath.Tanh(x);
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float t = VectorMath.Tanh(x);
        return t * t;
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var t = VectorMath.Tanh(x);
        return t * t;
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var t = VectorMath.Tanh(x);
        return t * t;
    }
}
