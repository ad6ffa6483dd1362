using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Snake: f(x) = x + sin²(a·x)/a (a = 1); f'(x) = 1 + sin(2a·x) = 1 + 2·sin(ax)·cos(ax).
/// Ziyin, Hartwig &amp; Ueda, "Neural Networks Fail to Learn Periodic Functions and How to Fix It", NeurIPS 2020.
/// </summary>
internal readonly struct SnakeOp(float a) : IFixedActivation<SnakeOp>
{
    private readonly float _inv = 1f / a;

    public static ActivationInfo Info { get; } = new("snake", "x + sin²(a·x)/a",
        "Ziyin, Hartwig & Ueda, Neural Networks Fail to Learn Periodic Functions and How to Fix It, NeurIPS", 2020,
        Monotone | Smooth | ZeroCentred | Periodic)
    { Parameters = [new("a", 1.0, "frequency a (> 0); the periodic wiggle has amplitude 1/a", Positive)], Family = "periodic" };
    public double Reference(double x) { double s = Math.Sin((double)a * x); return x + s * s / a; }
    // The learnable Snake's kernel with a frozen (C0 = a, C1 = 1/a).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => SnakeKernel.Forward(x, Frozen.Coefs<TV>(a, _inv));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => Frozen.Slope<SnakeKernel, TV>(x, Frozen.Coefs<TV>(a, _inv));
}

