using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Kan;

/// <summary>
/// The fast path of <see cref="BSplineBasis"/>: the basis of a whole row segment of inputs at once, one input per SIMD
/// lane (<see cref="IFloatLanes{TV}"/>), on any grid (uniform or fitted to data), with the SiLU base branch in the
/// same pass. Each lane runs the full Cox–de Boor triangle over its input's knots — degree 0 the interval indicators,
/// then B_{m,j}(x) = (x − t_m)/(t_{m+j} − t_m)·B_{m,j−1}(x) + (t_{m+j+1} − x)/(t_{m+j+1} − t_{m+1})·B_{m+1,j−1}(x) —
/// with the reciprocals of the knot differences tabulated once per call, so there is no division, no span search and
/// no branch per element; the lanes' values are then written out element by element at the feature stride.
/// </summary>
/// <remarks>
/// The reference (<see cref="BSplineBasis.EvaluateReference"/>) evaluates only the k + 1 functions non-zero at x with
/// divisions; this computes every function over the G intervals (the ones outside x's span come out exactly 0), which
/// costs O(G·k) lane operations per element instead of O(k²) scalar ones and wins by the lane width for the usual small
/// grids. Both apply the same clamp to [t_k, t_{k+G}] and the same half-open intervals (the last one closed).
/// </remarks>
internal sealed class BSplineLanes
{
    private readonly int _inputs, _grid, _order, _knotCount;

    /// <summary>The knots these tables were built from, [inputs·(G + 2k + 1)] (to tell when the basis's knots changed).</summary>
    internal float[] Source { get; }

    // Tables are laid out [row][input] so that a lane load over consecutive inputs is contiguous.
    private readonly float[] _t;   // [knotCount][inputs]: t_m
    private readonly float[] _r;   // [order][knotCount][inputs]: 1/(t_{m+j} − t_m) at [j−1][m] (0 where the difference is not positive)

    /// <summary>Tabulates <paramref name="knots"/> [inputs, G + 2k + 1].</summary>
    public BSplineLanes(ReadOnlySpan<float> knots, int inputs, int grid, int order)
    {
        _inputs = inputs;
        _grid = grid;
        _order = order;
        _knotCount = grid + 2 * order + 1;
        Source = knots.ToArray();
        _t = new float[_knotCount * inputs];
        _r = new float[Math.Max(order, 1) * _knotCount * inputs];
        for (int i = 0; i < inputs; i++)
        {
            var t = knots.Slice(i * _knotCount, _knotCount);
            for (int m = 0; m < _knotCount; m++) _t[m * inputs + i] = t[m];
            for (int j = 1; j <= order; j++)
                for (int m = 0; m + j < _knotCount; m++)
                {
                    float d = t[m + j] - t[m];
                    _r[((j - 1) * _knotCount + m) * inputs + i] = d > 0 ? 1f / d : 0f;
                }
        }
    }

    private int Size => _grid + _order;

    /// <summary>Scratch floats one block needs at lane width <paramref name="lanes"/>.</summary>
    private int Scratch(int lanes) => (_knotCount + Size + 2) * lanes;

