using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// The m = 1 case of GEMM (one input row: batch-1 inference), where packing would cost more than the
/// product: c = alpha·a·op(B) + beta·c straight from B's storage. Columns are split over the threads in
/// fixed blocks and each output is summed in a fixed order, so results do not depend on the thread count.
/// </summary>
internal static unsafe class Gemv
{
    private const long MinWorkPerThread = 1L << 16;
    private const int ColumnBlock = 64;

    public static void Run(in GemmProblem p, int threads)
    {
        int blocks = (p.N + ColumnBlock - 1) / ColumnBlock;
        int items = Math.Min(blocks, Parallelism.ItemsFor((long)p.N * p.K, MinWorkPerThread, threads));
        if (items <= 1) Columns(p, 0, p.N);
        else Parallelism.For(items, new Body(p, items, blocks));
    }

    private readonly struct Body(GemmProblem p, int items, int blocks) : IParallelBody
    {
        public void Run(int index)
        {
            int from = (int)((long)blocks * index / items) * ColumnBlock;
            int to = Math.Min(p.N, (int)((long)blocks * (index + 1) / items) * ColumnBlock);
            Columns(p, from, to);
        }
    }

    private static void Columns(in GemmProblem p, int n0, int n1)
    {
        if (p.TransA && p.Lda != 1)
        {
            // A is stored k×1 with a row stride: gather it so that it reads contiguously
            var buffer = new float[p.K];
            fixed (float* pb = buffer)
            {
                for (int i = 0; i < p.K; i++) pb[i] = p.A[i * p.Lda];
                Dispatch(p, pb, n0, n1);
            }
            return;
        }
        Dispatch(p, p.A, n0, n1);
    }

    private static void Dispatch(in GemmProblem p, float* a, int n0, int n1)
    {
        if (p.TransB) Dots(p, a, n0, n1);
        else Axpys(p, a, n0, n1);
    }

    /// <summary>B stored n×k: c[j] = alpha·(a · B_j) + beta·c[j], four rows of B at a time.</summary>
    private static void Dots(in GemmProblem p, float* a, int n0, int n1)
    {
        int k = p.K;
        int j = n0;
        for (; j + 4 <= n1; j += 4)
        {
            float* b0 = p.B + j * p.Ldb, b1 = b0 + p.Ldb, b2 = b1 + p.Ldb, b3 = b2 + p.Ldb;
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            var s2 = Vector512<float>.Zero;
            var s3 = Vector512<float>.Zero;
            int i = 0;
            for (; i + 16 <= k; i += 16)
            {
                var x = Vector512.Load(a + i);
                s0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b0 + i), s0);
                s1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b1 + i), s1);
                s2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b2 + i), s2);
                s3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b3 + i), s3);
            }
            float d0 = Vector512.Sum(s0), d1 = Vector512.Sum(s1), d2 = Vector512.Sum(s2), d3 = Vector512.Sum(s3);
            for (; i < k; i++)
            {
                float x = a[i];
                d0 += x * b0[i];
                d1 += x * b1[i];
                d2 += x * b2[i];
                d3 += x * b3[i];
            }
            Store(p, j, d0);
            Store(p, j + 1, d1);
            Store(p, j + 2, d2);
            Store(p, j + 3, d3);
        }
        for (; j < n1; j++)
        {
            float* b = p.B + j * p.Ldb;
            var s = Vector512<float>.Zero;
            int i = 0;
            for (; i + 16 <= k; i += 16) s = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), s);
            float d = Vector512.Sum(s);
            for (; i < k; i++) d += a[i] * b[i];
            Store(p, j, d);
        }
    }

    private static void Store(in GemmProblem p, int j, float dot) =>
        p.C[j] = p.Beta == 0f ? p.Alpha * dot : p.Alpha * dot + p.Beta * p.C[j];

    /// <summary>B stored k×n: c[n0..n1) = alpha·Σ_i a[i]·B_i[n0..n1) + beta·c, accumulated in a stack buffer.</summary>
    private static void Axpys(in GemmProblem p, float* a, int n0, int n1)
    {
        int width = n1 - n0;
        Span<float> acc = width <= 1024 ? stackalloc float[width] : new float[width];
        acc.Clear();
        fixed (float* s = acc)
        {
            for (int i = 0; i < p.K; i++)
            {
                var x = Vector512.Create(a[i]);
                float xs = a[i];
                float* b = p.B + i * p.Ldb + n0;
                int j = 0;
                for (; j + 16 <= width; j += 16) Vector512.FusedMultiplyAdd(x, Vector512.Load(b + j), Vector512.Load(s + j)).Store(s + j);
                for (; j < width; j++) s[j] += xs * b[j];
            }
            for (int j = 0; j < width; j++) Store(p, n0 + j, s[j]);
        }
    }
}
