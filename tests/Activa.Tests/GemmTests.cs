using Activa.Kernels;
using System.Runtime.Intrinsics.X86;

namespace Activa.Tests;

[Collection("GlobalSettings")]
public unsafe class GemmTests
{
    public static readonly TheoryData<int, int, int> Shapes = new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 1000, 3, 17 }, { 33, 65, 129 }, { 1, 300, 1 }, { 300, 1, 300 },
        { 129, 257, 65 }, { 300, 600, 700 }, { 12, 32, 32 }, { 25, 33, 47 }, { 256, 70, 10 }, { 5, 40, 16 },
    };

    public static IEnumerable<object[]> Paths()
    {
        // By name: the enum is internal, and xunit theories must be public.
        yield return ["Scalar"];
        if (Avx2.IsSupported && Fma.IsSupported) yield return ["Avx2"];
        if (Avx512F.IsSupported) yield return ["Avx512"];
    }

    /// <summary>One multiply described by shapes and strides; holds its inputs and the reference.</summary>
    private sealed class Case
    {
        public readonly bool TransA, TransB;
        public readonly int M, N, K, Lda, Ldb, Ldc;
        public readonly float Alpha, Beta;
        public readonly float[] A, B, C0;

        public Case(int m, int k, int n, bool transA, bool transB, float alpha = 1f, float beta = 0f, int pad = 0, int seed = 1)
        {
            M = m; N = n; K = k; TransA = transA; TransB = transB; Alpha = alpha; Beta = beta;
            Lda = (transA ? m : k) + pad;
            Ldb = (transB ? k : n) + pad;
            Ldc = n + pad;
            var rng = new Random(seed);
            A = Fill(rng, (transA ? k : m) * Lda);
            B = Fill(rng, (transB ? n : k) * Ldb);
            C0 = Fill(rng, m * Ldc);
        }

        private static float[] Fill(Random rng, int count)
        {
            var x = new float[count];
            for (int i = 0; i < count; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
            return x;
        }

        public float OpA(int i, int p) => TransA ? A[p * Lda + i] : A[i * Lda + p];
        public float OpB(int p, int j) => TransB ? B[j * Ldb + p] : B[p * Ldb + j];

        public float[] Run()
        {
            var c = (float[])C0.Clone();
            Gemm.Sgemm(TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
            return c;
        }

        /// <summary>Compares against a double-accumulated product, with an error bound scaled by
        /// Σ|a||b| · k · eps (the worst case for a float sum of k terms), and checks padding is untouched.</summary>
        public void Check(float[] c, float[]? c0 = null)
        {
            c0 ??= C0;
            for (int i = 0; i < M; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    double sum = 0, mag = 0;
                    for (int p = 0; p < K; p++)
                    {
                        double x = OpA(i, p), y = OpB(p, j);
                        sum += x * y;
                        mag += Math.Abs(x * y);
                    }
                    double old = c0[i * Ldc + j];
                    double want = Alpha * sum + (Beta == 0 ? 0 : Beta * old);
                    double tol = (Math.Abs(Alpha) * mag + Math.Abs(Beta * old)) * (K + 2) * 6e-8 + 1e-30;
                    double got = c[i * Ldc + j];
                    if (!(Math.Abs(got - want) <= tol))
                        Assert.Fail($"C[{i},{j}] = {got}, want {want} (tol {tol:E2}) for m={M} k={K} n={N} transA={TransA} transB={TransB} alpha={Alpha} beta={Beta} ld=({Lda},{Ldb},{Ldc})");
                }
                for (int j = N; j < Ldc && i * Ldc + j < c.Length; j++)
                    Assert.Equal(c0[i * Ldc + j], c[i * Ldc + j]);
            }
        }
    }

    private static void With(GemmKernelPath path, int threads, Action body)
    {
        var savedPath = Gemm.ForcePath;
        int savedThreads = Parallelism.Threads;
        try
        {
            Gemm.ForcePath = path;
            Parallelism.Threads = threads;
            body();
        }
        finally
        {
            Gemm.ForcePath = savedPath;
            Parallelism.Threads = savedThreads;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AllTransposesMatchReference_AutoPath_TwoThreads(int m, int k, int n)
    {
        With(GemmKernelPath.Auto, 2, () =>
        {
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    var cs = new Case(m, k, n, ta, tb);
                    cs.Check(cs.Run());
                }
        });
    }

    [Fact]
    public void UnpackedPathsKeepAlphaBetaStridesAndThreadIndependence()
    {
        // m = 1 (batch-1 inference) and n ≤ 16 with B stored n×k (a narrow Linear head) skip packing.
        foreach (var (m, k, n) in new[] { (1, 300, 70), (1, 17, 5), (256, 512, 10), (9, 33, 16), (4, 7, 1) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    var cs = new Case(m, k, n, ta, tb, alpha: 0.5f, beta: 2f, pad: 3);
                    float[]? first = null;
                    foreach (int threads in new[] { 1, 2 })
                        With(GemmKernelPath.Auto, threads, () =>
                        {
                            var c = cs.Run();
                            cs.Check(c);
                            if (first == null) first = c;
                            else Assert.Equal(first, c);   // bit for bit
                        });
                }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryKernelPathMatchesReference(string pathName)
    {
        var path = Enum.Parse<GemmKernelPath>(pathName);
        foreach (int threads in new[] { 1, 2 })
            With(path, threads, () =>
            {
                foreach (var (m, k, n) in new[] { (7, 13, 5), (33, 65, 129), (129, 257, 65), (300, 600, 70), (1, 300, 1), (40, 20, 3) })
                    foreach (bool ta in new[] { false, true })
                        foreach (bool tb in new[] { false, true })
                        {
                            var cs = new Case(m, k, n, ta, tb, alpha: 0.75f, beta: 0.5f, pad: 3);
                            cs.Check(cs.Run());
                        }
            });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void LargeProductAboveCacheBlocks(string pathName)
    {
        var path = Enum.Parse<GemmKernelPath>(pathName);
        With(path, 2, () =>
        {
            var cs = new Case(300, 600, 700, false, true, alpha: 1f, beta: 1f);
            cs.Check(cs.Run());
        });
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(2.5f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(-0.5f, 2f)]
    [InlineData(0f, 0.5f)]
    [InlineData(0f, 0f)]
    public void AlphaBeta(float alpha, float beta)
    {
        foreach (int threads in new[] { 1, 2 })
            With(GemmKernelPath.Auto, threads, () =>
            {
                foreach (var (m, k, n) in new[] { (33, 65, 129), (5, 7, 3), (64, 300, 64) })
                {
                    var cs = new Case(m, k, n, false, false, alpha, beta, pad: 2);
                    cs.Check(cs.Run());
                }
            });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void BetaZeroIgnoresNaNInC(string pathName)
    {
        var path = Enum.Parse<GemmKernelPath>(pathName);
        With(path, 2, () =>
        {
            foreach (var (m, k, n) in new[] { (33, 65, 129), (2, 3, 5), (13, 0, 7) })
            {
                var cs = new Case(m, k, n, false, true);
                var c = new float[m * n];
                Array.Fill(c, float.NaN);
                Gemm.Sgemm(false, true, m, n, k, 1f, cs.A, cs.Lda, cs.B, cs.Ldb, 0f, c, n);
                Assert.DoesNotContain(c, float.IsNaN);
                cs.Check(c, new float[m * n]);
            }
        });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void SubmatrixStridesLeavePaddingAlone(string pathName)
    {
        var path = Enum.Parse<GemmKernelPath>(pathName);
        With(path, 2, () =>
        {
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    var cs = new Case(45, 37, 70, ta, tb, alpha: 1f, beta: 0.25f, pad: 17);
                    cs.Check(cs.Run());
                }
        });
    }

    [Fact]
    public void ResultsAreBitIdenticalAcrossRunsAndThreadCounts()
    {
        foreach (var (m, k, n) in new[] { (300, 600, 700), (64, 512, 512), (32, 64, 64), (1000, 3, 17) })
        {
            var cs = new Case(m, k, n, false, true, beta: 0.5f);
            float[]? first = null;
            foreach (int threads in new[] { 2, 2, 1, 2 })
                With(GemmKernelPath.Auto, threads, () =>
                {
                    var c = cs.Run();
                    if (first == null) first = c;
                    else Assert.True(first.AsSpan().SequenceEqual(c), $"{m}×{k}×{n} differs at {threads} threads");
                });
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BatchedWithBroadcastMatchesPerItemProducts(int threads)
    {
        const int batch = 5, m = 9, k = 31, n = 20;
        var rng = new Random(3);
        float[] Rand(int count) => Enumerable.Range(0, count).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var a = Rand(batch * m * k);
        var w = Rand(n * k); // one weight for the whole batch (stride 0), used transposed
        var c = Rand(batch * m * n);
        var expected = (float[])c.Clone();
        With(GemmKernelPath.Auto, threads, () =>
        {
            for (int i = 0; i < batch; i++)
                Gemm.Sgemm(false, true, m, n, k, 1.5f, a.AsSpan(i * m * k), k, w, k, 0.5f, expected.AsSpan(i * m * n), n);
            fixed (float* pa = a, pw = w, pc = c)
                Gemm.SgemmBatched(batch, false, true, m, n, k, 1.5f, pa, k, m * k, pw, k, 0, 0.5f, pc, n, m * n);
        });
        Assert.Equal(expected, c);
    }

    [Fact]
    public void BatchedLargeProductsMatchReference()
    {
        const int batch = 3, m = 200, k = 150, n = 130;
        var cases = Enumerable.Range(0, batch).Select(i => new Case(m, k, n, true, false, seed: 10 + i)).ToArray();
        var a = cases.SelectMany(x => x.A).ToArray();
        var b = cases.SelectMany(x => x.B).ToArray();
        var c = new float[batch * m * n];
        With(GemmKernelPath.Auto, 2, () =>
        {
            fixed (float* pa = a, pb = b, pc = c)
                Gemm.SgemmBatched(batch, true, false, m, n, k, 1f, pa, m, k * m, pb, n, k * n, 0f, pc, n, m * n);
        });
        for (int i = 0; i < batch; i++)
            cases[i].Check(c.AsSpan(i * m * n, m * n).ToArray());
    }

    [Fact]
    public void OpenBlasBackendAgreesWhenAvailable()
    {
        if (!Gemm.OpenBlasAvailable)
        {
            Console.WriteLine("OpenBLAS (libopenblas.so.0) not found; skipping the OpenBLAS comparison.");
            return;
        }
        foreach (int threads in new[] { 1, 2 })
            With(GemmKernelPath.Auto, threads, () =>
            {
                try
                {
                    Gemm.Backend = GemmBackend.OpenBlas;
                    foreach (bool ta in new[] { false, true })
                        foreach (bool tb in new[] { false, true })
                        {
                            var cs = new Case(129, 257, 65, ta, tb, alpha: 0.5f, beta: 2f, pad: 1);
                            cs.Check(cs.Run());
                        }
                }
                finally { Gemm.Backend = GemmBackend.Managed; }
            });
    }

    [Fact]
    public void OpenBlasBackendThrowsClearlyWhenMissing()
    {
        if (Gemm.OpenBlasAvailable) return;
        var e = Assert.Throws<InvalidOperationException>(() => Gemm.Backend = GemmBackend.OpenBlas);
        Assert.Contains("OpenBLAS", e.Message);
    }

    [Fact]
    public void OpenBlasCoreTypeIsReportedAndFixedOnceLoaded()
    {
        Assert.Throws<ArgumentException>(() => Gemm.UseOpenBlasCoreType(" "));
        if (!Gemm.OpenBlasAvailable)
        {
            Assert.Null(Gemm.OpenBlasCore);
            return;
        }
        string core = Assert.IsType<string>(Gemm.OpenBlasCore);
        Assert.NotEmpty(core);
        Gemm.UseOpenBlasCoreType(core.ToUpperInvariant());   // the family already running: accepted
        var e = Assert.Throws<InvalidOperationException>(() => Gemm.UseOpenBlasCoreType("NoSuchCore"));
        Assert.Contains(core, e.Message);
        Assert.Contains("OPENBLAS_CORETYPE", e.Message);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithNames()
    {
        var a = new float[12];
        var b = new float[12];
        var c = new float[12];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, -1, 2, 2, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, 2, -2, 2, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, 2, 2, -3, 1f, a, 2, b, 2, 0f, c, 2));

        var e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 3, 4, 1f, a, 4, b, 3, 0f, c, 3));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("16", e.Message);
        Assert.Contains("12", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, true, 2, 5, 3, 1f, a, 3, b, 3, 0f, c, 5));
        Assert.Equal("b", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 3, 5, 2, 1f, a, 2, b, 5, 0f, c, 5));
        Assert.Equal("c", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Equal("lda", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(true, false, 3, 2, 2, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Equal("lda", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 3, 2, 1f, a, 2, b, 3, 0f, c, 2));
        Assert.Equal("ldc", e.ParamName);
        fixed (float* pa = a, pb = b, pc = c)
        {
            float* xa = pa, xb = pb, xc = pc;
            Assert.Throws<ArgumentException>(() => Gemm.SgemmBatched(2, false, false, 2, 2, 2, 1f, xa, 2, 4, xb, 2, 4, 0f, xc, 2, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.SgemmBatched(-1, false, false, 2, 2, 2, 1f, xa, 2, 4, xb, 2, 4, 0f, xc, 2, 4));
        }
    }

    [Fact]
    public void EmptyProductsScaleC()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Sgemm(false, false, 2, 2, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 2, 3f, c, 2);
        Assert.Equal(new float[] { 3, 6, 9, 12 }, c);
        Gemm.Sgemm(false, false, 0, 2, 5, 1f, ReadOnlySpan<float>.Empty, 5, new float[10], 2, 0f, Span<float>.Empty, 2);
    }
}
