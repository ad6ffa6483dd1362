using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Snake: f(x) = x + sin²(a·x)/a (a = 1); f'(x) = 1 + sin(2a·x) = 1 + 2·sin(ax)·cos(ax).
/// Ziyin, Hartwig &amp; Ueda, "Neural Networks Fail to Learn Periodic Functions and How to Fix It", NeurIPS 2020.
/// </summary>
public readonly struct SnakeOp(float a) : IFixedActivation<SnakeOp>
{
    private readonly float _inv = 1f / a;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("snake", "x + sin²(a·x)/a",
        "Ziyin, Hartwig & Ueda, Neural Networks Fail to Learn Periodic Functions and How to Fix It, NeurIPS", 2020,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.Periodic)
    {
        Parameters = [new("a", 1.0, "frequency a (> 0); the periodic wiggle has amplitude 1/a")],
        Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SnakeOp Create(ActivationOptions options)
    {
        double a = options.Get(Info, "a");
        if (!(a > 0)) throw new ArgumentException($"Activation 'snake': a must be > 0, got {a}.");
        return new((float)a);
    }
    /// <inheritdoc/>
    public double Reference(double x) { double s = Math.Sin((double)a * x); return x + s * s / a; }

    /// <inheritdoc/>
    public float Forward(float x) { SinCos.OfProduct(a, x, out float s, out _); return MathF.FusedMultiplyAdd(s * s, _inv, x); }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { SinCos.OfProduct(a, x, out var s, out _); return Vector256.FusedMultiplyAdd(s * s, Vector256.Create(_inv), x); }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { SinCos.OfProduct(a, x, out var s, out _); return Vector512.FusedMultiplyAdd(s * s, Vector512.Create(_inv), x); }
    /// <inheritdoc/>
    public float Derivative(float x, float y) { SinCos.OfProduct(a, x, out float s, out float c); return MathF.FusedMultiplyAdd(2f * s, c, 1f); }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) { SinCos.OfProduct(a, x, out var s, out var c); return Vector256.FusedMultiplyAdd(s + s, c, Vector256<float>.One); }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) { SinCos.OfProduct(a, x, out var s, out var c); return Vector512.FusedMultiplyAdd(s + s, c, Vector512<float>.One); }
}

/// <summary>
/// Snake-β: f(x) = x + sin²(α·x)/β (α = β = 1), frequency and magnitude decoupled; f'(x) = 1 + (2α/β)·sin(αx)·cos(αx).
/// Lee, Ping, Ginsburg, Catanzaro &amp; Yoon, "BigVGAN: A Universal Neural Vocoder with Large-Scale Training", ICLR 2023.
/// </summary>
public readonly struct SnakeBetaOp(float alpha, float beta) : IFixedActivation<SnakeBetaOp>
{
    private readonly float _inv = 1f / beta;
    private readonly float _slope = 2f * alpha / beta;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("snake-beta", "x + sin²(α·x)/β",
        "Lee, Ping, Ginsburg, Catanzaro & Yoon, BigVGAN: A Universal Neural Vocoder with Large-Scale Training, ICLR", 2023,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.Periodic)
    {
        Aliases = ["snakebeta"],
        Parameters = [new("alpha", 1.0, "frequency α of the periodic component"), new("beta", 1.0, "magnitude divisor β (> 0)")],
        Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SnakeBetaOp Create(ActivationOptions options)
    {
        double alpha = options.Get(Info, "alpha"), beta = options.Get(Info, "beta");
        if (!(beta > 0)) throw new ArgumentException($"Activation 'snake-beta': beta must be > 0, got {beta}.");
        return new((float)alpha, (float)beta);
    }
    /// <inheritdoc/>
    public double Reference(double x) { double s = Math.Sin((double)alpha * x); return x + s * s / beta; }

    /// <inheritdoc/>
    public float Forward(float x) { SinCos.OfProduct(alpha, x, out float s, out _); return MathF.FusedMultiplyAdd(s * s, _inv, x); }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { SinCos.OfProduct(alpha, x, out var s, out _); return Vector256.FusedMultiplyAdd(s * s, Vector256.Create(_inv), x); }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { SinCos.OfProduct(alpha, x, out var s, out _); return Vector512.FusedMultiplyAdd(s * s, Vector512.Create(_inv), x); }
    /// <inheritdoc/>
    public float Derivative(float x, float y) { SinCos.OfProduct(alpha, x, out float s, out float c); return MathF.FusedMultiplyAdd(_slope * s, c, 1f); }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) { SinCos.OfProduct(alpha, x, out var s, out var c); return Vector256.FusedMultiplyAdd(Vector256.Create(_slope) * s, c, Vector256<float>.One); }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) { SinCos.OfProduct(alpha, x, out var s, out var c); return Vector512.FusedMultiplyAdd(Vector512.Create(_slope) * s, c, Vector512<float>.One); }
}

