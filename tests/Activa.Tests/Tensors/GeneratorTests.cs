namespace Activa.Tests.Tensors;

public class GeneratorTests
{
    [Fact]
    public void SameSeedGivesSameBits()
    {
        var a = Tensor.Randn([1000], new Generator(42)).ToArray();
        var b = Tensor.Randn([1000], new Generator(42)).ToArray();
        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits));
        var c = Tensor.Randn([1000], new Generator(43)).ToArray();
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ManualSeedRestartsTheSequence()
    {
        var g = new Generator(7);
        var first = Tensor.Rand([10], g).ToArray();
        g.ManualSeed(7);
        Assert.Equal(first, Tensor.Rand([10], g).ToArray());
    }

    [Fact]
    public void SequenceIsXoshiro256StarStarSeededBySplitMix64()
    {
        // Independent re-implementation of the documented algorithm: the sequence is part of the contract.
        ulong x = 5;
        ulong Split()
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
        ulong[] s = [Split(), Split(), Split(), Split()];
        static ulong Rotl(ulong v, int k) => (v << k) | (v >> (64 - k));
        var g = new Generator(5);
        for (int i = 0; i < 100; i++)
        {
            ulong expected = Rotl(s[1] * 5, 7) * 9;
            ulong t = s[1] << 17;
            s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = Rotl(s[3], 45);
            Assert.Equal(expected, g.NextUInt64());
        }
    }

    [Fact]
    public void UniformAndNormalHaveTheRightMoments()
    {
        var u = Tensor.Uniform([200_000], -2f, 4f, new Generator(3)).ToArray();
        Assert.All(u, v => Assert.InRange(v, -2f, 4f));
        Assert.InRange(u.Average(), 0.97, 1.03);            // mean (a+b)/2 = 1
        Assert.InRange(u.Select(v => (v - 1.0) * (v - 1.0)).Average(), 2.9, 3.1); // (b−a)²/12 = 3
        var n = Tensor.Normal([200_000], 3f, 2f, new Generator(4)).ToArray();
        double mean = n.Average();
        Assert.InRange(mean, 2.98, 3.02);
        Assert.InRange(Math.Sqrt(n.Select(v => (v - mean) * (v - mean)).Average()), 1.98, 2.02);
    }

    [Fact]
    public void NextIntIsInRangeAndShuffleIsAPermutation()
    {
        var g = new Generator(9);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[g.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        var items = Enumerable.Range(0, 50).ToArray();
        g.Shuffle<int>(items);
        Assert.NotEqual(Enumerable.Range(0, 50), items);
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => g.NextInt(0));
    }

    [Fact]
    public void BadDistributionParametersAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Uniform([3], 1f, 0f));
        Assert.Throws<ArgumentException>(() => Tensor.Normal([3], 0f, -1f));
    }
}
