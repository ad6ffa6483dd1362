using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// GELU: f(x) = x·Φ(x) = ½x(1 + erf(x/√2)), Φ the standard normal CDF; f'(x) = Φ(x) + x·φ(x), φ(x) = e^{−x²/2}/√(2π).
/// Hendrycks &amp; Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.
/// </summary>
/// <remarks>
/// x is clamped to ≥ −6 in the forward pass (|f| &lt; 6e−9 there), which keeps the cancellation in 1 + erf(x/√2) from
/// growing with |x|. The backward reads Φ(x) = y/x off the saved output (Uses = Both), so it needs one exponential
/// and no second erf.
/// </remarks>
public readonly struct GeluOp : IFixedActivation<GeluOp>
{
    private const float InvSqrt2 = 0.707106781186547524f, InvSqrt2Pi = 0.398942280401432678f, Low = -6f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("gelu", "x·Φ(x) = ½x(1 + erf(x/√2))",
        "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415", 2016,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.16997120747990367, Family = "self-gated", Torch = "F.gelu(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Both;
    /// <inheritdoc/>
    public static GeluOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * RefMath.Phi(x);

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = MathF.Max(x, Low), h = 0.5f * l;
        return MathF.FusedMultiplyAdd(h, VectorMath.Erf(l * InvSqrt2), h);
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var l = Vector256.Max(x, Vector256.Create(Low));
        var h = Vector256.Create(0.5f) * l;
        return Vector256.FusedMultiplyAdd(h, VectorMath.Erf(l * Vector256.Create(InvSqrt2)), h);
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var l = Vector512.Max(x, Vector512.Create(Low));
        var h = Vector512.Create(0.5f) * l;
        return Vector512.FusedMultiplyAdd(h, VectorMath.Erf(l * Vector512.Create(InvSqrt2)), h);
    }
    // f'(x) = Φ(x) + x·φ(x). Φ(x) = y/x is read off the saved output, so backward needs one exponential and no
    // second erf; near 0, where y/x loses precision, Φ(x) = ½ + x/√(2π) (error below 1e-10 for |x| < 1e-3).
    private const float Tiny = 1e-3f;

    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float cdf = MathF.Abs(x) < Tiny ? MathF.FusedMultiplyAdd(x, InvSqrt2Pi, 0.5f) : y / x;
        return MathF.FusedMultiplyAdd(x * InvSqrt2Pi, VectorMath.Exp(-0.5f * x * x), cdf);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var cdf = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(Tiny)),
            Vector256.FusedMultiplyAdd(x, Vector256.Create(InvSqrt2Pi), Vector256.Create(0.5f)), y / x);
        return Vector256.FusedMultiplyAdd(x * Vector256.Create(InvSqrt2Pi), VectorMath.Exp(Vector256.Create(-0.5f) * x * x), cdf);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var cdf = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(Tiny)),
            Vector512.FusedMultiplyAdd(x, Vector512.Create(InvSqrt2Pi), Vector512.Create(0.5f)), y / x);
        return Vector512.FusedMultiplyAdd(x * Vector512.Create(InvSqrt2Pi), VectorMath.Exp(Vector512.Create(-0.5f) * x * x), cdf);
    }
}

/// <summary>
/// GELU, tanh approximation: f(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), computed as x·σ(2u) with
/// u = √(2/π)(x + 0.044715x³) (one exponential); f'(x) = s + x·s(1 − s)·2u'(x), s = σ(2u).
/// Hendrycks &amp; Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.
/// </summary>
/// <remarks>
/// x is clamped to [−9, 9] inside the gate (σ(2u) is below 1e−28 or 1 in float beyond), and the factor x to ≥ −9.
/// The derivative uses e = e^{−2u}: s = 1/(1 + e) and 1 − s = e·s without cancellation.
/// </remarks>
public readonly struct GeluTanhOp : IFixedActivation<GeluTanhOp>
{
    private const double K = 0.79788456080286535588; // √(2/π)
    private const float C1 = (float)(2 * K), C2 = (float)(2 * K * 0.044715), C3 = (float)(6 * K * 0.044715), Clamp = 9f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("gelu-tanh", "½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
        "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415", 2016,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["gelu-approximate"],
        Lower = -0.17004075057125406, Family = "self-gated", Torch = "F.gelu(x, approximate='tanh')",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static GeluTanhOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => 0.5 * x * (1 + Math.Tanh(K * (x + 0.044715 * x * x * x)));

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = MathF.Max(x, -Clamp), c = MathF.Min(l, Clamp);
        return l * VectorMath.Sigmoid(c * MathF.FusedMultiplyAdd(C2, c * c, C1));
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var l = Vector256.Max(x, Vector256.Create(-Clamp));
        var c = Vector256.Min(l, Vector256.Create(Clamp));
        return l * VectorMath.Sigmoid(c * Vector256.FusedMultiplyAdd(Vector256.Create(C2), c * c, Vector256.Create(C1)));
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var l = Vector512.Max(x, Vector512.Create(-Clamp));
        var c = Vector512.Min(l, Vector512.Create(Clamp));
        return l * VectorMath.Sigmoid(c * Vector512.FusedMultiplyAdd(Vector512.Create(C2), c * c, Vector512.Create(C1)));
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float c = MathF.Min(MathF.Max(x, -Clamp), Clamp), c2 = c * c;
        float e = VectorMath.Exp(-c * MathF.FusedMultiplyAdd(C2, c2, C1)), s = 1f / (1f + e);
        return s * MathF.FusedMultiplyAdd(c * e * s, MathF.FusedMultiplyAdd(C3, c2, C1), 1f);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        var c2 = c * c;
        var e = VectorMath.Exp(-c * Vector256.FusedMultiplyAdd(Vector256.Create(C2), c2, Vector256.Create(C1)));
        var s = Vector256<float>.One / (Vector256<float>.One + e);
        return s * Vector256.FusedMultiplyAdd(c * e * s, Vector256.FusedMultiplyAdd(Vector256.Create(C3), c2, Vector256.Create(C1)), Vector256<float>.One);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var c = Vector512.Min(Vector512.Max(x, Vector512.Create(-Clamp)), Vector512.Create(Clamp));
        var c2 = c * c;
        var e = VectorMath.Exp(-c * Vector512.FusedMultiplyAdd(Vector512.Create(C2), c2, Vector512.Create(C1)));
        var s = Vector512<float>.One / (Vector512<float>.One + e);
        return s * Vector512.FusedMultiplyAdd(c * e * s, Vector512.FusedMultiplyAdd(Vector512.Create(C3), c2, Vector512.Create(C1)), Vector512<float>.One);
    }
}