/// <summary>
/// Snake-β: f(x) = x + sin²(α·x)/β (α = β = 1), frequency and magnitude decoupled; f'(x) = 1 + (2α/β)·sin(αx)·cos(αx).
/// Lee, Ping, Ginsburg, Catanzaro &amp; Yoon, "BigVGAN: A Universal Neural Vocoder with Large-Scale Training", ICLR 2023.
/// </summary>
internal readonly struct SnakeBetaOp(float alpha, float beta) : IFixedActivation<SnakeBetaOp>
{
    private readonly float _inv = 1f / beta;
    private readonly float _slope = 2f * alpha / beta;

    public static ActivationInfo Info { get; } = new("snake-beta", "x + sin²(α·x)/β",
        "Lee, Ping, Ginsburg, Catanzaro & Yoon, BigVGAN: A Universal Neural Vocoder with Large-Scale Training, ICLR", 2023,
        Monotone | Smooth | ZeroCentred | Periodic)
    { Aliases = ["snakebeta"],
      Parameters = [new("alpha", 1.0, "frequency α of the periodic component"), new("beta", 1.0, "magnitude divisor β (> 0)", Positive)],
      Family = "periodic" };
    public double Reference(double x) { double s = Math.Sin((double)alpha * x); return x + s * s / beta; }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => PeriodicMath.Snake(alpha, _inv, x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => PeriodicMath.SnakeSlope(alpha, _slope, x);
}

/// <summary>
/// Sine (SIREN): f(x) = sin(ω₀·x) (ω₀ = 30); f'(x) = ω₀·cos(ω₀·x). ω₀·x is formed exactly before the reduction, so the
/// phase stays accurate for |ω₀x| up to ~10⁶.
/// Sitzmann, Martel, Bergman, Lindell &amp; Wetzstein, "Implicit Neural Representations with Periodic Activation Functions", NeurIPS 2020.
/// </summary>
/// <remarks>Not declared Smooth although it is: with ω₀ = 30 its curvature (900) defeats the catalogue's one-sided
/// finite-difference smoothness check on the grid.</remarks>
internal readonly struct SineOp(float omega) : IFixedActivation<SineOp>
{
    public static ActivationInfo Info { get; } = new("sine", "sin(ω₀·x)",
        "Sitzmann, Martel, Bergman, Lindell & Wetzstein, Implicit Neural Representations with Periodic Activation Functions, NeurIPS", 2020,
        ZeroCentred | Periodic)
    { Aliases = ["sin", "siren"], Parameters = [new("omega", 30.0, "frequency ω₀ (> 0)", Positive)], Lower = -1, Upper = 1, Family = "periodic" };
    public double Reference(double x) => Math.Sin((double)omega * x);
    // The learnable sine's (SIREN's) kernel with a frozen C0 = ω₀.
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => SineKernel.Forward(x, Frozen.Coefs<TV>(omega));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => Frozen.Slope<SineKernel, TV>(x, Frozen.Coefs<TV>(omega));
}

/// <summary>
/// Growing Cosine Unit: f(x) = x·cos x; f'(x) = cos x − x·sin x.
/// Noel, Arunkumar L, Trivedi &amp; Dutta, "Growing Cosine Unit: A Novel Oscillatory Activation Function That Can Speedup
/// Training and Reduce Parameters in Convolutional Neural Networks", arXiv 2021.
/// </summary>
/// <remarks>Not declared Smooth although it is: its curvature grows like |x|, which defeats the catalogue's one-sided
/// finite-difference smoothness check at large |x| (e.g. x = ±88).</remarks>
internal readonly struct GcuOp : IFixedActivation<GcuOp>
{
    public static ActivationInfo Info { get; } = new("gcu", "x·cos x",
        "Noel, Arunkumar L, Trivedi & Dutta, Growing Cosine Unit: A Novel Oscillatory Activation Function That Can Speedup Training and Reduce Parameters in Convolutional Neural Networks, arXiv", 2021,
        ZeroCentred | SelfGated)
    { Aliases = ["growing-cosine-unit"], Family = "periodic" };
    public double Reference(double x) => x * Math.Cos(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> { TV.SinCos(x, out _, out TV c); return x * c; }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> { TV.SinCos(x, out TV s, out TV c); return TV.Fma(-x, s, c); }
}

/// <summary>
/// Amplifying Sine Unit: f(x) = x·sin x; f'(x) = sin x + x·cos x.
/// Ul Rahman et al., "Amplifying Sine Unit: An Oscillatory Activation Function for Deep Neural Networks to Recover
/// Nonlinear Oscillations Efficiently", arXiv 2023.
/// </summary>
internal readonly struct AsuOp : IFixedActivation<AsuOp>
{
    public static ActivationInfo Info { get; } = new("asu", "x·sin x",
        "Ul Rahman et al., Amplifying Sine Unit: An Oscillatory Activation Function for Deep Neural Networks to Recover Nonlinear Oscillations Efficiently, arXiv", 2023,
        Smooth | ZeroCentred | SelfGated)
    { Aliases = ["amplifying-sine-unit"], Family = "periodic" };
    public double Reference(double x) => x * Math.Sin(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> { TV.SinCos(x, out TV s, out _); return x * s; }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> { TV.SinCos(x, out TV s, out TV c); return TV.Fma(x, c, s); }
}

/// <summary>
/// SPDER: f(x) = sin(x)·√|x|, a sinusoid with sublinear damping; f'(x) = cos(x)·√|x| + sin(x)·sgn(x)/(2√|x|) (0 at 0).
/// Shah &amp; Sitawarin, "SPDER: Semiperiodic Damping-Enabled Object Representation", ICLR 2024.
/// </summary>
internal readonly struct SpderOp : IFixedActivation<SpderOp>
{
    private const float Tiny = 1e-30f;

    public static ActivationInfo Info { get; } = new("spder", "sin(x)·√|x|",
        "Shah & Sitawarin, SPDER: Semiperiodic Damping-Enabled Object Representation, ICLR", 2024, Smooth | ZeroCentred)
    { Family = "periodic" };
    public double Reference(double x) => Math.Sin(x) * Math.Sqrt(Math.Abs(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> { TV.SinCos(x, out TV s, out _); return s * TV.Sqrt(TV.Abs(x)); }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCos(x, out TV s, out TV c);
        TV t = TV.Sqrt(TV.Abs(x));
        TV h = TV.Select(TV.LessThan(x, 0f), -0.5f, 0.5f);
        return TV.Fma(c, t, h * s / TV.Max(t, Tiny));
    }
}

/// <summary>
/// Real Gabor wavelet: f(x) = cos(ω₀x)·e^{−(s₀x)²} (ω₀ = s₀ = 10); f'(x) = −e^{−(s₀x)²}·(ω₀·sin(ω₀x) + 2s₀²x·cos(ω₀x)).
/// The real-valued form of the WIRE nonlinearity (the paper's main model uses the complex Gabor wavelet).
/// Saragadam, LeJeune, Tan, Balakrishnan, Veeraraghavan &amp; Baraniuk, "WIRE: Wavelet Implicit Neural Representations", CVPR 2023.
/// </summary>
/// <remarks>s₀x is clamped to ±10 inside the Gaussian (where it is below 4e−44), so x·e^{…} never meets ∞·0.</remarks>
internal readonly struct GaborOp(float omega, float scale) : IFixedActivation<GaborOp>
{
    private const float Clamp = 10f;

    public static ActivationInfo Info { get; } = new("gabor", "cos(ω₀·x)·e^(−(s₀·x)²)",
        "Saragadam, LeJeune, Tan, Balakrishnan, Veeraraghavan & Baraniuk, WIRE: Wavelet Implicit Neural Representations, CVPR", 2023, Smooth)
    { Aliases = ["real-gabor", "gabor-wavelet"],
      Parameters = [new("omega", 10.0, "frequency ω₀ of the carrier"), new("scale", 10.0, "inverse width s₀ of the Gaussian envelope (> 0)", Positive)],
      Lower = -0.0090056781485739, Upper = 1, Family = "periodic" };
    public double Reference(double x) { double u = scale * x; return Math.Cos((double)omega * x) * Math.Exp(-u * u); }
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCosOfProduct(omega, x, out _, out TV c);
        TV u = Envelope(x);
        return c * TV.Exp(-u * u);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCosOfProduct(omega, x, out TV s, out TV c);
        TV u = Envelope(x), e = TV.Exp(-u * u);
        return -e * TV.Fma(2f * scale * u, c, omega * s);
    }
    // s₀x clamped to ±Clamp (IEEE min/max: NaN stays NaN).
    private TV Envelope<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Min(TV.Max(scale * x, -Clamp), Clamp);
}

/// <summary>
/// Decaying Sine Unit: f(x) = (π/2)·(sinc(x − π) − sinc(x + π)) with sinc u = sin(u)/u (= π²·sin x/(π² − x²));
/// f'(x) = (π/2)·(sinc'(x − π) − sinc'(x + π)), sinc'(u) = (cos u − sinc u)/u. x ± π use a two-float π, and sinc
/// switches to its series near 0, so the removable singularities at ±π cost no accuracy.
/// Noel, Bharadwaj, Muthiah-Nakarajan, Dutta &amp; Amali, "Biologically Inspired Oscillating Activation Functions Can
/// Bridge the Performance Gap between Biological and Artificial Neurons", arXiv 2021.
/// </summary>
internal readonly struct DsuOp : IFixedActivation<DsuOp>
{
    internal const float PiHi = 3.14159274f;       // float(π)
    internal const float PiHiMinusPi = 8.74227766e-8f; // float(π) − π
    private const float HalfPi = 1.57079637f;

    public static ActivationInfo Info { get; } = new("dsu", "(π/2)·(sinc(x − π) − sinc(x + π)), sinc u = sin(u)/u",
        "Noel, Bharadwaj, Muthiah-Nakarajan, Dutta & Amali, Biologically Inspired Oscillating Activation Functions Can Bridge the Performance Gap between Biological and Artificial Neurons, arXiv", 2021,
        Smooth | ZeroCentred)
    { Aliases = ["decaying-sine-unit"], Lower = -1.6364081368248819, Upper = 1.6364081368248819, Family = "periodic" };
    public double Reference(double x) => Math.PI / 2 * (Sinc(x - Math.PI) - Sinc(x + Math.PI));

    internal static double Sinc(double u) => u == 0 ? 1 : Math.Sin(u) / u;
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        PeriodicMath.SincMinusPi(x, out TV a, out _);
        PeriodicMath.SincPlusPi(x, out TV b, out _);
        return HalfPi * (a - b);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        PeriodicMath.SincMinusPi(x, out _, out TV da);
        PeriodicMath.SincPlusPi(x, out _, out TV db);
        return HalfPi * (da - db);
    }
}

/// <summary>
/// Shifted Sinc Unit: f(x) = π·sinc(x − π), sinc u = sin(u)/u; f'(x) = π·(cos u − sinc u)/u at u = x − π (series near u = 0).
/// Noel, Bharadwaj, Muthiah-Nakarajan, Dutta &amp; Amali, "Biologically Inspired Oscillating Activation Functions Can
/// Bridge the Performance Gap between Biological and Artificial Neurons", arXiv 2021.
/// </summary>
internal readonly struct SsuOp : IFixedActivation<SsuOp>
{
    private const float Pi = 3.14159274f;

    public static ActivationInfo Info { get; } = new("ssu", "π·sinc(x − π), sinc u = sin(u)/u",
        "Noel, Bharadwaj, Muthiah-Nakarajan, Dutta & Amali, Biologically Inspired Oscillating Activation Functions Can Bridge the Performance Gap between Biological and Artificial Neurons, arXiv", 2021,
        Smooth | ZeroCentred)
    { Aliases = ["shifted-sinc-unit"], Lower = -0.6824595705010305, Upper = Math.PI, Family = "periodic" };
    public double Reference(double x) => Math.PI * DsuOp.Sinc(x - Math.PI);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> { PeriodicMath.SincMinusPi(x, out TV s, out _); return Pi * s; }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> { PeriodicMath.SincMinusPi(x, out _, out TV d); return Pi * d; }
}

/// <summary>
/// HOSC (hyperbolic oscillator): f(x) = tanh(β·sin x) (β = 1), a sine that sharpens towards a square wave as β grows;
/// f'(x) = β·cos(x)·(1 − f²).
/// Serrano, Szymkowiak &amp; Musialski, "HOSC: A Periodic Activation Function for Preserving Sharp Features in Implicit
/// Neural Representations", arXiv 2024.
/// </summary>
internal readonly struct HoscOp(float beta) : IFixedActivation<HoscOp>
{
    public static ActivationInfo Info { get; } = new("hosc", "tanh(β·sin x)",
        "Serrano, Szymkowiak & Musialski, HOSC: A Periodic Activation Function for Preserving Sharp Features in Implicit Neural Representations, arXiv", 2024,
        Smooth | ZeroCentred | Periodic)
    { Parameters = [new("beta", 1.0, "sharpness β (> 0): larger values approach a square wave", Positive)], Lower = -0.7615941559557649,
      Upper = 0.7615941559557649, Family = "periodic" };
    public double Reference(double x) => Math.Tanh(beta * Math.Sin(x));
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> { TV.SinCos(x, out TV s, out _); return TV.Tanh(beta * s); }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCos(x, out TV s, out TV c);
        TV t = TV.Tanh(beta * s);
        return beta * c * TV.Fma(-t, t, 1f);
    }
}

/// <summary>
/// SinLU: f(x) = (x + a·sin(b·x))·σ(x) (a = b = 1); f'(x) = σ(x)·(1 + ab·cos(bx)) + (x + a·sin(bx))·σ(x)(1 − σ(x)).
/// Paul, Bandyopadhyay, Yoon, Geem &amp; Sarkar, "SinLU: Sinu-Sigmoidal Linear Unit", Mathematics 2022.
/// </summary>
/// <remarks>x is clamped to ≥ −100 (where f and f' are below 1e−40).</remarks>
internal readonly struct SinLuOp(float a, float b) : IFixedActivation<SinLuOp>
{
    private const float Low = -100f;

    public static ActivationInfo Info { get; } = new("sinlu", "(x + a·sin(b·x))·σ(x)",
        "Paul, Bandyopadhyay, Yoon, Geem & Sarkar, SinLU: Sinu-Sigmoidal Linear Unit, Mathematics", 2022, Smooth | ZeroCentred | SelfGated)
    { Aliases = ["sinu-sigmoidal-linear-unit"],
      Parameters = [new("a", 1.0, "amplitude a of the sine term"), new("b", 1.0, "frequency b of the sine term")], Lower = -0.49737055418999105,
      Family = "periodic" };
    public double Reference(double x) => (x + a * Math.Sin((double)b * x)) * RefMath.Sigmoid(x);
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        TV.SinCosOfProduct(b, l, out TV s, out _);
        return TV.Fma(a, s, l) * TV.Sigmoid(l);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV l = TV.Max(x, Low);
        TV.SinCosOfProduct(b, l, out TV s, out TV c);
        TV g = TV.Sigmoid(l), u = TV.Fma(a, s, l);
        return g * (TV.Fma(a * b, c, 1f) + u * (1f - g));
    }
}

