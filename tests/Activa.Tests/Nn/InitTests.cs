using Activa.Nn;
using static Activa.Tests.Nn.NnReference;

namespace Activa.Tests.Nn;

/// <summary>
/// Initialisation schemes: variance (from the papers' formulas, with fan_in the second dimension of
/// [fanOut, fanIn]), distribution family (uniform bounds / normal kurtosis), zero mean, seeding; and the
/// biases that go with them. About 10⁵ draws each, so a 2.5% tolerance on the variance is beyond 5σ.
/// </summary>
public class InitTests
{
    private const int FanOut = 256, FanIn = 400;

    public static TheoryData<Init, double, bool> Schemes() => new()
    {
        // scheme, expected variance, uniform?
        { Init.Default, 1.0 / (3 * FanIn), true },                  // U(±1/√fan_in)
        { Init.KaimingUniform, 2.0 / FanIn, true },                 // U(±√(6/fan_in))
        { Init.KaimingNormal, 2.0 / FanIn, false },
        { Init.XavierUniform, 2.0 / (FanIn + FanOut), true },       // U(±√(6/(fan_in+fan_out)))
        { Init.XavierNormal, 2.0 / (FanIn + FanOut), false },
        { Init.LeCunNormal, 1.0 / FanIn, false },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void VarianceMeanAndFamily(Init scheme, double expectedVar, bool uniform)
    {
        var w = Initializer.Weight(scheme, FanOut, FanIn, new Generator(1100));
        Assert.Equal([FanOut, FanIn], w.Shape.ToArray());
        var v = w.ToArray();
        var (mean, var) = Moments(v);
        Assert.InRange(var, expectedVar * 0.975, expectedVar * 1.025);
        Assert.InRange(mean, -5 * Math.Sqrt(expectedVar / v.Length), 5 * Math.Sqrt(expectedVar / v.Length));
        double kurtosis = v.Average(x => Math.Pow(x - mean, 4)) / (var * var);
        if (uniform)
        {
            double bound = Math.Sqrt(3 * expectedVar);
            Assert.True(v.Max(Math.Abs) <= bound * (1 + 1e-6), $"{v.Max(Math.Abs)} outside ±{bound}");
            Assert.True(v.Max(Math.Abs) > 0.99 * bound);
            Assert.InRange(kurtosis, 1.75, 1.85); // uniform: 9/5
        }
        else
        {
            Assert.InRange(kurtosis, 2.9, 3.1);   // normal: 3
        }
    }

    public static TheoryData<Init> AllSchemes() => [.. Enum.GetValues<Init>()];

    [Theory]
    [MemberData(nameof(AllSchemes))]
    public void SameSeedSameWeights(Init scheme)
    {
        var a = Initializer.Weight(scheme, 30, 20, new Generator(5)).ToArray();
        Assert.Equal(a, Initializer.Weight(scheme, 30, 20, new Generator(5)).ToArray());
        Assert.NotEqual(a, Initializer.Weight(scheme, 30, 20, new Generator(6)).ToArray());
    }

    [Fact]
    public void FanInIsTheSecondDimension()
    {
        // Kaiming depends on fan_in only: [64, 1024] has variance 2/1024, [1024, 64] has 2/64
        var (_, narrow) = Moments(Initializer.Weight(Init.KaimingNormal, 64, 1024, new Generator(1101)).ToArray());
        var (_, wide) = Moments(Initializer.Weight(Init.KaimingNormal, 1024, 64, new Generator(1102)).ToArray());
        Assert.InRange(narrow, 2.0 / 1024 * 0.97, 2.0 / 1024 * 1.03);
        Assert.InRange(wide, 2.0 / 64 * 0.97, 2.0 / 64 * 1.03);
    }

    [Fact]
    public void DefaultBiasIsUniformInPlusMinusOneOverRootFanInOthersZero()
    {
        var b = Initializer.Bias(Init.Default, 20_000, 16, new Generator(1103)).ToArray();
        Assert.All(b, x => Assert.InRange(x, -0.25f, 0.25f));
        var (_, var) = Moments(b);
        Assert.InRange(var, 1.0 / 48 * 0.95, 1.0 / 48 * 1.05);
        foreach (var scheme in new[] { Init.KaimingUniform, Init.KaimingNormal, Init.XavierUniform, Init.XavierNormal, Init.LeCunNormal })
            Assert.All(Initializer.Bias(scheme, 7, 3).ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void LinearUsesTheScheme()
    {
        var layer = new Linear(FanIn, FanOut, init: Init.KaimingNormal, generator: new Generator(1104));
        var (_, var) = Moments(layer.Weight.ToArray());
        Assert.InRange(var, 2.0 / FanIn * 0.975, 2.0 / FanIn * 1.025);
        Assert.All(layer.Bias!.ToArray(), x => Assert.Equal(0f, x));

        var plain = new Linear(FanIn, FanOut, generator: new Generator(1105));
        double bound = 1 / Math.Sqrt(FanIn);
        Assert.InRange(plain.Weight.ToArray().Min(), -bound, bound);
        Assert.InRange(plain.Weight.ToArray().Max(), -bound, bound);
        Assert.All(plain.Bias!.ToArray(), x => Assert.InRange(x, -bound, bound));
        Assert.Contains(plain.Bias!.ToArray(), x => x != 0f);
    }

    [Fact]
    public void UnknownSchemeThrows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializer.Weight((Init)99, 2, 2));
}
