using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Kan;

/// <summary>
/// The forward of a B-spline <see cref="KanLayer"/> without a graph (inference), using the basis's sparsity: at each
/// input only k + 1 of the G + k B-splines are non-zero, so y[r] = bias + Σ_i (silu(x_ri)·w_b + Σ_{j≤k} B_{f+j}(x_ri)·c_{f+j})
/// touches k + 2 of the (G + k + 1) coefficient rows of each input instead of all of them: (k + 2)/(G + k + 1) of the
/// dense GEMM's multiply-adds (5/9 at G = 5, k = 3). Each row's basis is kept compact (<see cref="BSplineLanes.EvaluateCompact"/>)
/// and the coefficients are transposed to [in·S, out], so the work is axpys of contiguous coefficient rows into a block
/// of output columns held in registers; the blocks are narrow enough that their coefficient rows stay in L2.
/// </summary>
internal static class BSplineSparseLinear
{
    /// <summary>
    /// The layer's output [rows, out] for <paramref name="x"/> [rows, in] on the basis tabulated in
    /// <paramref name="lanes"/>, with coefficients <paramref name="weight"/> [out, in·S] (S = G + k + 1 with the base
    /// first in each input's block, G + k without it) and an optional <paramref name="bias"/> [out].
    /// </summary>
    public static Tensor Forward(BSplineLanes lanes, Tensor x, int order, bool withBase, Tensor weight, Tensor? bias)
    {
        var xc = x.Contiguous();
        var wc = weight.Contiguous();
        int rows = xc.Dims[0], inputs = xc.Dims[1], outputs = wc.Dims[0], edge = wc.Dims[1] / inputs, b = withBase ? 1 : 0;
        var biasValues = bias?.ToArray();
        var y = Tensor.Empty([rows, outputs]);
        // Transposed coefficients: wt[(i·S + c)·out + j] = weight[j, i·S + c].
        var wt = ArrayPool<float>.Shared.Rent(wc.Numel);
        try
        {
            Transpose(wc.Storage.AsSpan(wc.Offset, wc.Numel), outputs, wc.Dims[1], wt);
            float[] xs = xc.Storage, ys = y.Storage;
            int xOffset = xc.Offset, width = order + 3;
            int items = Parallelism.ItemsFor((long)rows * inputs * (order + 2) * outputs, 1 << 20, Parallelism.Threads * 2);
            Parallelism.For(items, item =>
            {
                int r0 = (int)((long)rows * item / items), r1 = (int)((long)rows * (item + 1) / items);
                if (r0 == r1) return;
                var compact = ArrayPool<float>.Shared.Rent((r1 - r0) * inputs * width);
                try
                {
                    lanes.EvaluateCompact(xs.AsSpan(xOffset + r0 * inputs, (r1 - r0) * inputs), compact);
                    Rows(compact, r1 - r0, inputs, order, b, edge, wt, biasValues, ys.AsSpan(r0 * outputs, (r1 - r0) * outputs), outputs);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(compact);
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(wt);
        }
        return y;
    }

    private static void Transpose(ReadOnlySpan<float> a, int rows, int cols, Span<float> at)
    {
        const int Block = 32;
        for (int r0 = 0; r0 < rows; r0 += Block)
            for (int c0 = 0; c0 < cols; c0 += Block)
                for (int c = c0; c < Math.Min(c0 + Block, cols); c++)
                    for (int r = r0; r < Math.Min(r0 + Block, rows); r++)
                        at[c * rows + r] = a[r * cols + c];
    }

    private static void Rows(float[] compact, int rows, int inputs, int order, int b, int edge, float[] wt, float[]? bias, Span<float> y, int outputs)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated) j = Block<Float16>(compact, rows, inputs, order, b, edge, wt, bias, y, outputs, j);
        else if (Vector256.IsHardwareAccelerated) j = Block<Float8>(compact, rows, inputs, order, b, edge, wt, bias, y, outputs, j);
        Block<Float1>(compact, rows, inputs, order, b, edge, wt, bias, y, outputs, j);
        // Fewer than 4 columns left: one at a time.
        for (j = outputs - outputs % 4; j < outputs; j++)
            for (int r = 0; r < rows; r++)
            {
                double sum = bias?[j] ?? 0;
                for (int i = 0; i < inputs; i++)
                {
                    int e = (r * inputs + i) * (order + 3), row = i * edge;
                    if (b == 1) sum += compact[e] * wt[row * outputs + j];
                    int first = (int)compact[e + 1];
                    for (int q = 0; q <= order; q++) sum += compact[e + 2 + q] * wt[(row + b + first + q) * outputs + j];
                }
                y[r * outputs + j] = (float)sum;
            }
    }

    /// <summary>Columns [j, …) in blocks of 4 lane vectors held in registers over all rows; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Block<TV>(float[] compact, int rows, int inputs, int order, int b, int edge, float[] wt, float[]? bias, Span<float> y, int outputs, int j)
        where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count, width = order + 3;
        ref float pw = ref MemoryMarshal.GetArrayDataReference(wt);
        ref float pc = ref MemoryMarshal.GetArrayDataReference(compact);
        ref float py = ref MemoryMarshal.GetReference(y);
        for (; j + 4 * w <= outputs; j += 4 * w)
        {
            TV b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
            if (bias != null)
            {
                ref float pb = ref MemoryMarshal.GetArrayDataReference(bias);
                b0 = TV.Load(ref pb, (nuint)j); b1 = TV.Load(ref pb, (nuint)(j + w));
                b2 = TV.Load(ref pb, (nuint)(j + 2 * w)); b3 = TV.Load(ref pb, (nuint)(j + 3 * w));
            }
            for (int r = 0; r < rows; r++)
            {
                TV a0 = b0, a1 = b1, a2 = b2, a3 = b3;
                ref float c = ref Unsafe.Add(ref pc, r * inputs * width);
                for (int i = 0; i < inputs; i++, c = ref Unsafe.Add(ref c, width))
                {
                    nuint row = (nuint)(i * edge);
                    if (b == 1)
                    {
                        TV v = c;
                        ref float p = ref Unsafe.Add(ref pw, row * (nuint)outputs + (nuint)j);
                        a0 = TV.Fma(v, TV.Load(ref p, 0), a0); a1 = TV.Fma(v, TV.Load(ref p, (nuint)w), a1);
                        a2 = TV.Fma(v, TV.Load(ref p, (nuint)(2 * w)), a2); a3 = TV.Fma(v, TV.Load(ref p, (nuint)(3 * w)), a3);
                    }
                    nuint first = row + (nuint)b + (nuint)(int)Unsafe.Add(ref c, 1);
                    for (int q = 0; q <= order; q++)
                    {
                        TV v = Unsafe.Add(ref c, 2 + q);
                        ref float p = ref Unsafe.Add(ref pw, (first + (nuint)q) * (nuint)outputs + (nuint)j);
                        a0 = TV.Fma(v, TV.Load(ref p, 0), a0); a1 = TV.Fma(v, TV.Load(ref p, (nuint)w), a1);
                        a2 = TV.Fma(v, TV.Load(ref p, (nuint)(2 * w)), a2); a3 = TV.Fma(v, TV.Load(ref p, (nuint)(3 * w)), a3);
                    }
                }
                ref float yr = ref Unsafe.Add(ref py, r * outputs + j);
                TV.Store(a0, ref yr, 0); TV.Store(a1, ref yr, (nuint)w); TV.Store(a2, ref yr, (nuint)(2 * w)); TV.Store(a3, ref yr, (nuint)(3 * w));
            }
        }
        return j;
    }
}
