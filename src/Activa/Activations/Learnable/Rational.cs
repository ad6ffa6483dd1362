using System.Collections.Concurrent;

namespace Activa.Activations.Learnable;

/// <summary>
/// Rational functions P(x)/Q(x) with safe denominators (<see cref="RationalVersion"/>): evaluation in double and a
/// least-squares fit to any function, used to initialise <see cref="Pau"/>.
/// </summary>
/// <remarks>
/// <para>The fit works in the scaled variable t = x / max(|lo|, |hi|) (so powers stay in [−1, 1] and the systems are
/// well conditioned) on a uniform grid of the range. It starts from two points: the linearised least-squares
/// solution, minimising Σ (P(x) − f(x)·Q̃(x))² with Q̃ the denominator without its absolute value (solved by a
/// Householder QR in double, with a 1e−10 ridge so that degenerate targets such as the identity get the
/// minimum-norm solution), and the degree-m polynomial least-squares fit with a constant denominator. From each it
/// runs Levenberg–Marquardt on the true residual P/Q − f with the safe denominator, and keeps the better result.</para>
/// <para>At a zero inside an absolute value (bⱼ = 0 in version A, Σ bⱼxʲ = 0 in B–D) the Jacobian uses the right
/// derivative of |·| (sign(0) = +1), as <see cref="Pau"/>'s backward does, so denominators fitted or initialised to 0
/// can still move.</para>
/// </remarks>
public static class Rational
{
    /// <summary>The constant of version C's denominator, 0.1 + |Σ bⱼxʲ|.</summary>
    public const double VersionCOffset = 0.1;

    /// <summary>Largest supported numerator or denominator degree.</summary>
    public const int MaxDegree = 10;

    private const int FitPoints = 2001, CheckPoints = 20001, MaxIterations = 300;

    private static readonly ConcurrentDictionary<(string, int, int, RationalVersion, double, double), RationalFit> Cache = new();

    /// <summary>Q(x) for denominator coefficients <paramref name="b"/>.</summary>
    public static double Denominator(double x, ReadOnlySpan<double> b, RationalVersion version)
    {
        int n = b.Length;
        switch (version)
        {
            case RationalVersion.A:
            {
                double ax = Math.Abs(x), s = 0;
                for (int j = n; j >= 1; j--) s = (s + Math.Abs(b[j - 1])) * ax;
                return 1 + s;
            }
            case RationalVersion.C:
            {
                double s = 0;
                for (int j = n - 1; j >= 0; j--) s = s * x + b[j];
                return VersionCOffset + Math.Abs(s);
            }
            default:
            {
                double s = 0;
                for (int j = n; j >= 1; j--) s = (s + b[j - 1]) * x;
                return 1 + Math.Abs(s);
            }
        }
    }

    /// <summary>P(x)/Q(x) in double.</summary>
    public static double Evaluate(double x, ReadOnlySpan<double> a, ReadOnlySpan<double> b, RationalVersion version)
    {
        double p = 0;
        for (int i = a.Length - 1; i >= 0; i--) p = p * x + a[i];
        return p / Denominator(x, b, version);
    }

    /// <summary>
    /// Fits P/Q of degrees <paramref name="m"/>/<paramref name="n"/> to activation <paramref name="spec"/> of the
    /// <see cref="Activation"/> registry (its double reference), e.g. "gelu" or "leaky-relu(negative_slope=0.2)".
    /// Results are cached per arguments.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown activation or bad degrees/range.</exception>
    public static RationalFit Fit(string spec, int m = 5, int n = 4, double lo = -3, double hi = 3, RationalVersion version = RationalVersion.B)
    {
        var activation = Activation.Create(spec);
        return Cache.GetOrAdd((activation.Spec, m, n, version, lo, hi), _ => Fit(activation.Reference, m, n, lo, hi, version));
    }