/// <summary>
/// Sine (SIREN): f(x) = sin(ω₀·x) (ω₀ = 30); f'(x) = ω₀·cos(ω₀·x). ω₀·x is formed exactly before the reduction, so the
/// phase stays accurate for |ω₀x| up to ~10⁶.
/// Sitzmann, Martel, Bergman, Lindell &amp; Wetzstein, "Implicit Neural Representations with Periodic Activation Functions", NeurIPS 2020.
/// </summary>
/// <remarks>Not declared Smooth although it is: with ω₀ = 30 its curvature (900) defeats the catalogue's one-sided
/// finite-difference smoothness check on the grid.</remarks>
public readonly struct SineOp(float omega) : IFixedActivation<SineOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("sine", "sin(ω₀·x)",
        "Sitzmann, Martel, Bergman, Lindell & Wetzstein, Implicit Neural Representations with Periodic Activation Functions, NeurIPS", 2020,
        ActivationProperties.ZeroCentred | ActivationProperties.Periodic)
    {
        Aliases = ["sin", "siren"],
        Parameters = [new("omega", 30.0, "frequency ω₀ (> 0)")],
        Lower = -1, Upper = 1, Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SineOp Create(ActivationOptions options)
    {
        double omega = options.Get(Info, "omega");
        if (!(omega > 0)) throw new ArgumentException($"Activation 'sine': omega must be > 0, got {omega}.");
        return new((float)omega);
    }
    /// <inheritdoc/>
    public double Reference(double x) => Math.Sin((double)omega * x);

    /// <inheritdoc/>
    public float Forward(float x) { SinCos.OfProduct(omega, x, out float s, out _); return s; }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { SinCos.OfProduct(omega, x, out var s, out _); return s; }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { SinCos.OfProduct(omega, x, out var s, out _); return s; }
    /// <inheritdoc/>
    public float Derivative(float x, float y) { SinCos.OfProduct(omega, x, out _, out float c); return omega * c; }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) { SinCos.OfProduct(omega, x, out _, out var c); return Vector256.Create(omega) * c; }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) { SinCos.OfProduct(omega, x, out _, out var c); return Vector512.Create(omega) * c; }
}

/// <summary>
/// Growing Cosine Unit: f(x) = x·cos x; f'(x) = cos x − x·sin x.
/// Noel, Arunkumar L, Trivedi &amp; Dutta, "Growing Cosine Unit: A Novel Oscillatory Activation Function That Can Speedup
/// Training and Reduce Parameters in Convolutional Neural Networks", arXiv 2021.
/// </summary>
/// <remarks>Not declared Smooth although it is: its curvature grows like |x|, which defeats the catalogue's one-sided
/// finite-difference smoothness check at large |x| (e.g. x = ±88).</remarks>
public readonly struct GcuOp : IFixedActivation<GcuOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("gcu", "x·cos x",
        "Noel, Arunkumar L, Trivedi & Dutta, Growing Cosine Unit: A Novel Oscillatory Activation Function That Can Speedup Training and Reduce Parameters in Convolutional Neural Networks, arXiv", 2021,
        ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["growing-cosine-unit"], Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static GcuOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Cos(x);

    /// <inheritdoc/>
    public float Forward(float x) { SinCos.Of(x, out _, out float c); return x * c; }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { SinCos.Of(x, out _, out var c); return x * c; }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { SinCos.Of(x, out _, out var c); return x * c; }
    /// <inheritdoc/>
    public float Derivative(float x, float y) { SinCos.Of(x, out float s, out float c); return MathF.FusedMultiplyAdd(-x, s, c); }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) { SinCos.Of(x, out var s, out var c); return Vector256.FusedMultiplyAdd(-x, s, c); }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) { SinCos.Of(x, out var s, out var c); return Vector512.FusedMultiplyAdd(-x, s, c); }
}

