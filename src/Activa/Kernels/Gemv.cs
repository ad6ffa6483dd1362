using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// Products too thin to pay for packing, computed straight from the operands' storage:
/// <list type="bullet">
/// <item>m = 1 (one input row: batch-1 inference): c = alpha·a·op(B) + beta·c, columns split over the threads;</item>
/// <item>n ≤ <see cref="NarrowColumns"/> with B stored n×k (a Linear layer with few outputs, such as a classifier
/// head): every row of C is such a product of its row of A, rows split over the threads.</item>
/// </list>
/// Work is split in fixed blocks and every output is summed in a fixed order, so results do not depend on the thread
/// count. Each body is written once, generic over the lane type (16, 8 or 1 floats).
/// </summary>
internal static unsafe class Gemv
{
    private const long MinWorkPerThread = 1L << 16;
    private const int ColumnBlock = 64;

    /// <summary>Widest C handled row by row when B is stored n×k.</summary>
    public const int NarrowColumns = 16;

    /// <summary>True for the shapes this class computes faster than the packed kernel.</summary>
    public static bool Applies(in GemmProblem p) =>
        p.M == 1 || (p.N <= NarrowColumns && p.TransB && !p.TransA && p.M >= 4);

    public static void Run(in GemmProblem p, int threads)
    {
        if (p.M == 1) RunRow(p, threads);
        else RunRows(p, threads);
    }

    private static void RunRow(in GemmProblem p, int threads)
    {
        int blocks = (p.N + ColumnBlock - 1) / ColumnBlock;
        int items = Math.Min(blocks, Parallelism.ItemsFor((long)p.N * p.K, MinWorkPerThread, threads));
        if (items <= 1) Columns(p, 0, p.N);
        else Parallelism.For(items, new ColumnBody(p, items, blocks));
    }

    private readonly struct ColumnBody(GemmProblem p, int items, int blocks) : IParallelBody
    {
        public void Run(int index)
        {
            int from = (int)((long)blocks * index / items) * ColumnBlock;
            int to = Math.Min(p.N, (int)((long)blocks * (index + 1) / items) * ColumnBlock);
            Columns(p, from, to);
        }
    }

    private static void RunRows(in GemmProblem p, int threads)
    {
        int items = Math.Min(p.M, Parallelism.ItemsFor((long)p.M * p.N * p.K, MinWorkPerThread, threads));
        if (items <= 1) Rows(p, 0, p.M);
        else Parallelism.For(items, new RowBody(p, items));
    }

    private readonly struct RowBody(GemmProblem p, int items) : IParallelBody
    {
        public void Run(int index) => Rows(p, (int)((long)p.M * index / items), (int)((long)p.M * (index + 1) / items));
    }

    private static void Rows(GemmProblem p, int m0, int m1)
    {
        var row = p;
        row.M = 1;
        for (int i = m0; i < m1; i++)
        {
            row.A = p.A + i * p.Lda;
            row.C = p.C + i * p.Ldc;
            Dots(row, row.A, 0, p.N);
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

    private static void Dots(in GemmProblem p, float* a, int n0, int n1)
    {
        if (Vector512.IsHardwareAccelerated) Dots<Float16>(p, a, n0, n1);
        else if (Vector256.IsHardwareAccelerated) Dots<Float8>(p, a, n0, n1);
        else Dots<Float1>(p, a, n0, n1);
    }

    private static void Axpys(in GemmProblem p, float* a, int n0, int n1)
    {
        if (Vector512.IsHardwareAccelerated) Axpys<Float16>(p, a, n0, n1);
        else if (Vector256.IsHardwareAccelerated) Axpys<Float8>(p, a, n0, n1);
        else Axpys<Float1>(p, a, n0, n1);
    }

    /// <summary>B stored n×k: c[j] = alpha·(a · B_j) + beta·c[j], four rows of B at a time.</summary>
    private static void Dots<TV>(in GemmProblem p, float* a, int n0, int n1) where TV : struct, IFloatLanes<TV>
    {
        int k = p.K, w = TV.Count;
        int j = n0;
        for (; j + 4 <= n1; j += 4)
        {
            float* b0 = p.B + j * p.Ldb, b1 = b0 + p.Ldb, b2 = b1 + p.Ldb, b3 = b2 + p.Ldb;
            TV s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int i = 0;
            for (; i + w <= k; i += w)
            {
                TV x = Load<TV>(a + i);
                s0 = TV.Fma(x, Load<TV>(b0 + i), s0);
                s1 = TV.Fma(x, Load<TV>(b1 + i), s1);
                s2 = TV.Fma(x, Load<TV>(b2 + i), s2);
                s3 = TV.Fma(x, Load<TV>(b3 + i), s3);
            }
            float d0 = TV.Sum(s0), d1 = TV.Sum(s1), d2 = TV.Sum(s2), d3 = TV.Sum(s3);
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
            TV s = 0f;
            int i = 0;
            for (; i + w <= k; i += w) s = TV.Fma(Load<TV>(a + i), Load<TV>(b + i), s);
            float d = TV.Sum(s);
            for (; i < k; i++) d += a[i] * b[i];
            Store(p, j, d);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Load<TV>(float* p) where TV : struct, IFloatLanes<TV> => TV.Load(ref *p, 0);

    private static void Store(in GemmProblem p, int j, float dot) =>
        p.C[j] = p.Beta == 0f ? p.Alpha * dot : p.Alpha * dot + p.Beta * p.C[j];

    /// <summary>B stored k×n: c[n0..n1) = alpha·Σ_i a[i]·B_i[n0..n1) + beta·c, accumulated in a stack buffer.</summary>
    private static void Axpys<TV>(in GemmProblem p, float* a, int n0, int n1) where TV : struct, IFloatLanes<TV>
    {
        int width = n1 - n0, w = TV.Count;
        Span<float> acc = width <= 1024 ? stackalloc float[width] : new float[width];
        acc.Clear();
        fixed (float* s = acc)
        {
            for (int i = 0; i < p.K; i++)
            {
                float xs = a[i];
                TV x = xs;
                float* b = p.B + i * p.Ldb + n0;
                int j = 0;
                for (; j + w <= width; j += w) TV.Store(TV.Fma(x, Load<TV>(b + j), Load<TV>(s + j)), ref s[j], 0);
                for (; j < width; j++) s[j] += xs * b[j];
            }
            for (int j = 0; j < width; j++) Store(p, n0 + j, s[j]);
        }
    }
}