    /// <summary>Fits P/Q of degrees <paramref name="m"/>/<paramref name="n"/> to <paramref name="f"/> on [<paramref name="lo"/>, <paramref name="hi"/>] (see the class remarks).</summary>
    /// <exception cref="ArgumentException">Bad degrees or range, or f not finite on the range.</exception>
    public static RationalFit Fit(Func<double, double> f, int m = 5, int n = 4, double lo = -3, double hi = 3, RationalVersion version = RationalVersion.B)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (m < 0 || m > MaxDegree) throw new ArgumentException($"Rational.Fit: numerator degree m must be in [0, {MaxDegree}], got {m}.", nameof(m));
        if (n < 1 || n > MaxDegree) throw new ArgumentException($"Rational.Fit: denominator degree n must be in [1, {MaxDegree}], got {n}.", nameof(n));
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || !(lo < hi))
            throw new ArgumentException($"Rational.Fit: the range needs finite lo < hi, got [{lo}, {hi}].", nameof(lo));

        double scale = Math.Max(Math.Abs(lo), Math.Abs(hi));
        var t = new double[FitPoints];
        var y = new double[FitPoints];
        for (int k = 0; k < FitPoints; k++)
        {
            double x = lo + (hi - lo) * k / (FitPoints - 1);
            t[k] = x / scale;
            y[k] = f(x);
            if (!double.IsFinite(y[k])) throw new ArgumentException($"Rational.Fit: the target is not finite at x = {x}.", nameof(f));
        }
        var model = new Model(m, n, version);

        var starts = new[] { model.Linearised(t, y), model.Polynomial(t, y) };
        double[]? best = null;
        double bestCost = double.PositiveInfinity;
        foreach (var start in starts)
        {
            var theta = model.Refine(start, t, y);
            double cost = model.Cost(theta, t, y);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = theta;
            }
        }

        // Back from t = x/scale: a_i = α_i / scale^i, b_j = β_j / scale^j.
        var a = new double[m + 1];
        var b = new double[n];
        for (int i = 0; i <= m; i++) a[i] = best![i] / Math.Pow(scale, i);
        for (int k = 0; k < n; k++) b[k] = best![m + 1 + k] / Math.Pow(scale, model.Power(k));

        double maxErr = 0, sq = 0;
        for (int k = 0; k < CheckPoints; k++)
        {
            double x = lo + (hi - lo) * k / (CheckPoints - 1);
            double e = Math.Abs(Evaluate(x, a, b, version) - f(x));
            maxErr = Math.Max(maxErr, e);
            sq += e * e;
        }
        return new RationalFit(a, b, version, lo, hi, maxErr, Math.Sqrt(sq / CheckPoints));
    }

    /// <summary>The rational model in the scaled variable t, parameters θ = (α₀..α_m, β₀..β_{n−1}).</summary>
    private sealed class Model(int m, int n, RationalVersion version)
    {
        private int Count => m + 1 + n;

        /// <summary>Power of t multiplying denominator coefficient k.</summary>
        public int Power(int k) => version == RationalVersion.C ? k : k + 1;

        /// <summary>R(t), and (when <paramref name="jac"/> is not empty) ∂R/∂θ.</summary>
        public double Value(ReadOnlySpan<double> theta, double t, Span<double> jac)
        {
            double p = 0;
            for (int i = m; i >= 0; i--) p = p * t + theta[i];
            double q, s = 0;
            if (version == RationalVersion.A)
            {
                double at = Math.Abs(t);
                for (int k = n - 1; k >= 0; k--) s = (s + Math.Abs(theta[m + 1 + k])) * at;
                q = 1 + s;
            }
            else
            {
                for (int k = n - 1; k >= 0; k--) s = s * t + theta[m + 1 + k];
                if (version != RationalVersion.C) s *= t;
                q = (version == RationalVersion.C ? VersionCOffset : 1) + Math.Abs(s);
            }
            double r = p / q;
            if (jac.IsEmpty) return r;
            double pw = 1;
            for (int i = 0; i <= m; i++, pw *= t) jac[i] = pw / q;
            // ∂Q/∂β_k: A: sign⁺(β_k)·|t|ᵉ; B–D: sign⁺(S)·tᵉ, e = Power(k).
            double sgnS = s >= 0 ? 1 : -1, z = version == RationalVersion.A ? Math.Abs(t) : t;
            pw = version == RationalVersion.C ? 1 : z;
            for (int k = 0; k < n; k++, pw *= z)
            {
                double sign = version == RationalVersion.A ? (theta[m + 1 + k] >= 0 ? 1 : -1) : sgnS;
                jac[m + 1 + k] = -r / q * sign * pw;
            }
            return r;
        }

        public double Cost(double[] theta, double[] t, double[] y)
        {
            double c = 0;
            for (int k = 0; k < t.Length; k++)
            {
                double e = Value(theta, t[k], default) - y[k];
                c += e * e;
            }
            return double.IsFinite(c) ? c : double.PositiveInfinity;
        }

        /// <summary>Least squares of P − f·Q̃ = 0 with Q̃ the denominator without |·| (C: b₀ fixed to 0.9 so that Q̃(0) = 1).</summary>
        public double[] Linearised(double[] t, double[] y)
        {
            bool c = version == RationalVersion.C;
            int free = c ? n - 1 : n;
            int cols = m + 1 + free;
            var rows = new double[t.Length][];
            var rhs = new double[t.Length];
            for (int k = 0; k < t.Length; k++)
            {
                var row = new double[cols];
                double pw = 1;
                for (int i = 0; i <= m; i++, pw *= t[k]) row[i] = pw;
                for (int j = 0; j < free; j++)
                {
                    double basis = version == RationalVersion.A ? Math.Pow(Math.Abs(t[k]), j + 1) : Math.Pow(t[k], j + 1);
                    row[m + 1 + j] = -y[k] * basis;
                }
                rows[k] = row;
                rhs[k] = y[k];
            }
            var sol = LeastSquares.Solve(rows, rhs, ridge: 1e-10);
            var theta = new double[Count];
            for (int i = 0; i <= m; i++) theta[i] = sol[i];
            if (c)
            {
                theta[m + 1] = 1 - VersionCOffset;
                for (int j = 0; j < free; j++) theta[m + 2 + j] = sol[m + 1 + j];
            }
            else
            {
                for (int j = 0; j < n; j++) theta[m + 1 + j] = sol[m + 1 + j];
            }
            return theta;
        }

        /// <summary>The degree-m polynomial fit with a constant denominator (b = 0; C: b₀ = 0.9).</summary>
        public double[] Polynomial(double[] t, double[] y)
        {
            var rows = new double[t.Length][];
            for (int k = 0; k < t.Length; k++)
            {
                var row = new double[m + 1];
                double pw = 1;
                for (int i = 0; i <= m; i++, pw *= t[k]) row[i] = pw;
                rows[k] = row;
            }
            var sol = LeastSquares.Solve(rows, y, ridge: 1e-12);
            var theta = new double[Count];
            for (int i = 0; i <= m; i++) theta[i] = sol[i];
            if (version == RationalVersion.C) theta[m + 1] = 1 - VersionCOffset;
            return theta;
        }

        /// <summary>Levenberg–Marquardt on Σ (R(t) − y)²: normal equations JᵀJ + λ·diag(JᵀJ), solved by Cholesky.</summary>
        public double[] Refine(double[] theta, double[] t, double[] y)
        {
            int p = Count, nPts = t.Length;
            theta = (double[])theta.Clone();
            double cost = Cost(theta, t, y);
            if (!double.IsFinite(cost)) return theta;
            double lambda = 1e-3;
            var jac = new double[p];
            var jtj = new double[p * p];
            var jtr = new double[p];
            var sys = new double[p * p];
            var delta = new double[p];
            var trial = new double[p];
            for (int it = 0; it < MaxIterations; it++)
            {
                Array.Clear(jtj);
                Array.Clear(jtr);
                for (int k = 0; k < nPts; k++)
                {
                    double r = Value(theta, t[k], jac) - y[k];
                    for (int i = 0; i < p; i++)
                    {
                        jtr[i] += jac[i] * r;
                        for (int j = 0; j <= i; j++) jtj[i * p + j] += jac[i] * jac[j];
                    }
                }
                bool improved = false;
                double newCost = cost;
                while (lambda < 1e12)
                {
                    for (int i = 0; i < p; i++)
                    {
                        for (int j = 0; j <= i; j++) sys[i * p + j] = jtj[i * p + j];
                        sys[i * p + i] += lambda * (jtj[i * p + i] + 1e-12);
                        delta[i] = -jtr[i];
                    }
                    if (Kernels.Cholesky.TrySolve(sys, delta, p))
                    {
                        for (int j = 0; j < p; j++) trial[j] = theta[j] + delta[j];
                        newCost = Cost(trial, t, y);
                        if (newCost < cost)
                        {
                            improved = true;
                            break;
                        }
                    }
                    lambda *= 4;
                }
                if (!improved) break;
                double gain = (cost - newCost) / Math.Max(cost, 1e-300);
                Array.Copy(trial, theta, p);
                cost = newCost;
                lambda = Math.Max(lambda / 3, 1e-12);
                if (gain < 1e-12 || cost < 1e-28) break;
            }
            return theta;
        }
    }
}
