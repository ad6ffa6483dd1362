using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations.Learnable;

/// <summary>
/// The default PAU — degrees 5/4, the safe denominator Q = 1 + |b₁x + … + b₄x⁴| (versions B and D), one coefficient
/// set for the layer — written out for AVX-512 with every coefficient and running sum in a register: the generic
/// <see cref="ChannelKernel"/> path reads them through memory and loops over runtime degrees.
/// </summary>
/// <remarks>
/// Same mathematics and the same order of operations as the generic path, so results agree to rounding. Work is cut
/// into fixed items of <see cref="ItemElements"/> (never by thread count), float lane sums are folded into double every
/// <see cref="FlushVectors"/> vectors, and item partials are added in item order: results do not depend on threads.
/// </remarks>
internal static class Pau54Kernel
{
    /// <summary>Elements per work item.</summary>
    public const int ItemElements = 1 << 14;
    /// <summary>Vectors of 16 lanes summed in float before folding into double.</summary>
    public const int FlushVectors = 64;
    private const int K = 10;

    /// <summary>Whether this path serves a unit (tests switch it off to compare with the generic path).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>True when the fast path applies: AVX-512, degrees 5/4, version B or D, one set.</summary>
    public static bool Applies(int m, int n, RationalVersion version, int sets) =>
        Enabled && Vector512.IsHardwareAccelerated && m == 5 && n == 4 && sets == 1 && version is RationalVersion.B or RationalVersion.D;

    /// <summary>y = P(x)/Q(x) for n elements; <paramref name="coef"/> holds a₀..a₅, b₁..b₄.</summary>
    public static void Forward(float[] x, int xo, float[] y, int n, ReadOnlySpan<float> coef)
    {
        var body = new Body(x, xo, x, 0, y, n, Coefficients(coef), null);
        Parallelism.For((n + ItemElements - 1) / ItemElements, body);
    }

    /// <summary>
    /// gx = g·F′(x) (when <paramref name="gx"/> is given) and the ten coefficient gradients Σ g·∂F/∂a₀..a₅, Σ g·∂F/∂b₁..b₄.
    /// </summary>
    public static double[] Backward(float[] x, int xo, float[] g, int go, float[]? gx, int n, ReadOnlySpan<float> coef)
    {
        int items = (n + ItemElements - 1) / ItemElements;
        var partials = ArrayPool<double>.Shared.Rent(items * K);
        Array.Clear(partials, 0, items * K);
        var body = new Body(x, xo, g, go, gx, n, Coefficients(coef), partials);
        Parallelism.For(items, body);
        var sums = new double[K];
        for (int it = 0; it < items; it++)
            for (int k = 0; k < K; k++) sums[k] += partials[it * K + k];
        ArrayPool<double>.Shared.Return(partials);
        return sums;
    }

    private static float[] Coefficients(ReadOnlySpan<float> coef)
    {
        if (coef.Length < K) throw new ArgumentException("PAU 5/4 needs ten coefficients.", nameof(coef));
        return coef[..K].ToArray();
    }