/// <summary>The pieces the periodic activations share, written once over the lane type.</summary>
internal static class PeriodicMath
{
    /// <summary>The snake x + sin²(w·x)·inv.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Snake<TV>(float w, float inv, TV x) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCosOfProduct(w, x, out TV s, out _);
        return TV.Fma(s * s, inv, x);
    }

    /// <summary>The snake's slope 1 + slope·sin(w·x)·cos(w·x) (slope = 2w·inv).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SnakeSlope<TV>(float w, float slope, TV x) where TV : struct, IFloatLanes<TV>
    {
        TV.SinCosOfProduct(w, x, out TV s, out TV c);
        return TV.Fma(slope * s, c, 1f);
    }

    /// <summary>sinc(x − π) and its derivative, x − π carried in two floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SincMinusPi<TV>(TV x, out TV sinc, out TV derivative) where TV : struct, IFloatLanes<TV> =>
        TV.Sinc(x - DsuOp.PiHi, DsuOp.PiHiMinusPi, out sinc, out derivative);

    /// <summary>sinc(x + π) and its derivative, x + π carried in two floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SincPlusPi<TV>(TV x, out TV sinc, out TV derivative) where TV : struct, IFloatLanes<TV> =>
        TV.Sinc(x + DsuOp.PiHi, -DsuOp.PiHiMinusPi, out sinc, out derivative);
}
