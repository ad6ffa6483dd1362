using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// ELU: f(x) = x for x &gt; 0, α(eˣ − 1) otherwise (α = 1); f'(x) = 1 for x &gt; 0, else y + α.
/// Clevert, Unterthiner &amp; Hochreiter, "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)", ICLR 2016.
/// </summary>
public readonly struct EluOp(float alpha) : IFixedActivation<EluOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("elu", "x if x > 0, α(eˣ − 1) otherwise",
        "Clevert, Unterthiner & Hochreiter, Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs), ICLR", 2016,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Parameters = [new("alpha", 1.0, "saturation value −α for x → −∞")],
        Lower = -1, Family = "exponential", Torch = "F.elu(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Both;
    /// <inheritdoc/>
    public static EluOp Create(ActivationOptions options) => new((float)options.Get(Info, "alpha"));
    /// <inheritdoc/>
    public double Reference(double x) => x > 0 ? x : alpha * (Math.Exp(x) - 1);

    /// <inheritdoc/>
    public float Forward(float x) => x > 0 ? x : alpha * (VectorMath.Exp(x) - 1f);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256.Create(alpha) * (VectorMath.Exp(Vector256.Min(x, Vector256<float>.Zero)) - Vector256<float>.One));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512.Create(alpha) * (VectorMath.Exp(Vector512.Min(x, Vector512<float>.Zero)) - Vector512<float>.One));
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x > 0 ? 1f : y + alpha;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, y + Vector256.Create(alpha));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, y + Vector512.Create(alpha));
}