    private readonly struct Body(float[] x, int xo, float[] g, int go, float[]? y, int n, float[] c, double[]? partials) : IParallelBody
    {
        public void Run(int item)
        {
            int start = item * ItemElements, end = Math.Min(n, start + ItemElements);
            int whole = start + (end - start) / 16 * 16;
            if (partials == null)
            {
                for (int i = start; i < whole; i += 16) Forward(i);
                if (whole < end) Tail(whole, end, null);
                return;
            }
            Span<Vector512<float>> acc = stackalloc Vector512<float>[K];
            acc.Clear();
            var sums = partials.AsSpan(item * K, K);
            int i0 = start;
            while (i0 < whole)
            {
                int stop = Math.Min(whole, i0 + 16 * FlushVectors);
                Backward(i0, stop, acc);
                Fold(acc, sums);
                i0 = stop;
            }
            if (whole < end)
            {
                Tail(whole, end, acc);
                Fold(acc, sums);
            }
        }

        private static void Fold(Span<Vector512<float>> acc, Span<double> sums)
        {
            for (int k = 0; k < K; k++)
            {
                sums[k] += Vector512.Sum(acc[k]);
                acc[k] = default;
            }
        }

        /// <summary>The last n mod 16 elements, through a zero-padded vector (padding has g = 0, so adds nothing).</summary>
        private void Tail(int from, int to, Span<Vector512<float>> acc)
        {
            int len = to - from;
            Span<float> xs = stackalloc float[16], gs = stackalloc float[16], outs = stackalloc float[16];
            xs.Clear();
            gs.Clear();
            x.AsSpan(xo + from, len).CopyTo(xs);
            if (partials == null)
            {
                var v = Value(Vector512.Create<float>(xs));
                v.CopyTo(outs);
                outs[..len].CopyTo(y.AsSpan(from, len));
                return;
            }
            g.AsSpan(go + from, len).CopyTo(gs);
            var gxv = Step(Vector512.Create<float>(xs), Vector512.Create<float>(gs), ref acc[0], ref acc[1], ref acc[2], ref acc[3], ref acc[4],
                ref acc[5], ref acc[6], ref acc[7], ref acc[8], ref acc[9]);
            if (y != null)
            {
                gxv.CopyTo(outs);
                outs[..len].CopyTo(y.AsSpan(from, len));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<float> Value(Vector512<float> v)
        {
            var p = Vector512.FusedMultiplyAdd(Vector512.Create(c[5]), v, Vector512.Create(c[4]));
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[3]));
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[2]));
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[1]));
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[0]));
            var h = Vector512.FusedMultiplyAdd(Vector512.Create(c[9]), v, Vector512.Create(c[8]));
            h = Vector512.FusedMultiplyAdd(h, v, Vector512.Create(c[7]));
            h = Vector512.FusedMultiplyAdd(h, v, Vector512.Create(c[6]));
            var q = Vector512<float>.One + Vector512.Abs(h * v);
            return p / q;
        }

        private void Forward(int i)
        {
            ref float px = ref MemoryMarshal.GetArrayDataReference(x);
            Value(Vector512.LoadUnsafe(ref px, (nuint)(xo + i))).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(y!), (nuint)i);
        }

        private void Backward(int from, int to, Span<Vector512<float>> acc)
        {
            ref float px = ref MemoryMarshal.GetArrayDataReference(x);
            ref float pg = ref MemoryMarshal.GetArrayDataReference(g);
            var a0 = acc[0]; var a1 = acc[1]; var a2 = acc[2]; var a3 = acc[3]; var a4 = acc[4];
            var a5 = acc[5]; var b1 = acc[6]; var b2 = acc[7]; var b3 = acc[8]; var b4 = acc[9];
            for (int i = from; i < to; i += 16)
            {
                var gxv = Step(Vector512.LoadUnsafe(ref px, (nuint)(xo + i)), Vector512.LoadUnsafe(ref pg, (nuint)(go + i)),
                    ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref b1, ref b2, ref b3, ref b4);
                if (y != null) gxv.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(y), (nuint)i);
            }
            acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3; acc[4] = a4;
            acc[5] = a5; acc[6] = b1; acc[7] = b2; acc[8] = b3; acc[9] = b4;
        }

        /// <summary>One vector of the backward: returns g·F′(x) and adds g·∂F/∂(a, b) to the sums.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<float> Step(Vector512<float> v, Vector512<float> gv,
            ref Vector512<float> a0, ref Vector512<float> a1, ref Vector512<float> a2, ref Vector512<float> a3, ref Vector512<float> a4,
            ref Vector512<float> a5, ref Vector512<float> b1, ref Vector512<float> b2, ref Vector512<float> b3, ref Vector512<float> b4)
        {
            // P, P′ and the inner denominator h, h′ (Horner with derivative), as the generic path.
            var p = Vector512.FusedMultiplyAdd(Vector512.Create(c[5]), v, Vector512.Create(c[4]));
            var dp = Vector512.Create(c[5]);
            dp = Vector512.FusedMultiplyAdd(dp, v, p);
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[3]));
            dp = Vector512.FusedMultiplyAdd(dp, v, p);
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[2]));
            dp = Vector512.FusedMultiplyAdd(dp, v, p);
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[1]));
            dp = Vector512.FusedMultiplyAdd(dp, v, p);
            p = Vector512.FusedMultiplyAdd(p, v, Vector512.Create(c[0]));
            var h = Vector512.FusedMultiplyAdd(Vector512.Create(c[9]), v, Vector512.Create(c[8]));
            var dh = Vector512.Create(c[9]);
            dh = Vector512.FusedMultiplyAdd(dh, v, h);
            h = Vector512.FusedMultiplyAdd(h, v, Vector512.Create(c[7]));
            dh = Vector512.FusedMultiplyAdd(dh, v, h);
            h = Vector512.FusedMultiplyAdd(h, v, Vector512.Create(c[6]));
            var s = h * v;
            var ds = Vector512.FusedMultiplyAdd(v, dh, h);
            var q = Vector512<float>.One + Vector512.Abs(s);
            var rq = Vector512<float>.One / q;
            var f = p * rq;
            var positive = Vector512.GreaterThan(s, Vector512<float>.Zero);
            var negative = Vector512.LessThan(s, Vector512<float>.Zero);
            var sign = (positive & Vector512<float>.One) - (negative & Vector512<float>.One);
            var t = gv * rq;
            var gx = t * (dp - f * (sign * ds));
            var x2 = v * v;
            var x3 = x2 * v;
            var x4 = x3 * v;
            a0 = Vector512.FusedMultiplyAdd(t, Vector512<float>.One, a0);
            a1 = Vector512.FusedMultiplyAdd(t, v, a1);
            a2 = Vector512.FusedMultiplyAdd(t, x2, a2);
            a3 = Vector512.FusedMultiplyAdd(t, x3, a3);
            a4 = Vector512.FusedMultiplyAdd(t, x4, a4);
            a5 = Vector512.FusedMultiplyAdd(t, x4 * v, a5);
            // ∂F/∂bⱼ = −(F/Q)·sign⁺(S)·xʲ, with the right derivative of |·| at 0.
            var u = (Vector512<float>.Zero - t) * f;
            u = Vector512.ConditionalSelect(negative, -u, u);
            b1 = Vector512.FusedMultiplyAdd(u, v, b1);
            b2 = Vector512.FusedMultiplyAdd(u, x2, b2);
            b3 = Vector512.FusedMultiplyAdd(u, x3, b3);
            b4 = Vector512.FusedMultiplyAdd(u, x4, b4);
            return gx;
        }
    }
}
