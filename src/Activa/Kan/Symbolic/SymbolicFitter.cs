namespace Activa.Kan.Symbolic;

/// <summary>
/// Fits y ≈ a·f(c·x + d) + b to samples for each function of a library and ranks the fits (symbolic suggestion, Liu et
/// al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756, §2.5.1).
/// </summary>
/// <remarks>
/// Per function: x is mapped to t ∈ [−1, 1] over its range; a coarse grid over the inner (c, d) — c of either sign,
/// log-spaced magnitudes 0.05…20, d evenly in [−10, 10] — takes (a, b) by linear least squares at every point and keeps
/// the three best; from each, Levenberg–Marquardt on all four parameters refines (Marquardt's diagonal damping); the best
/// end point is mapped back to x. Fits rank by R², with near-ties going to the simpler function: the order is by
/// <see cref="Score"/> = log₂(1 − R²) + <see cref="SymbolicFunction.Complexity"/> (a fit one unit more complex must
/// leave less than half the unexplained variance to rank first), as pykan weighs R² against simplicity. Without this, a
/// Gaussian a·e^(−(cx+d)²) with a tiny c beats x² on a learned parabola by a hair.
/// </remarks>
public static class SymbolicFitter
{
    private static readonly double[] InnerScales = BuildScales();
    private static readonly double[] InnerShifts = [.. Enumerable.Range(0, 21).Select(k => -10 + k)];
    private const int GridPoints = 51, Starts = 3, Iterations = 60;

    /// <summary>
    /// The best <paramref name="top"/> fits over <paramref name="library"/> (default <see cref="SymbolicLibrary.Default"/>),
    /// best first.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched lengths, fewer than 3 samples, a non-finite sample, or top &lt; 1.</exception>
    public static IReadOnlyList<SymbolicFit> Suggest(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int top = 5, IEnumerable<SymbolicFunction>? library = null)
    {
        if (top < 1) throw new ArgumentException($"top must be at least 1, got {top}.", nameof(top));
        var fits = new List<SymbolicFit>();
        foreach (var f in library ?? SymbolicLibrary.Default) fits.Add(Fit(xs, ys, f));
        return [.. fits.OrderBy(Score).ThenByDescending(f => f.R2).Take(top)];
    }

    /// <inheritdoc cref="Suggest(ReadOnlySpan{double}, ReadOnlySpan{double}, int, IEnumerable{SymbolicFunction}?)"/>
    public static IReadOnlyList<SymbolicFit> Suggest(ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, int top = 5, IEnumerable<SymbolicFunction>? library = null) =>
        Suggest(ToDouble(xs), ToDouble(ys), top, library);

    /// <summary>The best fit of y ≈ a·f(c·x + d) + b for one function.</summary>
    /// <exception cref="ArgumentException">Mismatched lengths, fewer than 3 samples or a non-finite sample.</exception>
    public static SymbolicFit Fit(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, SymbolicFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (xs.Length != ys.Length) throw new ArgumentException($"Symbolic fit: {xs.Length} x values but {ys.Length} y values.");
        if (xs.Length < 3) throw new ArgumentException($"Symbolic fit needs at least 3 samples, got {xs.Length}.");
        for (int n = 0; n < xs.Length; n++)
            if (!double.IsFinite(xs[n]) || !double.IsFinite(ys[n]))
                throw new ArgumentException($"Symbolic fit: sample {n} is not finite (x = {xs[n]}, y = {ys[n]}).");

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity, mean = 0;
        for (int n = 0; n < xs.Length; n++) { lo = Math.Min(lo, xs[n]); hi = Math.Max(hi, xs[n]); mean += ys[n]; }
        mean /= ys.Length;
        double sst = 0;
        foreach (double y in ys) sst += (y - mean) * (y - mean);
        if (sst <= 1e-24 * ys.Length * Math.Max(1, mean * mean))
            return new SymbolicFit(function, 0, mean, 1, 0, 1); // a constant: every function fits it with a = 0

        double center = (lo + hi) / 2, half = hi > lo ? (hi - lo) / 2 : 1;
        var t = new double[xs.Length];
        for (int n = 0; n < t.Length; n++) t[n] = (xs[n] - center) / half;
        var y0 = ys.ToArray();

        Params best = default;
        double bestSse = double.PositiveInfinity;
        foreach (var start in GridStarts(t, y0, function))
        {
            var (p, sse) = Refine(t, y0, function, start);
            if (sse < bestSse) (best, bestSse) = (p, sse);
        }
        if (!double.IsFinite(bestSse)) return new SymbolicFit(function, 0, mean, 1, 0, 0);
        double c = best.C / half, d = best.D - best.C * center / half;
        return new SymbolicFit(function, best.A, best.B, c, d, 1 - bestSse / sst);
    }

