namespace Activa;

/// <summary>
/// A seedable random number generator with a fixed, documented sequence, so that a seed reproduces a run
/// bit for bit on any machine.
/// </summary>
/// <remarks>
/// The core is xoshiro256** (Blackman and Vigna, 2018), its 256-bit state filled from the 64-bit seed by
/// SplitMix64. <see cref="NextFloat"/> takes the top 24 bits of the next 64-bit output: (x &gt;&gt; 40)·2⁻²⁴,
/// uniform on [0, 1). <see cref="NextNormal"/> uses the Box–Muller transform in double precision on two
/// 53-bit uniforms, returning both values of a pair in turn. Tensors are filled in row-major order.
/// </remarks>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>The generator used when an op is given none. Seeded with 0 at start-up; reseed with <see cref="ManualSeed"/>.</summary>
    public static Generator Default { get; } = new(0);

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed) => ManualSeed(seed);

    /// <summary>Resets the sequence to the one that <paramref name="seed"/> defines.</summary>
    public Generator ManualSeed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _hasSpare = false;
        return this;
    }

    /// <summary>The full state (xoshiro words and the pending Box–Muller value), for checkpoints.</summary>
    public GeneratorState GetState() => new(_s0, _s1, _s2, _s3, _hasSpare, _spareNormal);

    /// <summary>Restores a state from <see cref="GetState"/>: the sequence continues exactly from there.</summary>
    public void SetState(GeneratorState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0) throw new ArgumentException("An all-zero xoshiro256** state is invalid.");
        (_s0, _s1, _s2, _s3, _hasSpare, _spareNormal) = (state.S0, state.S1, state.S2, state.S3, state.HasSpare, state.Spare);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="n"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "NextInt needs a positive bound.");
        ulong bound = (ulong)n;
        while (true)
        {
            ulong r = NextUInt64() >> 32;
            ulong m = r * bound;
            if ((uint)m >= (uint)((0x1_0000_0000UL - bound) % bound)) return (int)(m >> 32);
        }
    }

    /// <summary>Standard normal sample (Box–Muller in double precision).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log never sees 0
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double theta = 2.0 * Math.PI * u2;
        _spareNormal = r * Math.Sin(theta);
        _hasSpare = true;
        return r * Math.Cos(theta);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates, from the last element down).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>A snapshot of a <see cref="Generator"/>: the four xoshiro256** words and the pending normal, if any.</summary>
public sealed record GeneratorState(ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpare, double Spare);
