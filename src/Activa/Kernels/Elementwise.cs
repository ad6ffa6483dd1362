using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// Generic fused loops over operator structs: one vectorised pass (Vector512, else Vector256, scalar tail),
/// split across <see cref="Parallelism"/> for large arrays. The JIT specialises each loop per struct.
/// </summary>
public static class Elementwise
{
    /// <summary>Elements per parallel work item; below twice this a loop runs on the calling thread.</summary>
    public const int ParallelChunk = 1 << 15;

    private static int Chunks(int n) => n < 2 * ParallelChunk ? 1 : (n + ParallelChunk - 1) / ParallelChunk;

    // ---- unary map: y = f(x) ----

    /// <summary>y[i] = op.Apply(x[i]) on the calling thread.</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOp
    {
        if (y.Length < x.Length) throw new ArgumentException("Output span is shorter than the input.");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint i = 0, n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated) i = MapLanes<TOp, Float16>(op, ref px, ref py, i, n);
        else if (Vector256.IsHardwareAccelerated) i = MapLanes<TOp, Float8>(op, ref px, ref py, i, n);
        MapLanes<TOp, Float1>(op, ref px, ref py, i, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint MapLanes<TOp, TV>(TOp op, ref float x, ref float y, nuint i, nuint n)
        where TOp : struct, IUnaryOp where TV : struct, IFloatLanes<TV>
    {
        nuint w = (nuint)TV.Count;
        if (n < w) return i;
        for (nuint last = n - w; i <= last; i += w) TV.Store(op.Apply(TV.Load(ref x, i)), ref y, i);
        return i;
    }

    /// <summary>y[yo..yo+n) = op.Apply(x[xo..xo+n)), parallel for large n.</summary>
    public static void Map<TOp>(TOp op, float[] x, int xo, float[] y, int yo, int n) where TOp : struct, IUnaryOp
    {
        int chunks = Chunks(n);
        if (chunks == 1) Map(op, x.AsSpan(xo, n), y.AsSpan(yo, n));
        else Parallelism.For(chunks, new MapBody<TOp>(op, x, xo, y, yo, n));
    }

    private readonly struct MapBody<TOp>(TOp op, float[] x, int xo, float[] y, int yo, int n) : IParallelBody where TOp : struct, IUnaryOp
    {
        public void Run(int c)
        {
            int s = c * ParallelChunk, len = Math.Min(ParallelChunk, n - s);
            Map(op, x.AsSpan(xo + s, len), y.AsSpan(yo + s, len));
        }
    }

    // ---- binary zip: z = f(a, b), with either side possibly a broadcast scalar ----

    /// <summary>z[i] = op.Apply(a[i], b[i]) on the calling thread.</summary>
    public static void Zip<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> z) where TOp : struct, IBinaryOp =>
        Zip(op, a, b, z, Side.Both);

    /// <summary>z[i] = op.Apply(a[i], b) on the calling thread.</summary>
    public static void ZipScalarRight<TOp>(TOp op, ReadOnlySpan<float> a, float b, Span<float> z) where TOp : struct, IBinaryOp =>
        Zip(op, a, new ReadOnlySpan<float>(in b), z, Side.RightScalar);

    /// <summary>z[i] = op.Apply(a, b[i]) on the calling thread.</summary>
    public static void ZipScalarLeft<TOp>(TOp op, float a, ReadOnlySpan<float> b, Span<float> z) where TOp : struct, IBinaryOp =>
        Zip(op, new ReadOnlySpan<float>(in a), b, z, Side.LeftScalar);

    /// <summary>Which operand of a zip is one float broadcast to every element.</summary>
    private enum Side { Both, RightScalar, LeftScalar }

