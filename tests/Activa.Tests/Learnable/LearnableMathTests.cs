using Activa.Activations.Learnable;

using Activa.Kernels;

namespace Activa.Tests.Learnable;

/// <summary>
/// The sin, cos and arctan of <see cref="LearnableMath"/>: accurate against double math, and the same bits from the
/// scalar, 8-lane and 16-lane paths.
/// </summary>
public class LearnableMathTests
{
    private static float[] Grid(float range, int n, ulong seed)
    {
        var g = new Generator(seed);
        var xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = (float)((g.NextDouble() * 2 - 1) * range);
        // Quadrant boundaries, ties and special points.
        float[] special = [0f, -0f, 1e-30f, MathF.PI / 4, MathF.PI / 2, MathF.PI, 3 * MathF.PI / 4, -MathF.PI / 2, 1f, -1f,
            0.26794919f, 0.5773503f, 1e-4f, 3e4f, float.Epsilon];
        for (int i = 0; i < special.Length && i < n; i++) xs[i] = MathF.Min(MathF.Max(special[i], -range), range);
        return xs;
    }

    private static float[] Apply(Func<Float1, Float1> f1, Func<Float8, Float8> f8, Func<Float16, Float16> f16, float[] xs, int width)
    {
        var y = new float[xs.Length];
        int i = 0;
        if (width == 16)
            for (; i <= xs.Length - 16; i += 16) Float16.Store(f16(Float16.Load(ref xs[i], 0)), ref y[i], 0);
        if (width == 8)
            for (; i <= xs.Length - 8; i += 8) Float8.Store(f8(Float8.Load(ref xs[i], 0)), ref y[i], 0);
        for (; i < xs.Length; i++) y[i] = f1(new Float1(xs[i])).V;
        return y;
    }

    private static void Check(string name, Func<Float1, Float1> f1, Func<Float8, Float8> f8, Func<Float16, Float16> f16,
        Func<double, double> reference, float range, double absTol)
    {
        var xs = Grid(range, 4096, 21);
        var scalar = Apply(f1, f8, f16, xs, 1);
        Assert.Equal(scalar, Apply(f1, f8, f16, xs, 8));
        Assert.Equal(scalar, Apply(f1, f8, f16, xs, 16));
        double worst = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = reference(xs[i]);
            double err = Math.Abs(scalar[i] - r);
            worst = Math.Max(worst, err);
            Assert.True(err <= absTol, $"{name}({xs[i]:R}) = {scalar[i]:R}, expected {r:R} (error {err:G3})");
        }
        Assert.True(worst > 0 || range < 1);
    }

    [Theory]
    [InlineData(4f, 2.5e-7)]
    [InlineData(100f, 2.5e-7)]
    [InlineData(1e4f, 3e-7)]
    [InlineData(1e6f, 6e-7)]
    public void SinIsAccurateAndIdenticalOnEveryPath(float range, double tol) =>
        Check("sin", LearnableMath.Sin, LearnableMath.Sin, LearnableMath.Sin, Math.Sin, range, tol);

    [Theory]
    [InlineData(4f, 2.5e-7)]
    [InlineData(100f, 2.5e-7)]
    [InlineData(1e4f, 3e-7)]
    [InlineData(1e6f, 6e-7)]
    public void CosIsAccurateAndIdenticalOnEveryPath(float range, double tol) =>
        Check("cos", LearnableMath.Cos, LearnableMath.Cos, LearnableMath.Cos, Math.Cos, range, tol);

    [Fact]
    public void SinCosAgreesWithSinAndCos()
    {
        var xs = Grid(300f, 1024, 22);
        foreach (var x in xs)
        {
            LearnableMath.SinCos(new Float1(x), out var s, out var c);
            Assert.Equal(LearnableMath.Sin(new Float1(x)).V, s.V);
            Assert.Equal(LearnableMath.Cos(new Float1(x)).V, c.V);
        }
    }

    // The arctan gate of xATLU: ½ + arctan(x)/π from the zoo's CauchyCdf, through every lane type.
    [Theory]
    [InlineData(2f)]
    [InlineData(1e3f)]
    [InlineData(1e30f)]
    public void CauchyCdfIsAccurateAndIdenticalOnEveryPath(float range) =>
        Check("cauchy-cdf", Float1.CauchyCdf, Float8.CauchyCdf, Float16.CauchyCdf, x => 0.5 + Math.Atan(x) / Math.PI, range, 2.5e-7);

    [Fact]
    public void CauchyCdfLimits()
    {
        Assert.Equal(1f, Float1.CauchyCdf(new Float1(float.PositiveInfinity)).V, 7);
        Assert.Equal(0f, Float1.CauchyCdf(new Float1(float.NegativeInfinity)).V, 7);
        Assert.Equal(0.5f, Float1.CauchyCdf(new Float1(0f)).V);
    }

    [Fact]
    public void SigmoidAndLog1pAreStable()
    {
        foreach (float x in new[] { -1e30f, -100f, -20f, -1f, 0f, 1f, 20f, 100f, 1e30f })
        {
            double r = x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
            Assert.Equal(r, LearnableMath.Sigmoid(new Float1(x)).V, 1e-7 + 1e-6 * r);
        }
        // ln(1 + e) by its series where 1 + e loses digits (double.LogP1 is ln(1 + e) evaluated naively).
        static double Log1p(double e) => e < 1e-5 ? e - e * e / 2 + e * e * e / 3 : Math.Log(1 + e);
        foreach (float e in new[] { 0f, 1e-30f, 1e-9f, 3e-8f, 1e-4f, 0.3f, 1f })
            Assert.Equal(Log1p(e), LearnableMath.Log1p(new Float1(e)).V, 2e-7 * Log1p(e) + 1e-45);
    }

    [Fact]
    public void Log1pPolynomialHoldsItsErrorBoundOnADenseGrid()
    {
        double worst = 0;
        for (int i = 0; i <= 200_000; i++)
        {
            float e = i / 200_000f;
            double exact = e == 0 ? 0 : Math.Log(1 + (double)e);
            double got = LearnableMath.Log1p(new Float1(e)).V;
            if (e > 0) worst = Math.Max(worst, Math.Abs(got - exact) / exact);
        }
        Assert.True(worst <= 2e-7, $"worst relative error {worst:E2}");
        for (float e = 1e-38f; e < 1e-5f; e *= 3.7f) // tiny arguments, where 1 + e loses the digits: the series
            Assert.Equal(e - (double)e * e / 2, LearnableMath.Log1p(new Float1(e)).V, 2e-7 * e);
    }
}