    /// <summary>
    /// features[e·stride + b + m] = B_m(x[e]) for m &lt; G + k, and features[e·stride] = silu(x[e]) when
    /// <paramref name="withBase"/> (b = 1), for every element of <paramref name="x"/> (whole rows).
    /// </summary>
    public void Evaluate(ReadOnlySpan<float> x, Span<float> features, int stride, bool withBase)
    {
        var scratch = ArrayPool<float>.Shared.Rent(Scratch(Vector512<float>.Count));
        try
        {
            for (int r0 = 0; r0 < x.Length; r0 += _inputs)
            {
                int i = 0;
                if (Vector512.IsHardwareAccelerated)
                    for (; i + 16 <= _inputs; i += 16) EvaluateBlock<Float16>(x, features, stride, withBase, r0, i, scratch);
                else if (Vector256.IsHardwareAccelerated)
                    for (; i + 8 <= _inputs; i += 8) EvaluateBlock<Float8>(x, features, stride, withBase, r0, i, scratch);
                for (; i < _inputs; i++) EvaluateBlock<Float1>(x, features, stride, withBase, r0, i, scratch);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// gradX[e] += Σ_m grad[e·stride + b + m]·B_m′(x[e]) (+ grad[e·stride]·silu′(x[e]) when <paramref name="withBase"/>)
    /// for every element of <paramref name="x"/> (whole rows). B_m′ is 0 where x is outside [t_k, t_{k+G}] (clamped).
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, bool withBase, Span<float> gradX)
    {
        var scratch = ArrayPool<float>.Shared.Rent(Scratch(Vector512<float>.Count));
        try
        {
            for (int r0 = 0; r0 < x.Length; r0 += _inputs)
            {
                int i = 0;
                if (Vector512.IsHardwareAccelerated)
                    for (; i + 16 <= _inputs; i += 16) BackwardBlock<Float16>(x, grad, stride, withBase, r0, i, gradX, scratch);
                else if (Vector256.IsHardwareAccelerated)
                    for (; i + 8 <= _inputs; i += 8) BackwardBlock<Float8>(x, grad, stride, withBase, r0, i, gradX, scratch);
                for (; i < _inputs; i++) BackwardBlock<Float1>(x, grad, stride, withBase, r0, i, gradX, scratch);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The degree-<paramref name="degree"/> B-splines of the lanes' clamped inputs <paramref name="xc"/> (inputs
    /// i0 .. i0 + lanes − 1) into n[m·lanes ..] for m in [0, G + 2k − degree); the slots outside the functions that can
    /// be non-zero are left 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Triangle<TV>(TV xc, int i0, int degree, ref float n) where TV : struct, IFloatLanes<TV>
    {
        int k = _order, g = _grid, inputs = _inputs;
        nuint w = (nuint)TV.Count;
        ref float t = ref MemoryMarshal.GetArrayDataReference(_t);
        ref float r = ref MemoryMarshal.GetArrayDataReference(_r);
        // Degree 0: the indicators of the G grid intervals [t_m, t_{m+1}) (the last one closed: xc ≤ t_{k+G} always).
        for (int m = 0; m < _knotCount - 1; m++) TV.Store(0f, ref n, (nuint)m * w);
        var below = TV.GreaterThanOrEqual(xc, TV.Load(ref t, (nuint)(k * inputs + i0)));
        for (int m = k; m < k + g; m++)
        {
            var next = m + 1 < k + g ? TV.GreaterThanOrEqual(xc, TV.Load(ref t, (nuint)((m + 1) * inputs + i0))) : (TV)0f;
            TV.Store(TV.Select(TV.AndNot(below, next), 1f, 0f), ref n, (nuint)m * w);
            below = next;
        }
        // Degree j from j − 1, in place in ascending m: slot m is read (with slot m + 1) before it is overwritten.
        for (int j = 1; j <= degree; j++)
        {
            int rowJ = (j - 1) * _knotCount;
            int first = k - j, last = k + g - 1;
            var left = xc - TV.Load(ref t, (nuint)(first * inputs + i0));
            var nm = TV.Load(ref n, (nuint)first * w);
            for (int m = first; m <= last; m++)
            {
                var nNext = TV.Load(ref n, (nuint)(m + 1) * w);
                var rightKnot = TV.Load(ref t, (nuint)((m + j + 1) * inputs + i0));
                var a = left * TV.Load(ref r, (nuint)((rowJ + m) * inputs + i0)) * nm;
                var b = (rightKnot - xc) * TV.Load(ref r, (nuint)((rowJ + m + 1) * inputs + i0));
                TV.Store(TV.Fma(b, nNext, a), ref n, (nuint)m * w);
                left = xc - TV.Load(ref t, (nuint)((m + 1) * inputs + i0));
                nm = nNext;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EvaluateBlock<TV>(ReadOnlySpan<float> x, Span<float> features, int stride, bool withBase, int r0, int i0, float[] scratch)
        where TV : struct, IFloatLanes<TV>
    {
        int lanes = TV.Count, size = Size, b = withBase ? 1 : 0, inputs = _inputs;
        ref float t = ref MemoryMarshal.GetArrayDataReference(_t);
        ref float s = ref MemoryMarshal.GetArrayDataReference(scratch);
        ref float n = ref Unsafe.Add(ref s, lanes); // slot 0 of s: the SiLU values
        var xv = TV.Load(ref MemoryMarshal.GetReference(x), (nuint)(r0 + i0));
        if (withBase) TV.Store(PointwiseKanBasis.SiluLanes(xv), ref s, 0);
        var xc = TV.ClampNative(xv, TV.Load(ref t, (nuint)(_order * inputs + i0)), TV.Load(ref t, (nuint)((_order + _grid) * inputs + i0)));
        Triangle(xc, i0, _order, ref n);
        // Out lane by lane: element e's block is features[e·stride .. e·stride + b + size).
        ref float f = ref MemoryMarshal.GetReference(features);
        for (int l = 0; l < lanes; l++)
        {
            int e = r0 + i0 + l;
            ref float d = ref Unsafe.Add(ref f, e * stride);
            if (withBase) d = Unsafe.Add(ref s, l);
            ref float db = ref Unsafe.Add(ref d, b);
            if (float.IsNaN(x[e]))
            {
                MemoryMarshal.CreateSpan(ref db, size).Fill(float.NaN);
                continue;
            }
            for (int m = 0; m < size; m++) Unsafe.Add(ref db, m) = Unsafe.Add(ref n, m * lanes + l);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void BackwardBlock<TV>(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, bool withBase, int r0, int i0, Span<float> gradX, float[] scratch)
        where TV : struct, IFloatLanes<TV>
    {
        int lanes = TV.Count, size = Size, b = withBase ? 1 : 0, k = _order, inputs = _inputs;
        nuint w = (nuint)lanes;
        ref float t = ref MemoryMarshal.GetArrayDataReference(_t);
        ref float r = ref MemoryMarshal.GetArrayDataReference(_r);
        ref float s = ref MemoryMarshal.GetArrayDataReference(scratch);
        ref float gs = ref Unsafe.Add(ref s, lanes);          // [size][lanes]: the gradients of the basis functions
        ref float n = ref Unsafe.Add(ref gs, size * lanes);   // the triangle
        // In lane by lane: the base gradient into slot 0, the basis gradients transposed into gs.
        ref float g = ref MemoryMarshal.GetReference(grad);
        for (int l = 0; l < lanes; l++)
        {
            ref float ge = ref Unsafe.Add(ref g, (r0 + i0 + l) * stride);
            if (withBase) Unsafe.Add(ref s, l) = ge;
            if (k > 0)
                for (int m = 0; m < size; m++) Unsafe.Add(ref gs, m * lanes + l) = Unsafe.Add(ref ge, b + m);
        }
        var xv = TV.Load(ref MemoryMarshal.GetReference(x), (nuint)(r0 + i0));
        ref float gx = ref MemoryMarshal.GetReference(gradX);
        var sum = TV.Load(ref gx, (nuint)(r0 + i0));
        if (withBase) sum = TV.Fma(TV.Load(ref s, 0), PointwiseKanBasis.SiluDerivativeLanes(xv), sum);
        if (k > 0)
        {
            var lo = TV.Load(ref t, (nuint)(k * inputs + i0));
            var hi = TV.Load(ref t, (nuint)((k + _grid) * inputs + i0));
            var inside = TV.And(TV.GreaterThanOrEqual(xv, lo), TV.LessThanOrEqual(xv, hi)); // false for NaN
            Triangle(TV.ClampNative(xv, lo, hi), i0, k - 1, ref n);
            // Σ_m g_m·B′_{m,k} = Σ_q B_{q,k−1}·k/(t_{q+k} − t_q)·(g_q − g_{q−1}) over q in [1, G + k − 1].
            int rowK = (k - 1) * _knotCount;
            TV spline = 0f;
            var gPrev = TV.Load(ref gs, 0);
            for (int q = 1; q < size; q++)
            {
                var gq = TV.Load(ref gs, (nuint)q * w);
                var c = TV.Load(ref r, (nuint)((rowK + q) * inputs + i0)) * TV.Load(ref n, (nuint)q * w);
                spline = TV.Fma(c, gq - gPrev, spline);
                gPrev = gq;
            }
            sum = TV.Fma(TV.And(spline, inside), (float)k, sum);
        }
        TV.Store(sum, ref gx, (nuint)(r0 + i0));
    }
}
