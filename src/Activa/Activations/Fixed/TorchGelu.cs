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
internal readonly struct GeluOp : IFixedActivation<GeluOp>
{
    private const float InvSqrt2 = 0.707106781186547524f, InvSqrt2Pi = 0.398942280401432678f, Low = -6f;

    public static ActivationInfo Info { get; } = new("gelu", "x·Φ(x) = ½x(1 + erf(x/√2))",
        "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415", 2016,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Lower = -0.16997120747990367, Family = "self-gated", Torch = "F.gelu(x)",
    };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public double Reference(double x) => x * RefMath.Phi(x);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low), h = 0.5f * l;
        return TV.Fma(h, TV.Erf(l * InvSqrt2), h);
    }
    // f'(x) = Φ(x) + x·φ(x). Φ(x) = y/x is read off the saved output, so backward needs one exponential and no
    // second erf; near 0, where y/x loses precision, Φ(x) = ½ + x/√(2π) (error below 1e-10 for |x| < 1e-3).
    private const float Tiny = 1e-3f;

    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV cdf = TV.Select(TV.LessThan(TV.Abs(x), Tiny), TV.Fma(x, InvSqrt2Pi, 0.5f), y / x);
        return TV.Fma(x * InvSqrt2Pi, TV.Exp(-0.5f * x * x), cdf);
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
internal readonly struct GeluTanhOp : IFixedActivation<GeluTanhOp>
{
    private const double K = 0.79788456080286535588; // √(2/π)
    private const float C1 = (float)(2 * K), C2 = (float)(2 * K * 0.044715), C3 = (float)(6 * K * 0.044715), Clamp = 9f;

    public static ActivationInfo Info { get; } = new("gelu-tanh", "½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
        "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv:1606.08415", 2016,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["gelu-approximate"],
        Lower = -0.17004075057125406, Family = "self-gated", Torch = "F.gelu(x, approximate='tanh')",
    };
    public double Reference(double x) => 0.5 * x * (1 + Math.Tanh(K * (x + 0.044715 * x * x * x)));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, -Clamp), c = TV.Min(l, Clamp);
        return l * TV.Sigmoid(c * TV.Fma(C2, c * c, C1));
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV c = TV.Min(TV.Max(x, -Clamp), Clamp), c2 = c * c;
        TV e = TV.Exp(-c * TV.Fma(C2, c2, C1)), s = 1f / (1f + e);
        return s * TV.Fma(c * e * s, TV.Fma(C3, c2, C1), 1f);
    }
}
