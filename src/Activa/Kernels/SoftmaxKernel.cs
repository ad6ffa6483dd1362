using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>Row-wise softmax and log-softmax over contiguous rows, max-shifted for stability.</summary>
internal static class SoftmaxKernel
{
    public static void Forward(float[] x, int xo, float[] y, int rows, int n, bool log)
    {
        if (rows == 0 || n == 0) return;
        int items = rows == 1 || (long)rows * n < 2 * Elementwise.ParallelChunk ? 1 : Math.Min(rows, (int)((long)rows * n / Elementwise.ParallelChunk));
        if (items == 1)
            for (int r = 0; r < rows; r++) Row(x.AsSpan(xo + r * n, n), y.AsSpan(r * n, n), log);
        else
            Parallelism.For(items, item =>
            {
                int from = (int)((long)rows * item / items), to = (int)((long)rows * (item + 1) / items);
                for (int r = from; r < to; r++) Row(x.AsSpan(xo + r * n, n), y.AsSpan(r * n, n), log);
            });
    }

    private static void Row(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        float max = float.NegativeInfinity;
        foreach (float v in x) max = v > max || float.IsNaN(v) ? v : max;
        if (float.IsNegativeInfinity(max)) max = 0; // all −∞: exp gives 0s, sum 0, result NaN as in PyTorch
        Elementwise.Map(new AffineOp(1f, -max), x, y);
        Elementwise.Map(new ExpOp(), y, y);
        float sum = Reduce.Sum(y);
        if (log)
        {
            // (x − max) − log Σ: folding both into one shift would round it to the ulp of max
            Elementwise.Map(new AffineOp(1f, -max), x, y);
            Elementwise.Map(new AffineOp(1f, -VectorMath.Log<Float1>(sum).V), y, y);
        }
        else
        {
            Elementwise.Map(new AffineOp(1f / sum, 0f), y, y);
        }
    }
}
