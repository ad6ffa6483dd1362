using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// CELU: f(x) = max(0, x) + min(0, α(e^{x/α} − 1)) (α = 1); f'(x) = 1 for x &gt; 0, else e^{x/α} = y/α + 1
/// (computed from the output; 1 at 0 from both sides). Barron, "Continuously Differentiable Exponential Linear Units",
/// arXiv:1704.07483, 2017.
/// </summary>
public readonly struct CeluOp(float alpha) : IFixedActivation<CeluOp>
{
    private readonly float _invAlpha = 1f / alpha;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("celu", "max(0, x) + min(0, α(e^(x/α) − 1))",
        "Barron, Continuously Differentiable Exponential Linear Units, arXiv:1704.07483", 2017,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Parameters = [new("alpha", 1.0, "saturation value −α for x → −∞ (> 0)")],
        Lower = -1, Family = "exponential", Torch = "F.celu(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Output;
    /// <inheritdoc/>
    public static CeluOp Create(ActivationOptions options)
    {
        double alpha = options.Get(Info, "alpha");
        if (!(alpha > 0)) throw new ArgumentException($"celu: alpha must be positive, got {alpha}.");
        return new((float)alpha);
    }
    /// <inheritdoc/>
    public double Reference(double x) => Math.Max(0, x) + Math.Min(0, alpha * RefMath.Expm1(x / alpha));

    /// <inheritdoc/>
    public float Forward(float x) => x > 0f ? x : alpha * (VectorMath.Exp(MathF.Min(x, 0f) * _invAlpha) - 1f);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x,
            Vector256.Create(alpha) * (VectorMath.Exp(Vector256.Min(x, Vector256<float>.Zero) * Vector256.Create(_invAlpha)) - Vector256<float>.One));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x,
            Vector512.Create(alpha) * (VectorMath.Exp(Vector512.Min(x, Vector512<float>.Zero) * Vector512.Create(_invAlpha)) - Vector512<float>.One));
    /// <inheritdoc/>
    public float Derivative(float x, float y) => y > 0f ? 1f : MathF.FusedMultiplyAdd(y, _invAlpha, 1f);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), Vector256<float>.One,
            Vector256.FusedMultiplyAdd(y, Vector256.Create(_invAlpha), Vector256<float>.One));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512<float>.One,
            Vector512.FusedMultiplyAdd(y, Vector512.Create(_invAlpha), Vector512<float>.One));
}

/// <summary>
/// SELU: f(x) = λ·x for x &gt; 0, λα(eˣ − 1) otherwise, with α ≈ 1.6733 and λ ≈ 1.0507 fixed so that activations
/// self-normalise; f'(x) = λ for x &gt; 0, else y + λα (computed from the output; λα at 0, as PyTorch).
/// Klambauer, Unterthiner, Mayr &amp; Hochreiter, "Self-Normalizing Neural Networks", NeurIPS 2017.
/// </summary>
public readonly struct SeluOp : IFixedActivation<SeluOp>
{
    private const double AlphaD = 1.6732632423543772848170429916717, ScaleD = 1.0507009873554804934193349852946;
    private const float Scale = (float)ScaleD, ScaleAlpha = (float)(ScaleD * AlphaD);

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("selu", "λ·x if x > 0, λα(eˣ − 1) otherwise; α ≈ 1.6733, λ ≈ 1.0507",
        "Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks, NeurIPS", 2017,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Aliases = ["scaled-elu"],
        Lower = -1.7580993408473769, Family = "exponential", Torch = "F.selu(x)",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Output;
    /// <inheritdoc/>
    public static SeluOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => ScaleD * (x > 0 ? x : AlphaD * RefMath.Expm1(x));

    /// <inheritdoc/>
    public float Forward(float x) => x > 0f ? Scale * x : MathF.FusedMultiplyAdd(ScaleAlpha, VectorMath.Exp(MathF.Min(x, 0f)), -ScaleAlpha);
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x * Vector256.Create(Scale),
            Vector256.FusedMultiplyAdd(Vector256.Create(ScaleAlpha), VectorMath.Exp(Vector256.Min(x, Vector256<float>.Zero)), Vector256.Create(-ScaleAlpha)));
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x * Vector512.Create(Scale),
            Vector512.FusedMultiplyAdd(Vector512.Create(ScaleAlpha), VectorMath.Exp(Vector512.Min(x, Vector512<float>.Zero)), Vector512.Create(-ScaleAlpha)));
    /// <inheritdoc/>
    public float Derivative(float x, float y) => y > 0f ? Scale : y + ScaleAlpha;
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), Vector256.Create(Scale), y + Vector256.Create(ScaleAlpha));
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512.Create(Scale), y + Vector512.Create(ScaleAlpha));
}
