using System.Runtime.InteropServices;

namespace Activa.Kernels;

/// <summary>One validated SGEMM call, row-major: C[m×n] = alpha·op(A)·op(B) + beta·C.</summary>
internal unsafe struct GemmProblem
{
    public bool TransA, TransB;
    public int M, N, K;
    public float Alpha, Beta;
    public float* A, B, C;
    public nint Lda, Ldb, Ldc;
    /// <summary>Applied to each tile of C once its last K block is in (bias, activation); inactive by default.</summary>
    public GemmEpilogue Epilogue;
    /// <summary>op(B) packed beforehand for this kernel (<see cref="PackedMatrix"/>), or null: then B is packed per call.</summary>
    public float* PackedB;
    /// <summary>The packed B's <see cref="PackedMatrix.Stride"/>.</summary>
    public nint PackedStride;
}

/// <summary>
/// The GotoBLAS-style loop nest around a micro-kernel: cache blocking, packing and the split of C
/// over threads.
/// </summary>
/// <remarks>
/// <para>Loop order (outer to inner): M blocks of <see cref="MC"/> rows; K blocks of <see cref="KC"/>
/// (pack the A block once); N blocks of <see cref="NC"/> (pack the B block); MR-row strips of A;
/// NR-column strips of B. One packed A strip (MR×KC, 12 KiB for AVX-512) stays in L1 while the B block
/// (KC×NC, 512 KiB) streams from the 1 MiB L2 of a Zen 4/5 core; the A block only has to live in L3. Kernels that
/// set <see cref="IGemmMicroKernel.L2BlockRows"/> (AVX2) run BLIS's order instead (<see cref="RectangleL2"/>).</para>
/// <para>Threads own disjoint rectangles of C and each runs the whole K loop for its rectangle, so the
/// summation order of every element is fixed by KC alone: results are bit-identical for any thread
/// count and any scheduling. The price is that a rectangle packs its own A and B blocks; the grid is
/// chosen to keep that duplicated packing small.</para>
/// </remarks>
internal static unsafe class GemmDriver<TK> where TK : struct, IGemmMicroKernel
{
    /// <summary>Depth of one rank-KC update; fixed, because it sets the summation order.</summary>
    public const int KC = 256;

    private static int NC => TK.NR * (512 / TK.NR);
    private static int MC => TK.MR * (1008 / TK.MR);

    /// <summary>Below this many multiply-adds per thread a fork costs more than it saves.</summary>
    /// <remarks>Measured on the 2-core Zen machine: waking the pool costs ~10 µs, so a 2-thread split
    /// loses up to about 2M multiply-adds (64×128×128 ran at 140 GFLOP/s on 1 thread, 70 on 2).</remarks>
    private const long MinWorkPerThread = 1L << 20;

    /// <summary>
    /// B is read in place (no packing) when it is not transposed and the A block has at most this many
    /// strips: packing B then costs about as much as the few times each B value is used.
    /// </summary>
    private const int DirectBMaxStrips = 3;

    public static void Run(in GemmProblem p, int threads)
    {
        var (mParts, nParts) = ChooseGrid(p.M, p.N, p.K, threads);
        if (mParts * nParts == 1)
        {
            Rectangle(p, 0, p.M, 0, p.N);
            return;
        }
        int mr = TK.MR, nr = TK.NR;
        int mStep = CeilDiv(CeilDiv(p.M, mr), mParts) * mr;
        int nStep = CeilDiv(CeilDiv(p.N, nr), nParts) * nr;
        mParts = CeilDiv(p.M, mStep);
        nParts = CeilDiv(p.N, nStep);
        Parallelism.For(mParts * nParts, new RectangleBody(p, nParts, mStep, nStep));
    }

    private readonly struct RectangleBody(GemmProblem p, int nParts, int mStep, int nStep) : IParallelBody
    {
        public void Run(int index)
        {
            int mi = index / nParts, ni = index % nParts;
            int m0 = mi * mStep, n0 = ni * nStep;
            Rectangle(p, m0, Math.Min(p.M, m0 + mStep), n0, Math.Min(p.N, n0 + nStep));
        }
    }

