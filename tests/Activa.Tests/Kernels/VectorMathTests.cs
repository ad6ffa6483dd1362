using System.Collections.Concurrent;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Tests.Kernels;

/// <summary>
/// <see cref="VectorMath"/> against double-precision references over dense grids of floats, with the
/// error bounds its documentation states, and the scalar, Vector256 and Vector512 paths compared bit for bit.
/// </summary>
/// <remarks>
/// The grids take every 4096th float of the whole domain (about 2000 points per binade, so tiny,
/// subnormal and huge arguments are all covered), 2^20 evenly spaced points over the range where the
/// function does its work, and the special values: ±0, ±∞, NaN, subnormals, the clamp and overflow
/// boundaries and both sides of every switch between approximations. The documented bounds come from
/// running every float; the grid only has to stay within them.
/// </remarks>
public class VectorMathTests
{
    private const double MinNormal = 1.1754943508222875e-38;

    /// <summary>One function under test: its three paths, a double reference and its documented bounds.</summary>
    private sealed record Fn(
        Func<float, float> Scalar,
        Func<Vector256<float>, Vector256<float>> V256,
        Func<Vector512<float>, Vector512<float>> V512,
        Func<double, double> Reference,
        float Low, float High,      // domain for the log-spaced grid
        float CoreLow, float CoreHigh, // range for the evenly spaced grid
        double MaxUlp, double MaxAbs, double MaxRel, float[] Specials);

    private static readonly Dictionary<string, Fn> Fns = new()
    {
        ["exp"] = new(x => VectorMath.Exp<Float1>(x).V, x => VectorMath.Exp(new Float8(x)).V, x => VectorMath.Exp(new Float16(x)).V, Math.Exp, -110f, 90f, -20f, 20f,
            MaxUlp: 0.9, MaxAbs: double.PositiveInfinity, MaxRel: 7.7e-8,
            [88.7228317f, 88.7228394f, 88.7228470f, 89f, -87.3365479f, -87.3365555f, -103.2789f, -103.972076f, -103.972084f, -104f, -104.1f,
             0.34657359f, -0.34657359f, 0.3465736f, 1e-8f, -1e-8f, 1e-30f]),
        ["log"] = new(x => VectorMath.Log<Float1>(x).V, x => VectorMath.Log(new Float8(x)).V, x => VectorMath.Log(new Float16(x)).V, Math.Log, 0f, float.MaxValue, 1e-3f, 1e3f,
            MaxUlp: 0.92, MaxAbs: double.PositiveInfinity, MaxRel: 8.1e-8,
            [1f, 1.00000012f, 0.99999994f, 0.707106769f, 0.707106829f, 1.41421354f, 1.41421366f, 2f, 0.5f, 1.17549435e-38f, 1.17549421e-38f,
             float.Epsilon, 2 * float.Epsilon, float.MaxValue, -1f, -float.Epsilon, float.MinValue]),
        ["log1p"] = new(x => VectorMath.Log1p<Float1>(x).V, x => VectorMath.Log1p(new Float8(x)).V, x => VectorMath.Log1p(new Float16(x)).V, Log1pReference, -1f, float.MaxValue, -0.999f, 10f,
            MaxUlp: 2.5, MaxAbs: double.PositiveInfinity, MaxRel: 1.9e-7,
            [-1f, -0.99999994f, -1.00000012f, -2f, 5.96e-8f, 5.97e-8f, -2.98e-8f, 1e-30f, -1e-30f, float.Epsilon, 1f, float.MaxValue]),
        ["tanh"] = new(x => VectorMath.Tanh<Float1>(x).V, x => VectorMath.Tanh(new Float8(x)).V, x => VectorMath.Tanh(new Float16(x)).V, Math.Tanh, float.MinValue, float.MaxValue, -10f, 10f,
            MaxUlp: 1.37, MaxAbs: 8.2e-8, MaxRel: 1.5e-7,
            [0.625f, 0.624999940f, -0.625f, -0.624999940f, 9f, 9.1f, -9.1f, 44f, 45f, 1e-20f, -1e-20f, float.Epsilon]),
        ["sigmoid"] = new(x => VectorMath.Sigmoid<Float1>(x).V, x => VectorMath.Sigmoid(new Float8(x)).V, x => VectorMath.Sigmoid(new Float16(x)).V, SigmoidReference, float.MinValue, float.MaxValue, -20f, 20f,
            MaxUlp: 2.41, MaxAbs: 9.0e-8, MaxRel: 1.8e-7,
            [-87f, -88f, -89f, -100f, -103.9f, -104f, -105f, 16.6f, 17f, 88f, 1e-20f, -1e-20f]),
        ["softplus"] = new(x => VectorMath.Softplus<Float1>(x).V, x => VectorMath.Softplus(new Float8(x)).V, x => VectorMath.Softplus(new Float16(x)).V, SoftplusReference, float.MinValue, float.MaxValue, -20f, 20f,
            MaxUlp: 2.18, MaxAbs: double.PositiveInfinity, MaxRel: 1.9e-7,
            [-87f, -88f, -89f, -100f, -103.9f, -104f, -105f, 16f, 17f, 88f, 89f, 1e-20f, -1e-20f, float.MaxValue]),
        ["erf"] = new(x => VectorMath.Erf<Float1>(x).V, x => VectorMath.Erf(new Float8(x)).V, x => VectorMath.Erf(new Float16(x)).V, ErfReference, float.MinValue, float.MaxValue, -5f, 5f,
            MaxUlp: 1.53, MaxAbs: 7.9e-8, MaxRel: 1.21e-7,
            [1f, 0.99999994f, 1.00000012f, -1f, -0.99999994f, 4f, 3.99999976f, 4.00000048f, 3.9f, 3.8f, 1e-20f, -1e-20f, float.Epsilon]),
    };