/// <summary>
/// Amplifying Sine Unit: f(x) = x·sin x; f'(x) = sin x + x·cos x.
/// Ul Rahman et al., "Amplifying Sine Unit: An Oscillatory Activation Function for Deep Neural Networks to Recover
/// Nonlinear Oscillations Efficiently", arXiv 2023.
/// </summary>
public readonly struct AsuOp : IFixedActivation<AsuOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("asu", "x·sin x",
        "Ul Rahman et al., Amplifying Sine Unit: An Oscillatory Activation Function for Deep Neural Networks to Recover Nonlinear Oscillations Efficiently, arXiv", 2023,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["amplifying-sine-unit"], Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static AsuOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => x * Math.Sin(x);

    /// <inheritdoc/>
    public float Forward(float x) { SinCos.Of(x, out float s, out _); return x * s; }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { SinCos.Of(x, out var s, out _); return x * s; }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { SinCos.Of(x, out var s, out _); return x * s; }
    /// <inheritdoc/>
    public float Derivative(float x, float y) { SinCos.Of(x, out float s, out float c); return MathF.FusedMultiplyAdd(x, c, s); }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) { SinCos.Of(x, out var s, out var c); return Vector256.FusedMultiplyAdd(x, c, s); }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) { SinCos.Of(x, out var s, out var c); return Vector512.FusedMultiplyAdd(x, c, s); }
}

/// <summary>
/// SPDER: f(x) = sin(x)·√|x|, a sinusoid with sublinear damping; f'(x) = cos(x)·√|x| + sin(x)·sgn(x)/(2√|x|) (0 at 0).
/// Shah &amp; Sitawarin, "SPDER: Semiperiodic Damping-Enabled Object Representation", ICLR 2024.
/// </summary>
public readonly struct SpderOp : IFixedActivation<SpderOp>
{
    private const float Tiny = 1e-30f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("spder", "sin(x)·√|x|",
        "Shah & Sitawarin, SPDER: Semiperiodic Damping-Enabled Object Representation, ICLR", 2024,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SpderOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => Math.Sin(x) * Math.Sqrt(Math.Abs(x));

    /// <inheritdoc/>
    public float Forward(float x) { SinCos.Of(x, out float s, out _); return s * MathF.Sqrt(MathF.Abs(x)); }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { SinCos.Of(x, out var s, out _); return s * Vector256.Sqrt(Vector256.Abs(x)); }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { SinCos.Of(x, out var s, out _); return s * Vector512.Sqrt(Vector512.Abs(x)); }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        SinCos.Of(x, out float s, out float c);
        float t = MathF.Sqrt(MathF.Abs(x));
        float h = x < 0f ? -0.5f : 0.5f;
        return MathF.FusedMultiplyAdd(c, t, h * s / MathF.Max(t, Tiny));
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        SinCos.Of(x, out var s, out var c);
        var t = Vector256.Sqrt(Vector256.Abs(x));
        var h = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(-0.5f), Vector256.Create(0.5f));
        return Vector256.FusedMultiplyAdd(c, t, h * s / Vector256.Max(t, Vector256.Create(Tiny)));
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        SinCos.Of(x, out var s, out var c);
        var t = Vector512.Sqrt(Vector512.Abs(x));
        var h = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512.Create(-0.5f), Vector512.Create(0.5f));
        return Vector512.FusedMultiplyAdd(c, t, h * s / Vector512.Max(t, Vector512.Create(Tiny)));
    }
}