    /// <summary>
    /// Picks an mParts×nParts split of C for the given thread count, minimising the slowest
    /// rectangle's compute plus its (duplicated) packing.
    /// </summary>
    internal static (int MParts, int NParts) ChooseGrid(int m, int n, int k, int threads)
    {
        if (threads <= 1) return (1, 1);
        int items = Parallelism.ItemsFor((long)m * n * k, MinWorkPerThread, threads);
        if (items <= 1) return (1, 1);
        int mStrips = CeilDiv(m, TK.MR), nStrips = CeilDiv(n, TK.NR);
        (int, int) best = (1, 1);
        double bestCost = double.MaxValue;
        for (int mp = 1; mp <= items; mp++)
        {
            if (items % mp != 0) continue;
            int np = items / mp;
            if (mp > mStrips || np > nStrips) continue;
            double mi = CeilDiv(mStrips, mp) * TK.MR, ni = CeilDiv(nStrips, np) * TK.NR;
            // A packed element costs roughly as much as ~16 multiply-adds of the kernel.
            double cost = mi * ni + 16 * (mi + ni);
            if (cost < bestCost) { bestCost = cost; best = (mp, np); }
        }
        return best;
    }

    /// <summary>Columns per B block in the L2-resident order: the packed block (KC×NC) lives in L3.</summary>
    private const int L3BlockColumns = 2048;

