using Activa.Kernels;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>
/// Same seed, same bits: random generation, long reductions and matmul are bit-identical run after run,
/// and the sum does not depend on the thread count. Changes <see cref="Parallelism.Threads"/>, so it runs
/// alone.
/// </summary>
[Collection("GlobalSettings")]
public class DeterminismTests
{
    private static int[] Bits(Tensor t) => t.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void SameSeedGivesTheSameTensors()
    {
        var a = Tensor.Randn([1000], new Generator(7));
        var b = Tensor.Randn([1000], new Generator(7));
        var c = Tensor.Randn([1000], new Generator(8));
        Assert.Equal(Bits(a), Bits(b));
        Assert.NotEqual(Bits(a), Bits(c));
        Assert.Equal(Bits(Tensor.Uniform([999], -1, 1, new Generator(7))), Bits(Tensor.Uniform([999], -1, 1, new Generator(7).ManualSeed(7))));
    }

    [Fact]
    public void SumOfTenMillionIsBitIdenticalAcrossRunsAndThreadCounts()
    {
        var x = Tensor.Uniform([10_000_000], -1, 1, new Generator(2024));
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 2;
            float first = x.Sum().Item();
            float second = x.Sum().Item();
            float axis = x.Reshape(1, -1).Sum(1).Item();
            Parallelism.Threads = 1;
            float serial = x.Sum().Item();
            Parallelism.Threads = 4;
            float four = x.Sum().Item();
            Assert.Equal(BitConverter.SingleToInt32Bits(first), BitConverter.SingleToInt32Bits(second));
            Assert.Equal(BitConverter.SingleToInt32Bits(first), BitConverter.SingleToInt32Bits(serial));
            Assert.Equal(BitConverter.SingleToInt32Bits(first), BitConverter.SingleToInt32Bits(four));
            Assert.Equal(BitConverter.SingleToInt32Bits(first), BitConverter.SingleToInt32Bits(axis));
            // and it is a sum: within rounding of the double-precision value
            double exact = 0, abs = 0;
            foreach (float v in x.ToArray()) { exact += v; abs += Math.Abs(v); }
            Assert.InRange(first, exact - 1e-6 * abs, exact + 1e-6 * abs);
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public void AxisReductionsAndElementwiseAreBitIdenticalAcrossThreadCounts()
    {
        var x = Tensor.Uniform([600, 700], -1, 1, new Generator(99));
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var s1 = Bits(x.Sum(0));
            var m1 = Bits(x.Softmax(-1));
            var e1 = Bits(x.Exp().Mul(x.T.T));
            Parallelism.Threads = 2;
            Assert.Equal(s1, Bits(x.Sum(0)));
            Assert.Equal(m1, Bits(x.Softmax(-1)));
            Assert.Equal(e1, Bits(x.Exp().Mul(x.T.T)));
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public void MatMulThousandSquaredIsBitIdenticalInTwoRuns()
    {
        var g = new Generator(5);
        var a = Tensor.Uniform([1000, 1000], -1, 1, g);
        var b = Tensor.Uniform([1000, 1000], -1, 1, g);
        var first = a.MatMul(b);
        var second = a.MatMul(b);
        Assert.Equal(Bits(first), Bits(second));
        // spot-check a few entries against the double dot product (γ_k bound, see MatMulTests)
        var av = a.ToArray();
        var bv = b.ToArray();
        var y = first.ToArray();
        foreach (var (i, j) in new[] { (0, 0), (999, 999), (123, 877), (500, 1) })
        {
            double s = 0, abs = 0;
            for (int k = 0; k < 1000; k++)
            {
                double p = (double)av[i * 1000 + k] * bv[k * 1000 + j];
                s += p;
                abs += Math.Abs(p);
            }
            Assert.InRange(y[i * 1000 + j], s - 1000 * Math.Pow(2, -23) * abs, s + 1000 * Math.Pow(2, -23) * abs);
        }
    }

    [Fact]
    public void LoweringThreadsLimitsTheThreadsThatRunWork()
    {
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 4;
            Parallelism.For(8, _ => Thread.Sleep(1)); // starts three helper workers
            Parallelism.Threads = 2;
            var seen = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
            Parallelism.For(64, _ =>
            {
                seen[Environment.CurrentManagedThreadId] = true;
                Thread.Sleep(2);
            });
            Assert.InRange(seen.Count, 1, 2);
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }
}