    private static readonly float[] CommonSpecials =
        [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -float.NaN, float.Epsilon, -float.Epsilon,
         1e-40f, -1e-40f, 1.17549435e-38f, -1.17549435e-38f, float.MaxValue, float.MinValue, 1f, -1f, 0.5f, -0.5f];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Fns.Keys) data.Add(name);
        return data;
    }

    /// <summary>Inputs and the three paths' outputs for one function, computed once and shared by the tests.</summary>
    private sealed record Run(float[] X, float[] Scalar, float[] V256, float[] V512);

    private static readonly ConcurrentDictionary<string, Run> Runs = new();

    private static Run Evaluate(string name) => Runs.GetOrAdd(name, n =>
    {
        var fn = Fns[n];
        var x = Grid(fn);
        var s = new float[x.Length];
        var w = new float[x.Length];
        var v = new float[x.Length];
        for (int i = 0; i < x.Length; i++) s[i] = fn.Scalar(x[i]);
        for (int i = 0; i < x.Length; i += 8) fn.V256(Vector256.Create(x, i)).CopyTo(w, i);
        // without AVX-512 the Vector512 overloads run in software: still checked, on a sample
        int step = Vector512.IsHardwareAccelerated ? 16 : 16 * 61;
        Array.Fill(v, float.NaN);
        for (int i = 0; i < x.Length; i += step) fn.V512(Vector512.Create(x, i)).CopyTo(v, i);
        if (step != 16)
            for (int i = 0; i < x.Length; i++)
                if (i % step >= 16) v[i] = s[i];
        return new Run(x, s, w, v);
    });

    /// <summary>The log-spaced grid over [Low, High], the even grid over the core range, the specials and
    /// their float neighbours; padded with NaN to a multiple of 16.</summary>
    private static float[] Grid(Fn fn)
    {
        var pts = new List<float>(1 << 22);
        long k0 = Key(fn.Low), k1 = Key(fn.High);
        for (long k = k0; k <= k1; k += 4096) pts.Add(FromKey(k));
        pts.Add(fn.High);
        const int even = 1 << 20;
        for (int i = 0; i <= even; i++) pts.Add(fn.CoreLow + (fn.CoreHigh - fn.CoreLow) * (float)i / even);
        foreach (float s in CommonSpecials.Concat(fn.Specials))
        {
            pts.Add(s);
            if (float.IsFinite(s)) { pts.Add(MathF.BitIncrement(s)); pts.Add(MathF.BitDecrement(s)); }
        }
        while (pts.Count % 16 != 0) pts.Add(float.NaN);
        return pts.ToArray();
    }

    // Floats ordered as integers: consecutive keys are consecutive floats, −0 and +0 share 0.
    private static long Key(float f)
    {
        int b = BitConverter.SingleToInt32Bits(f);
        return b >= 0 ? b : -(long)(b & 0x7FFFFFFF);
    }

    private static float FromKey(long k) =>
        k >= 0 ? BitConverter.Int32BitsToSingle((int)k) : -BitConverter.Int32BitsToSingle((int)-k);

    /// <summary>Spacing of floats at |r| (the subnormal spacing below the normal range).</summary>
    private static double Ulp(double r)
    {
        r = Math.Min(Math.Abs(r), float.MaxValue);
        if (r < MinNormal) return Math.ScaleB(1.0, -149);
        return Math.ScaleB(1.0, Math.ILogB(r) - 23);
    }

    private static bool SameBits(float a, float b) =>
        BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));

    [Theory]
    [MemberData(nameof(Names))]
    public void VectorPathsMatchScalarBitForBit(string name)
    {
        var run = Evaluate(name);
        for (int i = 0; i < run.X.Length; i++)
        {
            if (!SameBits(run.Scalar[i], run.V256[i]))
                Assert.Fail($"{name}({run.X[i]:R}): scalar {run.Scalar[i]:R}, Vector256 {run.V256[i]:R}");
            if (!SameBits(run.Scalar[i], run.V512[i]))
                Assert.Fail($"{name}({run.X[i]:R}): scalar {run.Scalar[i]:R}, Vector512 {run.V512[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ErrorWithinDocumentedBound(string name)
    {
        var fn = Fns[name];
        var run = Evaluate(name);
        double maxUlp = 0, maxAbs = 0, maxRel = 0;
        float atUlp = 0, atAbs = 0, atRel = 0;
        for (int i = 0; i < run.X.Length; i++)
        {
            float x = run.X[i], y = run.Scalar[i];
            double want = fn.Reference(x);
            if (double.IsNaN(want) || double.IsNaN(y))
            {
                Assert.True(double.IsNaN(want) && float.IsNaN(y), $"{name}({x:R}) = {y:R}, want {want:R}");
                continue;
            }
            // the reference rounded to float is the target; beyond float.MaxValue that is ±∞
            float wantF = (float)want;
            if (float.IsInfinity(wantF) || float.IsInfinity(y))
            {
                Assert.True(y == wantF, $"{name}({x:R}) = {y:R}, want {want:R}");
                continue;
            }
            double err = Math.Abs(y - want);
            double ulp = err / Ulp(want);
            if (ulp > maxUlp) { maxUlp = ulp; atUlp = x; }
            if (err > maxAbs) { maxAbs = err; atAbs = x; }
            if (Math.Abs(want) >= MinNormal && err / Math.Abs(want) > maxRel) { maxRel = err / Math.Abs(want); atRel = x; }
        }
        string report = $"{name}: max {maxUlp:F3} ulp at {atUlp:R}, abs {maxAbs:E2} at {atAbs:R}, rel {maxRel:E2} at {atRel:R}";
        Assert.True(maxUlp <= fn.MaxUlp, report);
        Assert.True(maxAbs <= fn.MaxAbs, report);
        Assert.True(maxRel <= fn.MaxRel, report);
    }

    // ---- special values, through all three paths ----

    private static void Expect(string name, float x, float want)
    {
        var fn = Fns[name];
        foreach (var (path, got) in new[] { ("scalar", fn.Scalar(x)), ("Vector256", fn.V256(Vector256.Create(x))[3]), ("Vector512", fn.V512(Vector512.Create(x))[11]) })
            Assert.True(SameBits(got, want), $"{name}({x:R}) via {path} = {got:R}, want {want:R}");
    }

    [Fact]
    public void ExpSpecialValues()
    {
        Expect("exp", 0f, 1f);
        Expect("exp", -0f, 1f);
        Expect("exp", float.PositiveInfinity, float.PositiveInfinity);
        Expect("exp", float.NegativeInfinity, 0f);
        Expect("exp", float.NaN, float.NaN);
        Expect("exp", 88.7228394f, float.PositiveInfinity);   // just above ln(float.MaxValue)
        Expect("exp", 1000f, float.PositiveInfinity);
        Expect("exp", -1000f, 0f);
        Expect("exp", -104f, 0f);
        Assert.True(float.IsFinite(VectorMath.Exp<Float1>(88.7228317f).V));
        Assert.Equal(float.Epsilon, VectorMath.Exp<Float1>(-103.2789f).V); // subnormal results are rounded, not flushed
        Assert.True(VectorMath.Exp<Float1>(-100f).V is > 0f and < 1.17549435e-38f);
    }

    [Fact]
    public void LogSpecialValues()
    {
        Expect("log", 1f, 0f);
        Expect("log", 0f, float.NegativeInfinity);
        Expect("log", -0f, float.NegativeInfinity);
        Expect("log", -1f, float.NaN);
        Expect("log", -float.Epsilon, float.NaN);
        Expect("log", float.NegativeInfinity, float.NaN);
        Expect("log", float.PositiveInfinity, float.PositiveInfinity);
        Expect("log", float.NaN, float.NaN);
        Expect("log", float.Epsilon, (float)Math.Log(float.Epsilon));
        Expect("log", float.MaxValue, (float)Math.Log(float.MaxValue));
    }

    [Fact]
    public void Log1pSpecialValues()
    {
        Expect("log1p", 0f, 0f);
        Expect("log1p", -0f, -0f);
        Expect("log1p", -1f, float.NegativeInfinity);
        Expect("log1p", -2f, float.NaN);
        Expect("log1p", float.PositiveInfinity, float.PositiveInfinity);
        Expect("log1p", float.NegativeInfinity, float.NaN);
        Expect("log1p", float.NaN, float.NaN);
        Expect("log1p", 1e-30f, 1e-30f);
        Expect("log1p", float.Epsilon, float.Epsilon);
    }

    [Fact]
    public void TanhSpecialValues()
    {
        Expect("tanh", 0f, 0f);
        Expect("tanh", -0f, -0f);
        Expect("tanh", float.PositiveInfinity, 1f);
        Expect("tanh", float.NegativeInfinity, -1f);
        Expect("tanh", float.NaN, float.NaN);
        Expect("tanh", 10f, 1f);
        Expect("tanh", -10f, -1f);
        Expect("tanh", float.MaxValue, 1f);
        Expect("tanh", 1e-30f, 1e-30f);
        Expect("tanh", -float.Epsilon, -float.Epsilon);
    }

    [Fact]
    public void SigmoidSpecialValues()
    {
        Expect("sigmoid", 0f, 0.5f);
        Expect("sigmoid", -0f, 0.5f);
        Expect("sigmoid", float.PositiveInfinity, 1f);
        Expect("sigmoid", float.NegativeInfinity, 0f);
        Expect("sigmoid", float.NaN, float.NaN);
        Expect("sigmoid", 20f, 1f);
        Expect("sigmoid", float.MaxValue, 1f);
        Expect("sigmoid", float.MinValue, 0f);
        Expect("sigmoid", -1000f, 0f);
        Assert.True(VectorMath.Sigmoid<Float1>(-100f).V is > 0f and < 1e-43f); // e^−100 ≈ 3.7e-44: subnormal, kept
    }

    [Fact]
    public void SoftplusSpecialValues()
    {
        Expect("softplus", 0f, (float)Math.Log(2));
        Expect("softplus", float.PositiveInfinity, float.PositiveInfinity);
        Expect("softplus", float.NegativeInfinity, 0f);
        Expect("softplus", float.NaN, float.NaN);
        Expect("softplus", 100f, 100f);
        Expect("softplus", float.MaxValue, float.MaxValue);
        Expect("softplus", -1000f, 0f);
        Expect("softplus", -20f, (float)SoftplusReference(-20));
        Assert.True(VectorMath.Softplus<Float1>(-100f).V is > 0f and < 1e-43f);
    }

    [Fact]
    public void ErfSpecialValues()
    {
        Expect("erf", 0f, 0f);
        Expect("erf", -0f, -0f);
        Expect("erf", float.PositiveInfinity, 1f);
        Expect("erf", float.NegativeInfinity, -1f);
        Expect("erf", float.NaN, float.NaN);
        Expect("erf", 4f, 1f);
        Expect("erf", -5f, -1f);
        Expect("erf", float.MaxValue, 1f);
        Expect("erf", 1e-30f, (float)(1e-30 * 2 / Math.Sqrt(Math.PI)));
        // never above 1 in magnitude
        for (float x = 3f; x < 4.5f; x += 1e-4f) Assert.InRange(VectorMath.Erf<Float1>(x).V, 0.9999f, 1f);
    }

    // ---- double references ----

    /// <summary>log(1 + u) in double: Goldberg's ratio keeps it relative-accurate for tiny u.</summary>
    private static double Log1pReference(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : double.IsPositiveInfinity(u) ? u : Math.Log(w) * u / (w - 1);
    }

    private static double SigmoidReference(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        return (x < 0 ? e : 1) / (1 + e);
    }

    private static double SoftplusReference(double x) => Math.Max(x, 0) + Log1pReference(Math.Exp(-Math.Abs(x)));

    /// <summary>erf in double from the everywhere-positive series
    /// erf x = (2/√π)·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3···(2n+1)): no cancellation, relative error ~1e-15 for |x| ≤ 6;
    /// beyond 6, erfc x &lt; 3e-17 and erf rounds to ±1.</summary>
    private static double ErfReference(double x)
    {
        double a = Math.Abs(x);
        if (double.IsNaN(x)) return x;
        if (a > 6) return Math.Sign(x);
        double z = a * a, term = a, sum = a;
        for (int n = 1; n < 400 && term > sum * 1e-18; n++)
        {
            term *= 2 * z / (2 * n + 1);
            sum += term;
        }
        return Math.CopySign(2 / Math.Sqrt(Math.PI) * Math.Exp(-z) * sum, x);
    }
}