    private static void Zip<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> z, Side side) where TOp : struct, IBinaryOp
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        ref float pz = ref MemoryMarshal.GetReference(z);
        nuint i = 0, n = (nuint)z.Length;
        if (Vector512.IsHardwareAccelerated) i = ZipLanes<TOp, Float16>(op, ref pa, ref pb, ref pz, i, n, side);
        else if (Vector256.IsHardwareAccelerated) i = ZipLanes<TOp, Float8>(op, ref pa, ref pb, ref pz, i, n, side);
        ZipLanes<TOp, Float1>(op, ref pa, ref pb, ref pz, i, n, side);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint ZipLanes<TOp, TV>(TOp op, ref float a, ref float b, ref float z, nuint i, nuint n, Side side)
        where TOp : struct, IBinaryOp where TV : struct, IFloatLanes<TV>
    {
        nuint w = (nuint)TV.Count;
        if (n < w) return i;
        nuint last = n - w;
        switch (side)
        {
            case Side.Both:
                for (; i <= last; i += w) TV.Store(op.Apply(TV.Load(ref a, i), TV.Load(ref b, i)), ref z, i);
                break;
            case Side.RightScalar:
                TV vb = b;
                for (; i <= last; i += w) TV.Store(op.Apply(TV.Load(ref a, i), vb), ref z, i);
                break;
            default:
                TV va = a;
                for (; i <= last; i += w) TV.Store(op.Apply(va, TV.Load(ref b, i)), ref z, i);
                break;
        }
        return i;
    }

    /// <summary>z = f(a, b) over n contiguous elements, parallel for large n.</summary>
    public static void Zip<TOp>(TOp op, float[] a, int ao, float[] b, int bo, float[] z, int zo, int n) where TOp : struct, IBinaryOp
    {
        int chunks = Chunks(n);
        if (chunks == 1) Zip(op, a.AsSpan(ao, n), b.AsSpan(bo, n), z.AsSpan(zo, n));
        else Parallelism.For(chunks, new ZipBody<TOp>(op, a, ao, b, bo, z, zo, n));
    }

    private readonly struct ZipBody<TOp>(TOp op, float[] a, int ao, float[] b, int bo, float[] z, int zo, int n) : IParallelBody where TOp : struct, IBinaryOp
    {
        public void Run(int c)
        {
            int s = c * ParallelChunk, len = Math.Min(ParallelChunk, n - s);
            Zip(op, a.AsSpan(ao + s, len), b.AsSpan(bo + s, len), z.AsSpan(zo + s, len));
        }
    }

    // ---- activation forward / backward (DESIGN §3): one generic body per direction, run at 16 or 8 lanes, then 1 ----

    /// <summary>Forward pass of an activation: y = f(x), one fused pass, parallel for large n.</summary>
    public static void Forward<TOp>(TOp op, float[] x, int xo, float[] y, int yo, int n) where TOp : struct, IActivationOp
    {
        int chunks = Chunks(n);
        if (chunks == 1) Forward(op, x.AsSpan(xo, n), y.AsSpan(yo, n));
        else Parallelism.For(chunks, new ForwardBody<TOp>(op, x, xo, y, yo, n));
    }

    /// <summary>y = f(x) on the calling thread.</summary>
    public static void Forward<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IActivationOp
    {
        if (y.Length < x.Length) throw new ArgumentException("Output span is shorter than the input.");
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint i = 0, n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated) i = ForwardLanes<TOp, Float16>(op, ref px, ref py, i, n);
        else if (Vector256.IsHardwareAccelerated) i = ForwardLanes<TOp, Float8>(op, ref px, ref py, i, n);
        ForwardLanes<TOp, Float1>(op, ref px, ref py, i, n);
    }

    // The lane loops are compiled as methods of their own (never inlined into a caller): the JIT's inlining budget is
    // spent per compiled method, and a caller that inlined several loops (a benchmark lambda, a training step) ran out
    // of it and called each lane operation, 32-byte structs through memory, instead of inlining it: GELU's backward ran
    // 4x slower that way. Here each loop gets the whole budget for one operator at one width.

    /// <summary>y[i..) = f(x[i..)) in whole <typeparamref name="TV"/> steps; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static nuint ForwardLanes<TOp, TV>(TOp op, ref float x, ref float y, nuint i, nuint n)
        where TOp : struct, IActivationOp where TV : struct, IFloatLanes<TV>
    {
        nuint w = (nuint)TV.Count;
        if (n < w) return i;
        for (nuint last = n - w; i <= last; i += w) TV.Store(op.Forward(TV.Load(ref x, i)), ref y, i);
        return i;
    }

    private readonly struct ForwardBody<TOp>(TOp op, float[] x, int xo, float[] y, int yo, int n) : IParallelBody where TOp : struct, IActivationOp
    {
        public void Run(int c)
        {
            int s = c * ParallelChunk, len = Math.Min(ParallelChunk, n - s);
            Forward(op, x.AsSpan(xo + s, len), y.AsSpan(yo + s, len));
        }
    }

    /// <summary>Backward pass of an activation: gIn = gOut · f'(x, y), one fused pass, parallel for large n.</summary>
    public static void Backward<TOp>(TOp op, float[] x, int xo, float[] y, int yo, float[] gOut, int go, float[] gIn, int gi, int n) where TOp : struct, IActivationOp
    {
        int chunks = Chunks(n);
        if (chunks == 1) Backward(op, x.AsSpan(xo, n), y.AsSpan(yo, n), gOut.AsSpan(go, n), gIn.AsSpan(gi, n));
        else Parallelism.For(chunks, new BackwardBody<TOp>(op, x, xo, y, yo, gOut, go, gIn, gi, n));
    }

    /// <summary>gIn = gOut · f'(x, y) on the calling thread.</summary>
    public static void Backward<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gOut, Span<float> gIn) where TOp : struct, IActivationOp
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pg = ref MemoryMarshal.GetReference(gOut);
        ref float pr = ref MemoryMarshal.GetReference(gIn);
        nuint i = 0, n = (nuint)gIn.Length;
        if (Vector512.IsHardwareAccelerated) i = BackwardLanes<TOp, Float16>(op, ref px, ref py, ref pg, ref pr, i, n);
        else if (Vector256.IsHardwareAccelerated) i = BackwardLanes<TOp, Float8>(op, ref px, ref py, ref pg, ref pr, i, n);
        BackwardLanes<TOp, Float1>(op, ref px, ref py, ref pg, ref pr, i, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint BackwardLanes<TOp, TV>(TOp op, ref float x, ref float y, ref float g, ref float r, nuint i, nuint n)
        where TOp : struct, IActivationOp where TV : struct, IFloatLanes<TV>
    {
        nuint w = (nuint)TV.Count;
        if (n < w) return i;
        for (nuint last = n - w; i <= last; i += w)
            TV.Store(TV.Load(ref g, i) * op.Derivative(TV.Load(ref x, i), TV.Load(ref y, i)), ref r, i);
        return i;
    }

    private readonly struct BackwardBody<TOp>(TOp op, float[] x, int xo, float[] y, int yo, float[] gOut, int go, float[] gIn, int gi, int n)
        : IParallelBody where TOp : struct, IActivationOp
    {
        public void Run(int c)
        {
            int s = c * ParallelChunk, len = Math.Min(ParallelChunk, n - s);
            Backward(op, x.AsSpan(xo + s, len), y.AsSpan(yo + s, len), gOut.AsSpan(go + s, len), gIn.AsSpan(gi + s, len));
        }
    }
}
