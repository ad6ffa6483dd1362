using System.Runtime.Intrinsics;

namespace Activa.Activations;

/// <summary>
/// Non-negative garrote shrinkage: f(x) = x − λ²/x for |x| &gt; λ, 0 otherwise (λ = 0.5); f'(x) = 1 + λ²/x² for |x| &gt; λ, else 0.
/// Gao, "Wavelet Shrinkage Denoising Using the Non-Negative Garrote", Journal of Computational and Graphical Statistics 1998.
/// </summary>
public readonly struct GarroteShrinkOp(float lambda) : IFixedActivation<GarroteShrinkOp>
{
    private readonly float _l2 = lambda * lambda;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("garrote-shrink", "x − λ²/x if |x| > λ, 0 otherwise",
        "Gao, Wavelet Shrinkage Denoising Using the Non-Negative Garrote, Journal of Computational and Graphical Statistics", 1998,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["garrote", "nn-garrote"],
        Parameters = [new("lambda", 0.5, "threshold λ (> 0)")],
        Family = "shrinkage",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static GarroteShrinkOp Create(ActivationOptions options)
    {
        double lambda = options.Get(Info, "lambda");
        if (!(lambda > 0)) throw new ArgumentException($"garrote-shrink: lambda must be positive, got {lambda}.");
        return new((float)lambda);
    }
    /// <inheritdoc/>
    public double Reference(double x) => Math.Abs(x) > lambda ? x - (double)lambda * lambda / x : 0;

    /// <inheritdoc/>
    public float Forward(float x) => MathF.Abs(x) > lambda ? x - _l2 / x : 0f;
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x >= lambda || x < -lambda ? 1f + _l2 / (x * x) : 0f;
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => Vector256.GreaterThan(Vector256.Abs(x), Vector256.Create(lambda)) & (x - Vector256.Create(_l2) / x);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var l = Vector256.Create(lambda);
        return (Vector256.GreaterThanOrEqual(x, l) | Vector256.LessThan(x, -l)) & (Vector256<float>.One + Vector256.Create(_l2) / (x * x));
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => Vector512.GreaterThan(Vector512.Abs(x), Vector512.Create(lambda)) & (x - Vector512.Create(_l2) / x);
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var l = Vector512.Create(lambda);
        return (Vector512.GreaterThanOrEqual(x, l) | Vector512.LessThan(x, -l)) & (Vector512<float>.One + Vector512.Create(_l2) / (x * x));
    }
}