    /// <summary>
    /// The ranking score, lower is better: log₂ of the unexplained variance (1 − R², floored at 1e-9) plus the
    /// function's complexity, so one unit of complexity is worth halving what is left unexplained.
    /// </summary>
    public static double Score(SymbolicFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Math.Log2(Math.Max(1 - fit.R2, 0) + 1e-9) + fit.Function.Complexity;
    }

    private record struct Params(double A, double B, double C, double D);

    /// <summary>The best grid points (a, b by least squares at each), on at most <see cref="GridPoints"/> of the samples.</summary>
    private static List<Params> GridStarts(double[] t, double[] y, SymbolicFunction f)
    {
        int stride = Math.Max(1, t.Length / GridPoints);
        var ts = t.Where((_, n) => n % stride == 0).ToArray();
        var ys = y.Where((_, n) => n % stride == 0).ToArray();
        int m = ts.Length;
        double ym = ys.Average(), syy = ys.Sum(v => (v - ym) * (v - ym));
        var candidates = new List<(double Score, Params P)>();
        var u = new double[m];
        foreach (double c in InnerScales)
        foreach (double d in InnerShifts)
        {
            double um = 0;
            for (int n = 0; n < m; n++) { u[n] = f.Value(c * ts[n] + d); um += u[n]; }
            um /= m;
            double suu = 0, suy = 0;
            for (int n = 0; n < m; n++) { suu += (u[n] - um) * (u[n] - um); suy += (u[n] - um) * (ys[n] - ym); }
            if (!(suu > 1e-300) || !double.IsFinite(suu) || !double.IsFinite(suy)) continue;
            double a = suy / suu, score = suy * suy / (suu * syy);
            if (!double.IsFinite(score)) continue;
            candidates.Add((score, new Params(a, ym - a * um, c, d)));
        }
        if (candidates.Count == 0) candidates.Add((0, new Params(0, ym, 1, 0)));
        return [.. candidates.OrderByDescending(k => k.Score).Take(Starts).Select(k => k.P)];
    }

    /// <summary>Levenberg–Marquardt on (a, b, c, d) for Σ (a·f(c·t + d) + b − y)²; returns the end point and its SSE.</summary>
    private static (Params P, double Sse) Refine(double[] t, double[] y, SymbolicFunction f, Params p)
    {
        double sse = Sse(t, y, f, p), lambda = 1e-3;
        var jtj = new double[16];
        var jtr = new double[4];
        var row = new double[4];
        for (int it = 0; it < Iterations && sse > 0; it++)
        {
            Array.Clear(jtj);
            Array.Clear(jtr);
            for (int n = 0; n < t.Length; n++)
            {
                double z = p.C * t[n] + p.D, fv = f.Value(z), fd = p.A * f.Derivative(z);
                double r = p.A * fv + p.B - y[n];
                row[0] = fv; row[1] = 1; row[2] = fd * t[n]; row[3] = fd;
                for (int i = 0; i < 4; i++)
                {
                    jtr[i] += row[i] * r;
                    for (int k = 0; k < 4; k++) jtj[i * 4 + k] += row[i] * row[k];
                }
            }
            bool improved = false;
            while (lambda < 1e12)
            {
                var step = Solve(jtj, jtr, lambda);
                var q = step == null ? p : new Params(p.A - step[0], p.B - step[1], p.C - step[2], p.D - step[3]);
                double s = step == null ? double.PositiveInfinity : Sse(t, y, f, q);
                if (s < sse)
                {
                    improved = sse - s > 1e-14 * sse;
                    (p, sse) = (q, s);
                    lambda = Math.Max(lambda / 10, 1e-12);
                    break;
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return (p, sse);
    }

    private static double Sse(double[] t, double[] y, SymbolicFunction f, Params p)
    {
        double s = 0;
        for (int n = 0; n < t.Length; n++)
        {
            double r = p.A * f.Value(p.C * t[n] + p.D) + p.B - y[n];
            s += r * r;
        }
        return double.IsFinite(s) ? s : double.PositiveInfinity;
    }

    /// <summary>Solves (JᵀJ + λ·diag(JᵀJ)) δ = Jᵀr (symmetric positive definite: Cholesky); null when it is not.</summary>
    private static double[]? Solve(double[] jtj, double[] jtr, double lambda)
    {
        var system = (double[])jtj.Clone();
        for (int i = 0; i < 4; i++) system[i * 4 + i] += lambda * Math.Max(jtj[i * 4 + i], 1e-12);
        var x = (double[])jtr.Clone();
        return Kernels.Cholesky.TrySolve(system, x, 4) && x.All(double.IsFinite) ? x : null;
    }

    private static double[] BuildScales()
    {
        var magnitudes = Enumerable.Range(0, 12).Select(k => 0.05 * Math.Pow(400, k / 11.0)).ToArray(); // 0.05 … 20
        return [.. magnitudes.Select(v => -v).Reverse(), .. magnitudes];
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var d = new double[values.Length];
        for (int n = 0; n < d.Length; n++) d[n] = values[n];
        return d;
    }
}