/// <summary>
/// Real Gabor wavelet: f(x) = cos(ω₀x)·e^{−(s₀x)²} (ω₀ = s₀ = 10); f'(x) = −e^{−(s₀x)²}·(ω₀·sin(ω₀x) + 2s₀²x·cos(ω₀x)).
/// The real-valued form of the WIRE nonlinearity (the paper's main model uses the complex Gabor wavelet).
/// Saragadam, LeJeune, Tan, Balakrishnan, Veeraraghavan &amp; Baraniuk, "WIRE: Wavelet Implicit Neural Representations", CVPR 2023.
/// </summary>
/// <remarks>s₀x is clamped to ±10 inside the Gaussian (where it is below 4e−44), so x·e^{…} never meets ∞·0.</remarks>
public readonly struct GaborOp(float omega, float scale) : IFixedActivation<GaborOp>
{
    private const float Clamp = 10f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("gabor", "cos(ω₀·x)·e^(−(s₀·x)²)",
        "Saragadam, LeJeune, Tan, Balakrishnan, Veeraraghavan & Baraniuk, WIRE: Wavelet Implicit Neural Representations, CVPR", 2023,
        ActivationProperties.Smooth)
    {
        Aliases = ["real-gabor", "gabor-wavelet"],
        Parameters = [new("omega", 10.0, "frequency ω₀ of the carrier"), new("scale", 10.0, "inverse width s₀ of the Gaussian envelope (> 0)")],
        Lower = -0.0090056781485739, Upper = 1, Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static GaborOp Create(ActivationOptions options)
    {
        double omega = options.Get(Info, "omega"), scale = options.Get(Info, "scale");
        if (!(scale > 0)) throw new ArgumentException($"Activation 'gabor': scale must be > 0, got {scale}.");
        return new((float)omega, (float)scale);
    }
    /// <inheritdoc/>
    public double Reference(double x) { double u = scale * x; return Math.Cos((double)omega * x) * Math.Exp(-u * u); }

    /// <inheritdoc/>
    public float Forward(float x)
    {
        SinCos.OfProduct(omega, x, out _, out float c);
        float u = Math.Clamp(scale * x, -Clamp, Clamp);
        return c * VectorMath.Exp(-u * u);
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        SinCos.OfProduct(omega, x, out _, out var c);
        var u = Vector256.Min(Vector256.Max(Vector256.Create(scale) * x, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        return c * VectorMath.Exp(-u * u);
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        SinCos.OfProduct(omega, x, out _, out var c);
        var u = Vector512.Min(Vector512.Max(Vector512.Create(scale) * x, Vector512.Create(-Clamp)), Vector512.Create(Clamp));
        return c * VectorMath.Exp(-u * u);
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        SinCos.OfProduct(omega, x, out float s, out float c);
        float u = Math.Clamp(scale * x, -Clamp, Clamp);
        float e = VectorMath.Exp(-u * u);
        return -e * MathF.FusedMultiplyAdd(2f * scale * u, c, omega * s);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        SinCos.OfProduct(omega, x, out var s, out var c);
        var u = Vector256.Min(Vector256.Max(Vector256.Create(scale) * x, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        var e = VectorMath.Exp(-u * u);
        return -e * Vector256.FusedMultiplyAdd(Vector256.Create(2f * scale) * u, c, Vector256.Create(omega) * s);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        SinCos.OfProduct(omega, x, out var s, out var c);
        var u = Vector512.Min(Vector512.Max(Vector512.Create(scale) * x, Vector512.Create(-Clamp)), Vector512.Create(Clamp));
        var e = VectorMath.Exp(-u * u);
        return -e * Vector512.FusedMultiplyAdd(Vector512.Create(2f * scale) * u, c, Vector512.Create(omega) * s);
    }
}

/// <summary>
/// Decaying Sine Unit: f(x) = (π/2)·(sinc(x − π) − sinc(x + π)) with sinc u = sin(u)/u (= π²·sin x/(π² − x²));
/// f'(x) = (π/2)·(sinc'(x − π) − sinc'(x + π)), sinc'(u) = (cos u − sinc u)/u. x ± π use a two-float π, and sinc
/// switches to its series near 0, so the removable singularities at ±π cost no accuracy.
/// Noel, Bharadwaj, Muthiah-Nakarajan, Dutta &amp; Amali, "Biologically Inspired Oscillating Activation Functions Can
/// Bridge the Performance Gap between Biological and Artificial Neurons", arXiv 2021.
/// </summary>
public readonly struct DsuOp : IFixedActivation<DsuOp>
{
    internal const float PiHi = 3.14159274f;       // float(π)
    internal const float PiHiMinusPi = 8.74227766e-8f; // float(π) − π
    private const float HalfPi = 1.57079637f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("dsu", "(π/2)·(sinc(x − π) − sinc(x + π)), sinc u = sin(u)/u",
        "Noel, Bharadwaj, Muthiah-Nakarajan, Dutta & Amali, Biologically Inspired Oscillating Activation Functions Can Bridge the Performance Gap between Biological and Artificial Neurons, arXiv", 2021,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["decaying-sine-unit"],
        Lower = -1.6364081368248819, Upper = 1.6364081368248819, Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static DsuOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => Math.PI / 2 * (Sinc(x - Math.PI) - Sinc(x + Math.PI));

    internal static double Sinc(double u) => u == 0 ? 1 : Math.Sin(u) / u;

    /// <inheritdoc/>
    public float Forward(float x)
    {
        ZooMath.Sinc(x - PiHi, PiHiMinusPi, out float a, out _);
        ZooMath.Sinc(x + PiHi, -PiHiMinusPi, out float b, out _);
        return HalfPi * (a - b);
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var pi = Vector256.Create(PiHi);
        var lo = Vector256.Create(PiHiMinusPi);
        ZooMath.Sinc(x - pi, lo, out var a, out _);
        ZooMath.Sinc(x + pi, -lo, out var b, out _);
        return Vector256.Create(HalfPi) * (a - b);
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var pi = Vector512.Create(PiHi);
        var lo = Vector512.Create(PiHiMinusPi);
        ZooMath.Sinc(x - pi, lo, out var a, out _);
        ZooMath.Sinc(x + pi, -lo, out var b, out _);
        return Vector512.Create(HalfPi) * (a - b);
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        ZooMath.Sinc(x - PiHi, PiHiMinusPi, out _, out float da);
        ZooMath.Sinc(x + PiHi, -PiHiMinusPi, out _, out float db);
        return HalfPi * (da - db);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var pi = Vector256.Create(PiHi);
        var lo = Vector256.Create(PiHiMinusPi);
        ZooMath.Sinc(x - pi, lo, out _, out var da);
        ZooMath.Sinc(x + pi, -lo, out _, out var db);
        return Vector256.Create(HalfPi) * (da - db);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var pi = Vector512.Create(PiHi);
        var lo = Vector512.Create(PiHiMinusPi);
        ZooMath.Sinc(x - pi, lo, out _, out var da);
        ZooMath.Sinc(x + pi, -lo, out _, out var db);
        return Vector512.Create(HalfPi) * (da - db);
    }
}

/// <summary>
/// Shifted Sinc Unit: f(x) = π·sinc(x − π), sinc u = sin(u)/u; f'(x) = π·(cos u − sinc u)/u at u = x − π (series near u = 0).
/// Noel, Bharadwaj, Muthiah-Nakarajan, Dutta &amp; Amali, "Biologically Inspired Oscillating Activation Functions Can
/// Bridge the Performance Gap between Biological and Artificial Neurons", arXiv 2021.
/// </summary>
public readonly struct SsuOp : IFixedActivation<SsuOp>
{
    private const float Pi = 3.14159274f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("ssu", "π·sinc(x − π), sinc u = sin(u)/u",
        "Noel, Bharadwaj, Muthiah-Nakarajan, Dutta & Amali, Biologically Inspired Oscillating Activation Functions Can Bridge the Performance Gap between Biological and Artificial Neurons, arXiv", 2021,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Aliases = ["shifted-sinc-unit"],
        Lower = -0.6824595705010305, Upper = Math.PI, Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SsuOp Create(ActivationOptions options) => default;
    /// <inheritdoc/>
    public double Reference(double x) => Math.PI * DsuOp.Sinc(x - Math.PI);

    /// <inheritdoc/>
    public float Forward(float x) { ZooMath.Sinc(x - DsuOp.PiHi, DsuOp.PiHiMinusPi, out float s, out _); return Pi * s; }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { ZooMath.Sinc(x - Vector256.Create(DsuOp.PiHi), Vector256.Create(DsuOp.PiHiMinusPi), out var s, out _); return Vector256.Create(Pi) * s; }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { ZooMath.Sinc(x - Vector512.Create(DsuOp.PiHi), Vector512.Create(DsuOp.PiHiMinusPi), out var s, out _); return Vector512.Create(Pi) * s; }
    /// <inheritdoc/>
    public float Derivative(float x, float y) { ZooMath.Sinc(x - DsuOp.PiHi, DsuOp.PiHiMinusPi, out _, out float d); return Pi * d; }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) { ZooMath.Sinc(x - Vector256.Create(DsuOp.PiHi), Vector256.Create(DsuOp.PiHiMinusPi), out _, out var d); return Vector256.Create(Pi) * d; }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) { ZooMath.Sinc(x - Vector512.Create(DsuOp.PiHi), Vector512.Create(DsuOp.PiHiMinusPi), out _, out var d); return Vector512.Create(Pi) * d; }
}

/// <summary>
/// HOSC (hyperbolic oscillator): f(x) = tanh(β·sin x) (β = 1), a sine that sharpens towards a square wave as β grows;
/// f'(x) = β·cos(x)·(1 − f²).
/// Serrano, Szymkowiak &amp; Musialski, "HOSC: A Periodic Activation Function for Preserving Sharp Features in Implicit
/// Neural Representations", arXiv 2024.
/// </summary>
public readonly struct HoscOp(float beta) : IFixedActivation<HoscOp>
{
    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("hosc", "tanh(β·sin x)",
        "Serrano, Szymkowiak & Musialski, HOSC: A Periodic Activation Function for Preserving Sharp Features in Implicit Neural Representations, arXiv", 2024,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.Periodic)
    {
        Parameters = [new("beta", 1.0, "sharpness β (> 0): larger values approach a square wave")],
        Lower = -0.7615941559557649, Upper = 0.7615941559557649, Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static HoscOp Create(ActivationOptions options)
    {
        double beta = options.Get(Info, "beta");
        if (!(beta > 0)) throw new ArgumentException($"Activation 'hosc': beta must be > 0, got {beta}.");
        return new((float)beta);
    }
    /// <inheritdoc/>
    public double Reference(double x) => Math.Tanh(beta * Math.Sin(x));

    /// <inheritdoc/>
    public float Forward(float x) { SinCos.Of(x, out float s, out _); return VectorMath.Tanh(beta * s); }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x) { SinCos.Of(x, out var s, out _); return VectorMath.Tanh(Vector256.Create(beta) * s); }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x) { SinCos.Of(x, out var s, out _); return VectorMath.Tanh(Vector512.Create(beta) * s); }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        SinCos.Of(x, out float s, out float c);
        float t = VectorMath.Tanh(beta * s);
        return beta * c * MathF.FusedMultiplyAdd(-t, t, 1f);
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        SinCos.Of(x, out var s, out var c);
        var b = Vector256.Create(beta);
        var t = VectorMath.Tanh(b * s);
        return b * c * Vector256.FusedMultiplyAdd(-t, t, Vector256<float>.One);
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        SinCos.Of(x, out var s, out var c);
        var b = Vector512.Create(beta);
        var t = VectorMath.Tanh(b * s);
        return b * c * Vector512.FusedMultiplyAdd(-t, t, Vector512<float>.One);
    }
}

/// <summary>
/// SinLU: f(x) = (x + a·sin(b·x))·σ(x) (a = b = 1); f'(x) = σ(x)·(1 + ab·cos(bx)) + (x + a·sin(bx))·σ(x)(1 − σ(x)).
/// Paul, Bandyopadhyay, Yoon, Geem &amp; Sarkar, "SinLU: Sinu-Sigmoidal Linear Unit", Mathematics 2022.
/// </summary>
/// <remarks>x is clamped to ≥ −100 (where f and f' are below 1e−40).</remarks>
public readonly struct SinLuOp(float a, float b) : IFixedActivation<SinLuOp>
{
    private const float Low = -100f;

    /// <inheritdoc/>
    public static ActivationInfo Info { get; } = new("sinlu", "(x + a·sin(b·x))·σ(x)",
        "Paul, Bandyopadhyay, Yoon, Geem & Sarkar, SinLU: Sinu-Sigmoidal Linear Unit, Mathematics", 2022,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Aliases = ["sinu-sigmoidal-linear-unit"],
        Parameters = [new("a", 1.0, "amplitude a of the sine term"), new("b", 1.0, "frequency b of the sine term")],
        Lower = -0.49737055418999105, Family = "periodic",
    };
    /// <inheritdoc/>
    public static DerivativeInput Uses => DerivativeInput.Input;
    /// <inheritdoc/>
    public static SinLuOp Create(ActivationOptions options) => new((float)options.Get(Info, "a"), (float)options.Get(Info, "b"));
    /// <inheritdoc/>
    public double Reference(double x) => (x + a * Math.Sin((double)b * x)) * RefMath.Sigmoid(x);

    /// <inheritdoc/>
    public float Forward(float x)
    {
        float l = MathF.Max(x, Low);
        SinCos.OfProduct(b, l, out float s, out _);
        return MathF.FusedMultiplyAdd(a, s, l) * VectorMath.Sigmoid(l);
    }
    /// <inheritdoc/>
    public Vector256<float> Forward(Vector256<float> x)
    {
        var l = Vector256.Max(x, Vector256.Create(Low));
        SinCos.OfProduct(b, l, out var s, out _);
        return Vector256.FusedMultiplyAdd(Vector256.Create(a), s, l) * VectorMath.Sigmoid(l);
    }
    /// <inheritdoc/>
    public Vector512<float> Forward(Vector512<float> x)
    {
        var l = Vector512.Max(x, Vector512.Create(Low));
        SinCos.OfProduct(b, l, out var s, out _);
        return Vector512.FusedMultiplyAdd(Vector512.Create(a), s, l) * VectorMath.Sigmoid(l);
    }
    /// <inheritdoc/>
    public float Derivative(float x, float y)
    {
        float l = MathF.Max(x, Low);
        SinCos.OfProduct(b, l, out float s, out float c);
        float g = VectorMath.Sigmoid(l);
        float u = MathF.FusedMultiplyAdd(a, s, l);
        return g * (MathF.FusedMultiplyAdd(a * b, c, 1f) + u * (1f - g));
    }
    /// <inheritdoc/>
    public Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        var l = Vector256.Max(x, Vector256.Create(Low));
        SinCos.OfProduct(b, l, out var s, out var c);
        var g = VectorMath.Sigmoid(l);
        var u = Vector256.FusedMultiplyAdd(Vector256.Create(a), s, l);
        return g * (Vector256.FusedMultiplyAdd(Vector256.Create(a * b), c, Vector256<float>.One) + u * (Vector256<float>.One - g));
    }
    /// <inheritdoc/>
    public Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        var l = Vector512.Max(x, Vector512.Create(Low));
        SinCos.OfProduct(b, l, out var s, out var c);
        var g = VectorMath.Sigmoid(l);
        var u = Vector512.FusedMultiplyAdd(Vector512.Create(a), s, l);
        return g * (Vector512.FusedMultiplyAdd(Vector512.Create(a * b), c, Vector512<float>.One) + u * (Vector512<float>.One - g));
    }
}
