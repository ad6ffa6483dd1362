using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Activa.Kernels;

namespace Activa.Bench;

/// <summary>
/// ns per element of each <see cref="VectorMath"/> function on one thread over 64K floats (in cache):
/// the Vector512, Vector256 and scalar paths, and the System.MathF loop they replace.
/// </summary>
internal static class VectorMathBench
{
    private const int N = 1 << 16;

    public static int Run(string[] args)
    {
        int reps = 7;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps": reps = Math.Max(5, int.Parse(args[++i])); break;
                default:
                    Console.Error.WriteLine($"vmath: unknown option '{args[i]}'. Options: --reps N");
                    return 2;
            }
        }
        var rows = new List<string>
        {
            Row<ExpFn>("exp", -20f, 20f, reps),
            Row<LogFn>("log", 1e-3f, 1e3f, reps),
            Row<Log1pFn>("log1p", -0.9f, 10f, reps),
            Row<TanhFn>("tanh", -5f, 5f, reps),
            Row<SigmoidFn>("sigmoid", -10f, 10f, reps),
            Row<SoftplusFn>("softplus", -10f, 10f, reps),
            Row<ErfFn>("erf", -3f, 3f, reps),
        };
        var sb = new StringBuilder();
        sb.AppendLine($"VectorMath, ns/element, one thread, {N} floats, median of {reps} repetitions");
        sb.AppendLine($"(Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated})");
        sb.AppendLine();
        sb.AppendLine("| function | Vector512 | Vector256 | scalar | MathF loop |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in rows) sb.AppendLine(r);
        Console.Write(sb.ToString());
        return 0;
    }

    private static string Row<T>(string name, float low, float high, int reps) where T : struct, IFn
    {
        var rng = new Random(7);
        var x = new float[N];
        var y = new float[N];
        for (int i = 0; i < N; i++) x[i] = low + (high - low) * (float)rng.NextDouble();
        string F(double ns) => double.IsNaN(ns) ? "—" : ns.ToString("F3", CultureInfo.InvariantCulture);
        double v512 = Vector512.IsHardwareAccelerated ? Time(() => Loop512<T>(x, y), reps) : double.NaN;
        double v256 = Vector256.IsHardwareAccelerated ? Time(() => Loop256<T>(x, y), reps) : double.NaN;
        double scalar = Time(() => LoopScalar<T>(x, y), reps);
        double baseline = T.HasBaseline ? Time(() => LoopBaseline<T>(x, y), reps) : double.NaN;
        return $"| {name} | {F(v512)} | {F(v256)} | {F(scalar)} | {F(baseline)} |";
    }

    // Median ns/element of repetitions of at least 0.1 s each, after a 0.2 s warm-up (tiering, caches).
    private static double Time(Action loop, int reps)
    {
        long t0 = Stopwatch.GetTimestamp();
        int calls = 0;
        while (calls < 3 || Stopwatch.GetElapsedTime(t0).TotalSeconds < 0.2) { loop(); calls++; }
        int iters = Math.Max(1, (int)Math.Ceiling(0.1 / (Stopwatch.GetElapsedTime(t0).TotalSeconds / calls)));
        var ns = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long s = Stopwatch.GetTimestamp();
            for (int i = 0; i < iters; i++) loop();
            ns[r] = Stopwatch.GetElapsedTime(s).TotalNanoseconds / iters / N;
        }
        Array.Sort(ns);
        return ns[reps / 2];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Loop512<T>(float[] x, float[] y) where T : struct, IFn
    {
        ref float px = ref MemoryMarshal.GetArrayDataReference(x);
        ref float py = ref MemoryMarshal.GetArrayDataReference(y);
        for (nuint i = 0; i < N; i += 16) T.F(Vector512.LoadUnsafe(ref px, i)).StoreUnsafe(ref py, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Loop256<T>(float[] x, float[] y) where T : struct, IFn
    {
        ref float px = ref MemoryMarshal.GetArrayDataReference(x);
        ref float py = ref MemoryMarshal.GetArrayDataReference(y);
        for (nuint i = 0; i < N; i += 8) T.F(Vector256.LoadUnsafe(ref px, i)).StoreUnsafe(ref py, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoopScalar<T>(float[] x, float[] y) where T : struct, IFn
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.F(x[i]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoopBaseline<T>(float[] x, float[] y) where T : struct, IFn
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.Baseline(x[i]);
    }

    private interface IFn
    {
        static abstract float F(float x);
        static abstract Vector256<float> F(Vector256<float> x);
        static abstract Vector512<float> F(Vector512<float> x);
        static virtual bool HasBaseline => true;
        static virtual float Baseline(float x) => float.NaN;
    }

    private struct ExpFn : IFn
    {
        public static float F(float x) => VectorMath.Exp<Float1>(x).V;
        public static Vector256<float> F(Vector256<float> x) => VectorMath.Exp(new Float8(x)).V;
        public static Vector512<float> F(Vector512<float> x) => VectorMath.Exp(new Float16(x)).V;
        public static float Baseline(float x) => MathF.Exp(x);
    }

    private struct LogFn : IFn
    {
        public static float F(float x) => VectorMath.Log<Float1>(x).V;
        public static Vector256<float> F(Vector256<float> x) => VectorMath.Log(new Float8(x)).V;
        public static Vector512<float> F(Vector512<float> x) => VectorMath.Log(new Float16(x)).V;
        public static float Baseline(float x) => MathF.Log(x);
    }

    private struct Log1pFn : IFn
    {
        public static float F(float x) => VectorMath.Log1p<Float1>(x).V;
        public static Vector256<float> F(Vector256<float> x) => VectorMath.Log1p(new Float8(x)).V;
        public static Vector512<float> F(Vector512<float> x) => VectorMath.Log1p(new Float16(x)).V;
        public static float Baseline(float x) => MathF.Log(1f + x);
    }

    private struct TanhFn : IFn
    {
        public static float F(float x) => VectorMath.Tanh<Float1>(x).V;
        public static Vector256<float> F(Vector256<float> x) => VectorMath.Tanh(new Float8(x)).V;
        public static Vector512<float> F(Vector512<float> x) => VectorMath.Tanh(new Float16(x)).V;
        public static float Baseline(float x) => MathF.Tanh(x);
    }

    private struct SigmoidFn : IFn
    {
        public static float F(float x) => VectorMath.Sigmoid<Float1>(x).V;
        public static Vector256<float> F(Vector256<float> x) => VectorMath.Sigmoid(new Float8(x)).V;
        public static Vector512<float> F(Vector512<float> x) => VectorMath.Sigmoid(new Float16(x)).V;
        public static float Baseline(float x) => 1f / (1f + MathF.Exp(-x));
    }

    private struct SoftplusFn : IFn
    {
        public static float F(float x) => VectorMath.Softplus<Float1>(x).V;
        public static Vector256<float> F(Vector256<float> x) => VectorMath.Softplus(new Float8(x)).V;
        public static Vector512<float> F(Vector512<float> x) => VectorMath.Softplus(new Float16(x)).V;
        public static float Baseline(float x) => MathF.Max(x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
    }

    private struct ErfFn : IFn
    {
        public static float F(float x) => VectorMath.Erf<Float1>(x).V;
        public static Vector256<float> F(Vector256<float> x) => VectorMath.Erf(new Float8(x)).V;
        public static Vector512<float> F(Vector512<float> x) => VectorMath.Erf(new Float16(x)).V;
        public static bool HasBaseline => false; // System.MathF has no erf
    }
}