    /// <summary>Computes rows [m0, m1) × columns [n0, n1) of C over the full K range.</summary>
    private static void Rectangle(in GemmProblem p, int m0, int m1, int n0, int n1)
    {
        if (TK.L2BlockRows > 0 && !(!p.TransB && p.PackedB == null && CeilDiv(m1 - m0, TK.MR) <= DirectBMaxStrips))
        {
            RectangleL2(p, m0, m1, n0, n1);
            return;
        }
        int mr = TK.MR, nr = TK.NR;
        var buffers = GemmBuffers.Current;
        float* aPack = buffers.A(CeilDiv(Math.Min(MC, m1 - m0), mr) * mr * Math.Min(KC, p.K) + GemmPacking.Slack);
        float* bPack = buffers.B(CeilDiv(Math.Min(NC, n1 - n0), nr) * nr * Math.Min(KC, p.K) + GemmPacking.Slack);

        for (int ic = m0; ic < m1; ic += MC)
        {
            int mc = Math.Min(MC, m1 - ic);
            bool directB = !p.TransB && p.PackedB == null && CeilDiv(mc, mr) <= DirectBMaxStrips;
            for (int pc = 0; pc < p.K; pc += KC)
            {
                int kc = Math.Min(KC, p.K - pc);
                float beta = pc == 0 ? p.Beta : 1f;
                bool lastK = pc + kc == p.K;
                GemmPacking.PackA(p.TransA, p.A, p.Lda, ic, pc, mc, kc, mr, aPack);
                for (int jc = n0; jc < n1; jc += NC)
                {
                    int nc = Math.Min(NC, n1 - jc);
                    int nFull = directB ? nc / nr * nr : 0;
                    float* bBlock = p.PackedB != null ? p.PackedB + pc * p.PackedStride + (nint)jc * kc : bPack;
                    if (nFull < nc && p.PackedB == null)
                        GemmPacking.PackB(p.TransB, p.B, p.Ldb, pc, jc + nFull, kc, nc - nFull, nr, bPack + (nint)nFull * kc);
                    float* bDirect = p.B + (nint)pc * p.Ldb + jc;
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        int rows = Math.Min(mr, mc - ir);
                        float* a = aPack + (nint)ir * kc;
                        float* c = p.C + (nint)(ic + ir) * p.Ldc + jc;
                        int jr = 0;
                        for (; jr < nFull; jr += nr)
                            TK.Run(kc, a, bDirect + jr, p.Ldb, c + jr, p.Ldc, rows, nr, p.Alpha, beta);
                        for (; jr < nc; jr += nr)
                            TK.Run(kc, a, bBlock + (nint)jr * kc, nr, c + jr, p.Ldc, rows, Math.Min(nr, nc - jr), p.Alpha, beta);
                        if (lastK && p.Epilogue.Active) p.Epilogue.Apply(c, p.Ldc, ic + ir, jc, rows, nc);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The same product in the order of BLIS: N blocks (pack B, KC×NC, into L3), K blocks, M blocks of
    /// <see cref="IGemmMicroKernel.L2BlockRows"/> (pack A into L2), then B strips outside A strips, so one packed
    /// B strip (KC×NR) stays in L1 while the A block streams from L2: a core then needs a 240-row A block in L2
    /// instead of a 512 KiB B block. Used by the AVX2 kernel (on the 2-core Zen 3 machine of 2026-12-06 the two-thread
    /// medians of the GEMM benchmark moved from 0.80 / 0.83 / 1.02 / 1.08 to 0.87 / 0.81 / 1.14 / 1.08 of OpenBLAS, within
    /// that machine's noise). Each element of C still sums its K blocks in ascending order, so results are
    /// bit-identical to <see cref="Rectangle"/>.
    /// </summary>
    private static void RectangleL2(in GemmProblem p, int m0, int m1, int n0, int n1)
    {
        int mr = TK.MR, nr = TK.NR, mcMax = TK.L2BlockRows;
        var buffers = GemmBuffers.Current;
        float* aPack = buffers.A(CeilDiv(Math.Min(mcMax, m1 - m0), mr) * mr * Math.Min(KC, p.K) + GemmPacking.Slack);
        float* bPack = buffers.B(CeilDiv(Math.Min(L3BlockColumns, n1 - n0), nr) * nr * Math.Min(KC, p.K) + GemmPacking.Slack);
        for (int jc = n0; jc < n1; jc += L3BlockColumns)
        {
            int nc = Math.Min(L3BlockColumns, n1 - jc);
            for (int pc = 0; pc < p.K; pc += KC)
            {
                int kc = Math.Min(KC, p.K - pc);
                float beta = pc == 0 ? p.Beta : 1f;
                bool lastK = pc + kc == p.K;
                float* bBlock = p.PackedB != null ? p.PackedB + pc * p.PackedStride + (nint)jc * kc : bPack;
                if (p.PackedB == null) GemmPacking.PackB(p.TransB, p.B, p.Ldb, pc, jc, kc, nc, nr, bPack);
                for (int ic = m0; ic < m1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m1 - ic);
                    GemmPacking.PackA(p.TransA, p.A, p.Lda, ic, pc, mc, kc, mr, aPack);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        float* b = bBlock + (nint)jr * kc;
                        int cols = Math.Min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr)
                            TK.Run(kc, aPack + (nint)ir * kc, b, nr, p.C + (nint)(ic + ir) * p.Ldc + jc + jr, p.Ldc,
                                   Math.Min(mr, mc - ir), cols, p.Alpha, beta);
                        if (lastK && p.Epilogue.Active) p.Epilogue.Apply(p.C + (nint)ic * p.Ldc + jc + jr, p.Ldc, ic, jc + jr, mc, cols);
                    }
                }
            }
        }
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}

/// <summary>Per-thread packing buffers, grown on demand and reused across calls.</summary>
/// <remarks>Native, 64-byte aligned memory keeps packed strips on cache-line boundaries and off the GC
/// heap. The finaliser frees them when a thread that used GEMM dies.</remarks>
internal sealed unsafe class GemmBuffers
{
    [ThreadStatic] private static GemmBuffers? t_current;

    private float* _a, _b;
    private nint _aCap, _bCap;

    public static GemmBuffers Current => t_current ??= new GemmBuffers();

    public float* A(nint floats) => Ensure(ref _a, ref _aCap, floats);

    public float* B(nint floats) => Ensure(ref _b, ref _bCap, floats);

    private static float* Ensure(ref float* ptr, ref nint cap, nint floats)
    {
        if (floats <= cap) return ptr;
        if (ptr != null) NativeMemory.AlignedFree(ptr);
        ptr = null;
        cap = 0;
        ptr = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        cap = floats;
        return ptr;
    }

    ~GemmBuffers()
    {
        if (_a != null) NativeMemory.AlignedFree(_a);
        if (_b != null) NativeMemory.AlignedFree(_b);
    }
}