/// <summary>
/// Firm shrinkage: f(x) = 0 for |x| ≤ λ₁, sign(x)·λ₂(|x| − λ₁)/(λ₂ − λ₁) for λ₁ &lt; |x| ≤ λ₂, x for |x| &gt; λ₂ (λ₁ = 0.5, λ₂ = 1);
/// f'(x) = 0, λ₂/(λ₂ − λ₁) and 1 on the three zones.
/// Gao &amp; Bruce, "WaveShrink with firm shrinkage", Statistica Sinica 1997.
/// </summary>
public readonly struct FirmShrinkOp(float lambda1, float lambda2) : IFixedActivation<FirmShrinkOp>
{
    private readonly float _slope = lambda2 / (lambda2 - lambda1);

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("firm-shrink", "0 if |x| ≤ λ₁, sign(x)·λ₂(|x| − λ₁)/(λ₂ − λ₁) if |x| ≤ λ₂, x otherwise",
        "Gao & Bruce, WaveShrink with firm shrinkage, Statistica Sinica", 1997,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["firm", "semisoft-shrink"],
        Parameters = [new("lambda1", 0.5, "inner threshold λ₁ (≥ 0): zero below it"), new("lambda2", 1.0, "outer threshold λ₂ (> λ₁): identity above it")],
        Family = "shrinkage",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static FirmShrinkOp Create(ActivationOptions options)
    {
        double l1 = options.Get(Info, "lambda1"), l2 = options.Get(Info, "lambda2");
        if (!(l1 >= 0 && l2 > l1)) throw new ArgumentException($"firm-shrink: need 0 ≤ lambda1 < lambda2, got lambda1={l1}, lambda2={l2}.");
        return new((float)l1, (float)l2);
    }
    /// <inheritdoc/>
    public double Reference(double x)
    {
        double a = Math.Abs(x);
        return a <= lambda1 ? 0 : a <= lambda2 ? Math.Sign(x) * lambda2 * (a - lambda1) / ((double)lambda2 - lambda1) : x;
    }

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float a = MathF.Abs(x);
        return a > lambda2 ? x : MathF.CopySign((MathF.Max(a, lambda1) - lambda1) * _slope, x);
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float a = MathF.Abs(x);
        return a > lambda2 ? 1f : a > lambda1 ? _slope : 0f;
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var a = Vector256.Abs(x);
        var l1 = Vector256.Create(lambda1);
        var mid = Vector256.CopySign((Vector256.MaxNative(a, l1) - l1) * Vector256.Create(_slope), x);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(lambda2)), x, mid);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var a = Vector256.Abs(x);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(lambda2)), Vector256<float>.One,
            Vector256.GreaterThan(a, Vector256.Create(lambda1)) & Vector256.Create(_slope));
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var a = Vector512.Abs(x);
        var l1 = Vector512.Create(lambda1);
        var mid = Vector512.CopySign((Vector512.MaxNative(a, l1) - l1) * Vector512.Create(_slope), x);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(lambda2)), x, mid);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var a = Vector512.Abs(x);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(lambda2)), Vector512<float>.One,
            Vector512.GreaterThan(a, Vector512.Create(lambda1)) & Vector512.Create(_slope));
    }
}

/// <summary>
/// SCAD thresholding: f(x) = sign(x)(|x| − λ)₊ for |x| ≤ 2λ, ((a − 1)x − sign(x)·aλ)/(a − 2) for 2λ &lt; |x| ≤ aλ, x for |x| &gt; aλ
/// (λ = 0.5, a = 3.7); f'(x) = 0, 1, (a − 1)/(a − 2), 1 on the zones |x| ≤ λ, ≤ 2λ, ≤ aλ, beyond.
/// Fan &amp; Li, "Variable Selection via Nonconcave Penalized Likelihood and its Oracle Properties", Journal of the American
/// Statistical Association 2001.
/// </summary>
public readonly struct ScadShrinkOp(float lambda, float a) : IFixedActivation<ScadShrinkOp>
{
    private readonly float _two = 2f * lambda, _outer = a * lambda, _slope = (a - 1f) / (a - 2f), _offset = a * lambda / (a - 2f);

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("scad-shrink", "sign(x)(|x| − λ)₊ if |x| ≤ 2λ, ((a − 1)x − sign(x)aλ)/(a − 2) if |x| ≤ aλ, x otherwise",
        "Fan & Li, Variable Selection via Nonconcave Penalized Likelihood and its Oracle Properties, Journal of the American Statistical Association", 2001,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred | ActivationProperties.Sparse)
    {
        Aliases = ["scad"],
        Parameters = [new("lambda", 0.5, "threshold λ (≥ 0)"), new("a", 3.7, "SCAD shape a (> 2)")],
        Family = "shrinkage",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static ScadShrinkOp Create(ActivationOptions options)
    {
        double lambda = options.Get(Info, "lambda"), a = options.Get(Info, "a");
        if (!(lambda >= 0)) throw new ArgumentException($"scad-shrink: lambda must be non-negative, got {lambda}.");
        if (!(a > 2)) throw new ArgumentException($"scad-shrink: a must exceed 2, got {a}.");
        return new((float)lambda, (float)a);
    }
    /// <inheritdoc/>
    public double Reference(double x)
    {
        double b = Math.Abs(x), l = lambda, aa = a;
        return b <= 2 * l ? Math.Sign(x) * Math.Max(b - l, 0) : b <= aa * l ? ((aa - 1) * x - Math.Sign(x) * aa * l) / (aa - 2) : x;
    }

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float b = MathF.Abs(x);
        float m = b <= _two ? MathF.Max(b - lambda, 0f) : b <= _outer ? _slope * b - _offset : b;
        return MathF.CopySign(m, x);
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float b = MathF.Abs(x);
        return b > _outer ? 1f : b > _two ? _slope : b > lambda ? 1f : 0f;
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var b = Vector256.Abs(x);
        var inner = Vector256.MaxNative(b - Vector256.Create(lambda), Vector256<float>.Zero);
        var middle = Vector256.Create(_slope) * b - Vector256.Create(_offset);
        var m = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(b, Vector256.Create(_two)), inner,
            Vector256.ConditionalSelect(Vector256.LessThanOrEqual(b, Vector256.Create(_outer)), middle, b));
        return Vector256.CopySign(m, x);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var b = Vector256.Abs(x);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(b, Vector256.Create(_two)),
            Vector256.ConditionalSelect(Vector256.GreaterThan(b, Vector256.Create(_outer)), Vector256<float>.One, Vector256.Create(_slope)),
            Vector256.GreaterThan(b, Vector256.Create(lambda)) & Vector256<float>.One);
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var b = Vector512.Abs(x);
        var inner = Vector512.MaxNative(b - Vector512.Create(lambda), Vector512<float>.Zero);
        var middle = Vector512.Create(_slope) * b - Vector512.Create(_offset);
        var m = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(b, Vector512.Create(_two)), inner,
            Vector512.ConditionalSelect(Vector512.LessThanOrEqual(b, Vector512.Create(_outer)), middle, b));
        return Vector512.CopySign(m, x);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var b = Vector512.Abs(x);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(b, Vector512.Create(_two)),
            Vector512.ConditionalSelect(Vector512.GreaterThan(b, Vector512.Create(_outer)), Vector512<float>.One, Vector512.Create(_slope)),
            Vector512.GreaterThan(b, Vector512.Create(lambda)) & Vector512<float>.One);
    }
}

