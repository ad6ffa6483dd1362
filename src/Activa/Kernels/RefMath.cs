namespace Activa.Kernels;

/// <summary>
/// Double-precision special functions, the oracles beside <see cref="VectorMath"/>: the activations'
/// <see cref="Activa.Activations.IFixedActivation{TSelf}.Reference(double)"/> and the tests use them,
/// accurate to a few ulp (erf, erfc to ~1e-15 relative where the result is a normal double), written from the
/// textbook series and continued fractions rather than fast approximations, because they judge the fast paths.
/// </summary>
internal static class RefMath
{
    private const double TwoOverSqrtPi = 1.1283791670955126;   // 2/√π
    private const double InvSqrtPi = 0.56418958354775628;      // 1/√π
    private const double InvSqrt2 = 0.70710678118654752;       // 1/√2

    /// <summary>erf(x) = 2/√π ∫₀ˣ e^{−t²} dt.</summary>
    /// <remarks>
    /// |x| &lt; 2.5: erf x = 2/√π · e^{−x²} · Σₙ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)), a series of positive terms (no cancellation);
    /// otherwise 1 − erfc|x| with erfc from its continued fraction.
    /// </remarks>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        if (a < 2.5)
        {
            double x2 = x * x, term = x, sum = x;
            for (int n = 0; n < 200; n++)
            {
                term *= 2 * x2 / (2 * n + 3);
                if (Math.Abs(term) <= Math.Abs(sum) * 1e-17) break;
                sum += term;
            }
            return TwoOverSqrtPi * ExpMinusSquare(x) * sum;
        }
        double r = 1 - ErfcContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 − erf(x), accurate in relative terms also in the far right tail.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < 1) return 1 - Erf(x);
        return ErfcContinuedFraction(x);
    }

    /// <summary>
    /// erfc(x) for x ≥ 1 from Laplace's continued fraction erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
    /// evaluated by the modified Lentz method (under 200 terms for x ≥ 1).
    /// </summary>
    private static double ErfcContinuedFraction(double x)
    {
        if (x > 27.3) return 0; // below the smallest subnormal
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 1000; n++)
        {
            double an = 0.5 * n;
            d = x + an * d;
            if (d == 0) d = tiny;
            d = 1 / d;
            c = x + an / c;
            if (c == 0) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return ExpMinusSquare(x) * InvSqrtPi / f;
    }

    /// <summary>e^{−x²} without the rounding error of x² (which is amplified by x² in relative terms): x = h + l with h² exact.</summary>
    private static double ExpMinusSquare(double x)
    {
        double h = Math.Round(x * 4096) / 4096, l = x - h;
        return Math.Exp(-h * h) * Math.Exp(-l * (x + h));
    }

    /// <summary>Φ(x), the standard normal CDF: ½ erfc(−x/√2) (accurate in the left tail too).</summary>
    public static double Phi(double x) => 0.5 * Erfc(-x * InvSqrt2);

    /// <summary>ln(1 + x), accurate for small |x| (the correction trick: log(u)·x/(u − 1) with u = 1 + x).</summary>
    public static double Log1p(double x)
    {
        if (double.IsNaN(x) || x == double.PositiveInfinity) return x;
        if (x < -1) return double.NaN;
        double u = 1 + x;
        if (u == 1) return x;
        if (Math.Abs(x) > 0.5) return Math.Log(u);
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1, accurate for small |x| (the correction trick: (u − 1)·x/log(u) with u = eˣ).</summary>
    public static double Expm1(double x)
    {
        if (double.IsNaN(x)) return x;
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        double u = Math.Exp(x);
        if (u == 1) return x;
        return (u - 1) * x / Math.Log(u);
    }

    /// <summary>softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|}), without overflow.</summary>
    public static double Softplus(double x)
    {
        if (double.IsNaN(x)) return x;
        return Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x)));
    }

    /// <summary>σ(x) = 1 / (1 + e^{−x}), without overflow.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }
}