/// <summary>
/// Non-negative soft thresholding: f(x) = max(x − λ, 0) (λ = 0.5), the shrinkage step of non-negative sparse coding that a ReLU with
/// bias −λ computes; f'(x) = 1 for x ≥ λ, else 0.
/// Papyan, Romano &amp; Elad, "Convolutional Neural Networks Analyzed via Convolutional Sparse Coding", Journal of Machine Learning Research 2017.
/// </summary>
public readonly struct NonnegSoftThresholdOp(float lambda) : IFixedActivation<NonnegSoftThresholdOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("nonneg-soft-threshold", "max(x − λ, 0)",
        "Papyan, Romano & Elad, Convolutional Neural Networks Analyzed via Convolutional Sparse Coding, Journal of Machine Learning Research", 2017,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["nonnegative-soft-threshold", "positive-soft-shrink"],
        Parameters = [new("lambda", 0.5, "threshold λ")],
        Lower = 0, Family = "shrinkage",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static NonnegSoftThresholdOp Create(ActivationOptions options) => new((float)options.Get(Info, "lambda"));
    /// <inheritdoc/>
    public double Reference(double x) => Math.Max(x - lambda, 0);

    /// <inheritdoc/>
    public float Forward(float x) => MathF.Max(x - lambda, 0f);
    /// <inheritdoc/>
    public float Derivative(float x, float y) => x >= lambda ? 1f : 0f;
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) => Vector256.MaxNative(x - Vector256.Create(lambda), Vector256<float>.Zero);
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThanOrEqual(x, Vector256.Create(lambda)) & Vector256<float>.One;
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) => Vector512.MaxNative(x - Vector512.Create(lambda), Vector512<float>.Zero);
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThanOrEqual(x, Vector512.Create(lambda)) & Vector512<float>.One;
}
