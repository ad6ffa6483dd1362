using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Kernels;
using Activa.Losses;
using Activa.Nn;
using Activa.Optim;
using Activa.Tests.Nn;
using static Activa.Tests.Learnable.LearnableTestSupport;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Learnable;

/// <summary>
/// PAU: P(x)/Q(x) with the safe denominators A–D against a double reference written from the formulas, gradients
/// by finite differences of that reference in every sharing mode, the least-squares initialisation, training,
/// serialisation, options and registry.
/// </summary>
public class PauTests
{
    /// <summary>The formula: P = Σ aᵢxⁱ; A: 1 + Σ|bⱼxʲ|; B, D: 1 + |Σ bⱼxʲ| (j = 1..n); C: 0.1 + |Σ_{k=0..n−1} b_k xᵏ|.</summary>
    private static double Formula(double x, ReadOnlySpan<double> a, ReadOnlySpan<double> b, RationalVersion v)
    {
        double p = 0;
        for (int i = 0; i < a.Length; i++) p += a[i] * Math.Pow(x, i);
        double q;
        switch (v)
        {
            case RationalVersion.A:
                q = 1;
                for (int j = 1; j <= b.Length; j++) q += Math.Abs(b[j - 1] * Math.Pow(x, j));
                break;
            case RationalVersion.C:
            {
                double s = 0;
                for (int k = 0; k < b.Length; k++) s += b[k] * Math.Pow(x, k);
                q = 0.1 + Math.Abs(s);
                break;
            }
            default:
            {
                double s = 0;
                for (int j = 1; j <= b.Length; j++) s += b[j - 1] * Math.Pow(x, j);
                q = 1 + Math.Abs(s);
                break;
            }
        }
        return p / q;
    }

    /// <summary>Reference over [x, numerator, denominator] for a [N, C, inner] input.</summary>
    private static Func<double[][], double[]> Reference(int m, int n, RationalVersion v, ParameterSharing sharing, int channels, int groups, int inner, double[]? noise = null) =>
        args =>
        {
            var x = args[0];
            var y = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                int s = SetOf(sharing, channels, groups, ChannelOf(i, channels, inner));
                var a = args[1].AsSpan(s * (m + 1), m + 1).ToArray();
                if (noise != null)
                    for (int k = 0; k <= m; k++) a[k] = (float)((float)a[k] * (float)noise[s * (m + 1) + k]);
                y[i] = Formula(x[i], a, args[2].AsSpan(s * n, n), v);
            }
            return y;
        };

    /// <summary>Coefficients whose absolute values stay away from their kinks on 0.2 ≤ |x| ≤ 2 (see the test's comments).</summary>
    private static void KinkFreeCoefficients(Pau pau, Generator g)
    {
        int sets = pau.Groups, m = pau.M, n = pau.N;
        var a = new float[sets * (m + 1)];
        var b = new float[sets * n];
        for (int s = 0; s < sets; s++)
        {
            for (int i = 0; i <= m; i++) a[s * (m + 1) + i] = (g.NextFloat() - 0.5f) * (i == 1 ? 1f : 0.6f) + (i == 1 ? 1f : 0f);
            for (int j = 0; j < n; j++)
            {
                float r = 2 * g.NextFloat() - 1;
                b[s * n + j] = pau.Version switch
                {
                    // A: |bⱼ| has a kink at bⱼ = 0, so keep |bⱼ| ≥ 0.1.
                    RationalVersion.A => (r < 0 ? -1 : 1) * (0.1f + 0.4f * Math.Abs(r)),
                    // C: b₀ = 0.8 and b₂ ≥ 0.3 dominate the odd terms, so Σ b_k xᵏ > 0 on [−2, 2].
                    RationalVersion.C => j == 0 ? 0.8f : j % 2 == 0 ? 0.3f + 0.1f * r : 0.05f * r,
                    // B, D: even powers dominate, so Σ bⱼxʲ > 0 for 0.2 ≤ |x| ≤ 2.
                    _ => j % 2 == 1 ? 0.4f + 0.2f * r : 0.02f * r,
                };
            }
        }
        using (Tensor.NoGrad())
        {
            pau.Numerator.CopyFrom(Tensor.FromArray(a, sets, m + 1));
            pau.Denominator.CopyFrom(Tensor.FromArray(b, sets, n));
        }
    }

    public static TheoryData<RationalVersion, int[]> VersionsAndShapes()
    {
        var data = new TheoryData<RationalVersion, int[]>();
        foreach (var v in new[] { RationalVersion.A, RationalVersion.B, RationalVersion.C, RationalVersion.D })
        {
            data.Add(v, [5, 6]);
            data.Add(v, [2, 6, 5]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VersionsAndShapes))]
    public void ValuesAndGradientsMatchTheFormulaInEverySharingMode(RationalVersion version, int[] shape)
    {
        int channels = shape[1], inner = shape.Length == 3 ? shape[2] : 1;
        foreach (var (sharing, groups) in Modes(channels, 3))
        {
            var g = new Generator(40 + (ulong)version);
            var pau = new Pau(channels, 5, 4, version, sharing: sharing, groups: groups);
            pau.Eval(); // D adds noise only in training
            KinkFreeCoefficients(pau, g);
            var x = AwayFromZero(g, 0.2f, 2f, shape);
            var reference = Reference(5, 4, version, sharing, channels, groups, inner);
            var expected = reference([Values(x), Values(pau.Numerator), Values(pau.Denominator)]);
            AssertClose(expected, pau.Forward(x), rtol: 2e-6, atol: 2e-6, what: $"{version} {sharing}");
            ModuleGradCheck.Check(pau, x, reference);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(16)]
    public void TheWrittenOutDefaultKernelAgreesWithTheGenericKernels(int width)
    {
        // Degrees 5/4 of versions B and D run PauSafe54 (K = 10 written out); the loop kernel on the same slots and on
        // the zero-padded 10/10 slots (higher degrees) must give the same values, input gradients and coefficient sums,
        // on a size with several work items and a ragged tail.
        if (width == 16 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        if (width == 8 && !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) return;
        int n = 3 * SetPlan.Chunk + 37;
        var g = new Generator(9);
        var x = Tensor.Uniform([n, 1], -4f, 4f, g);
        var dy = Tensor.Uniform([n, 1], -1f, 1f, g);
        var fit = Rational.Fit("gelu", 5, 4);
        (float[] Y, float[] Gx, double[] Sums) Run<TOp>() where TOp : struct, ISetKernel, IPauSlots => LearnableKit.WithWidth(width, () =>
        {
            var coef = new float[TOp.CoefficientCount];
            for (int i = 0; i <= 5; i++) coef[i] = (float)fit.Numerator[i];
            for (int j = 0; j < 4; j++) coef[TOp.M + 1 + j] = (float)fit.Denominator[j];
            var plan = SetPlan.Make(n, 1, 1, x.Shape);
            var y = new float[n];
            var gx = new float[n];
            SetKernel.Forward<TOp>(plan, x.Storage, x.Offset, y, coef);
            var sums = SetKernel.Backward<TOp>(plan, x.Storage, x.Offset, dy.Storage, dy.Offset, gx, coef);
            return (y, gx, sums[..6].Concat(sums[(TOp.M + 1)..(TOp.M + 5)]).ToArray());
        });
        var fast = Run<PauSafe54>();
        foreach (var generic in new[] { Run<PauKernel<PauFormB, PauSlots54>>(), Run<PauKernel<PauFormB, PauSlots1010>>() })
        {
            Assert.Equal(generic.Y, fast.Y);
            Assert.Equal(generic.Gx, fast.Gx);
            Assert.Equal(generic.Sums, fast.Sums);
        }
    }

    [Fact]
    public void VersionDAddsSeededNumeratorNoiseInTrainingOnlyAndDifferentiatesThroughIt()
    {
        const ulong seed = 77;
        int channels = 4;
        var gen = new Generator(seed);
        var pau = new Pau(channels, 5, 4, RationalVersion.D, sharing: ParameterSharing.Group, groups: 2, noise: 0.1, generator: gen);
        KinkFreeCoefficients(pau, new Generator(3));
        var x = AwayFromZero(new Generator(4), 0.2f, 2f, 3, channels);

        // The noise is drawn set-major, coefficient by coefficient: U(0.9, 1.1).
        double[] Noise()
        {
            var draw = new Generator(seed);
            return [.. Enumerable.Range(0, 2 * 6).Select(_ => (double)(float)(1 - 0.1 + 2 * 0.1 * draw.NextDouble()))];
        }
        var noisy = Reference(5, 4, RationalVersion.B, ParameterSharing.Group, channels, 2, 1, Noise());
        var plain = Reference(5, 4, RationalVersion.B, ParameterSharing.Group, channels, 2, 1);
        double[][] args = [Values(x), Values(pau.Numerator), Values(pau.Denominator)];

        gen.ManualSeed(seed);
        AssertClose(noisy(args), pau.Forward(x), rtol: 2e-6, atol: 2e-6, what: "training");
        var again = pau.Forward(x);
        Assert.NotEqual(Bits(again), Bits(Tensor.FromArray([.. noisy(args).Select(v => (float)v)], 3, channels)));
        pau.Eval();
        AssertClose(plain(args), pau.Forward(x), rtol: 2e-6, atol: 2e-6, what: "evaluation");

        pau.Train();
        ModuleGradCheck.Check(pau, [x], xs =>
        {
            gen.ManualSeed(seed);
            return pau.Forward(xs[0]);
        }, noisy);
    }

    public static TheoryData<string, RationalVersion, double> FitBounds() => new()
    {
        // Bounds are about 1.2–2× the max |P/Q − f| measured on [−3, 3] (20,001 points) with m = 5, n = 4.
        { "leaky-relu", RationalVersion.B, 0.04 },   // measured 3.36e-2 (the kink at 0 dominates)
        { "relu", RationalVersion.B, 0.04 },         // 3.39e-2
        { "gelu", RationalVersion.B, 1.5e-3 },       // 9.3e-4
        { "silu", RationalVersion.B, 2e-6 },         // 1.2e-6
        { "tanh", RationalVersion.B, 6e-6 },         // 3.5e-6
        { "sigmoid", RationalVersion.B, 1e-8 },      // 4.8e-9
        { "identity", RationalVersion.B, 1e-12 },    // 9e-16
        { "leaky-relu", RationalVersion.A, 0.065 },  // 5.4e-2
        { "relu", RationalVersion.A, 0.065 },        // 5.4e-2
        { "gelu", RationalVersion.A, 4e-3 },         // 3.1e-3
        { "silu", RationalVersion.A, 2e-6 },         // 1.2e-6
        { "tanh", RationalVersion.A, 6e-6 },         // 4.4e-6
        { "sigmoid", RationalVersion.A, 4e-8 },      // 1.9e-8
        { "identity", RationalVersion.A, 1e-12 },
        { "leaky-relu", RationalVersion.C, 0.075 },  // 5.9e-2
        { "gelu", RationalVersion.C, 4e-3 },         // 2.9e-3
        { "silu", RationalVersion.C, 2e-4 },         // 1.4e-4
        { "tanh", RationalVersion.C, 5e-4 },         // 3.1e-4
        { "sigmoid", RationalVersion.C, 3e-6 },      // 1.8e-6
        { "identity", RationalVersion.C, 1e-12 },
        { "gelu", RationalVersion.D, 1.5e-3 },       // D fits as B
    };

    [Theory]
    [MemberData(nameof(FitBounds))]
    public void LeastSquaresFitOfEachNamedActivationIsClose(string name, RationalVersion version, double bound)
    {
        var fit = Rational.Fit(name, 5, 4, -3, 3, version);
        var target = Activation.Create(name);
        double max = 0;
        for (int k = 0; k <= 6000; k++)
        {
            double x = -3 + k / 1000.0;
            max = Math.Max(max, Math.Abs(Formula(x, fit.Numerator, fit.Denominator, version) - target.Reference(x)));
        }
        Assert.True(max <= bound, $"{name} {version}: max error {max:G3} > {bound:G3}");
        Assert.True(fit.MaxError <= bound && fit.MaxError >= max * 0.999 - 1e-14, $"reported max error {fit.MaxError:G3}");
        Assert.True(fit.RmsError <= fit.MaxError);
    }

    [Fact]
    public void FitTakesAnyFunctionAndOtherDegrees()
    {
        var fit = Rational.Fit(Math.Sin, 5, 4, -Math.PI, Math.PI, RationalVersion.B);
        Assert.True(fit.MaxError < 1e-4, $"sin: {fit.MaxError:G3}"); // measured 1.9e-5
        var small = Rational.Fit(Math.Tanh, 3, 2, -2, 2, RationalVersion.A);
        Assert.Equal(4, small.Numerator.Length);
        Assert.Equal(2, small.Denominator.Length);
        Assert.True(small.MaxError < 1e-3, $"tanh 3/2: {small.MaxError:G3}"); // measured 3.4e-4
        for (double x = -2; x <= 2; x += 0.25) Assert.Equal(Formula(x, small.Numerator, small.Denominator, RationalVersion.A), small.Evaluate(x), 12);

        var pau = new Pau(3, 5, 4);
        var refit = pau.FitTo(Math.Sin, -Math.PI, Math.PI);
        Assert.Equal(fit.MaxError, refit.MaxError);
        Assert.Equal(Math.Sin(1.0), pau.Evaluate(1.0), 1e-3);
        Assert.Throws<ArgumentException>(() => Rational.Fit(x => 1 / x, 5, 4, -1, 1));
        Assert.Throws<ArgumentException>(() => Rational.Fit(Math.Sin, 5, 4, 1, -1));
        Assert.Throws<ArgumentException>(() => Rational.Fit(Math.Sin, 11, 4));
        Assert.Throws<ArgumentException>(() => Rational.Fit(Math.Sin, 5, 0));
        Assert.Throws<ArgumentException>(() => Rational.Fit("no-such-activation"));
    }

    [Fact]
    public void DefaultIsSafePau54InitialisedToLeakyRelu()
    {
        var pau = new Pau(8);
        Assert.Equal((5, 4, RationalVersion.B, ParameterSharing.Layer), (pau.M, pau.N, pau.Version, pau.Sharing));
        Assert.Equal([1, 6], pau.Numerator.Shape.ToArray());
        Assert.Equal([1, 4], pau.Denominator.Shape.ToArray());
        foreach (double x in new[] { -3, -1.5, -0.5, 0.5, 1, 2.5 })
            Assert.Equal(x > 0 ? x : 0.01 * x, pau.Evaluate(x), 0.04); // the fit's bound
        var x2 = Tensor.FromArray([-2f, -0.5f, 0.7f, 2f], 2, 2);
        var pau2 = new Pau(2);
        var y = pau2.Forward(x2).ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(pau2.Evaluate(x2.ToArray()[i]), y[i], 1e-5);
    }

    [Fact]
    public void IdentityInitialisationIsExactAndItsZeroDenominatorStillGetsAGradient()
    {
        var pau = new Pau(2, init: "identity");
        var x = Tensor.FromArray([-1.5f, -0.25f, 0.5f, 2f], 2, 2);
        Assert.Equal(x.ToArray(), pau.Forward(x).ToArray());
        var loss = pau.Forward(x).Square().Sum();
        loss.Backward();
        Assert.Contains(pau.Denominator.Grad!.ToArray(), v => v != 0);
    }

    [Fact]
    public void LeakyReluInitialisedPauTrainsInASmallNetwork()
    {
        var g = new Generator(11);
        var x = Uniform(g, -2, 2, 256, 1);
        var target = Tensor.FromArray([.. x.ToArray().Select(v => MathF.Sin(2 * v) + 0.5f * v * v)], 256, 1);
        var pau = new Pau(16);
        var model = new Sequential(new Linear(1, 16, generator: g), pau, new Linear(16, 1, generator: g));
        var opt = new Adam(model.Parameters(), lr: 0.01f);
        var before = pau.Numerator.ToArray();
        float first = 0, last = 0;
        for (int step = 0; step < 400; step++)
        {
            opt.ZeroGrad();
            var loss = Loss.Mse(model.Forward(x), target);
            loss.Backward();
            opt.Step();
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(float.IsFinite(last) && last < 0.05f * first, $"loss {first} → {last}");
        Assert.NotEqual(before, pau.Numerator.ToArray());
    }

    [Fact]
    public void LargeInputsSplitIntoItemsStayDeterministicAndMatchTheReference()
    {
        // 64·40·9 = 23,040 elements per item-run of [N, C, L] and 2,048 rows of [N, C]: several work items.
        foreach (var shape in new[] { new[] { 64, 40, 9 }, new[] { 2048, 27 } })
        {
            int c = shape[1], inner = shape.Length == 3 ? shape[2] : 1;
            foreach (var (sharing, groups) in Modes(c, c % 5 == 0 ? 5 : 3))
            {
                var g = new Generator(5);
                var pau = new Pau(c, sharing: sharing, groups: groups);
                KinkFreeCoefficients(pau, g);
                var x = AwayFromZero(g, 0.2f, 2f, shape);
                x.RequiresGrad = true;
                var w = Uniform(g, -1, 1, shape);
                var y = pau.Forward(x);
                var expected = Reference(5, 4, RationalVersion.B, sharing, c, groups, inner)([Values(x), Values(pau.Numerator), Values(pau.Denominator)]);
                AssertClose(expected, y, rtol: 2e-6, atol: 2e-6);
                y.Mul(w).Sum().Backward();
                var (gx, ga, gb) = (Bits(x.Grad!), Bits(pau.Numerator.Grad!), Bits(pau.Denominator.Grad!));
                // Parameter gradients against a double sum of the per-element derivatives.
                var xs = Values(x);
                var ws = Values(w);
                var num = Values(pau.Numerator);
                var den = Values(pau.Denominator);
                var refGa = new double[num.Length];
                for (int i = 0; i < xs.Length; i++)
                {
                    int s = SetOf(sharing, c, groups, ChannelOf(i, c, inner));
                    double invQ = Formula(xs[i], [1], den.AsSpan(s * 4, 4), RationalVersion.B);
                    for (int k = 0; k <= 5; k++) refGa[s * 6 + k] += ws[i] * Math.Pow(xs[i], k) * invQ;
                }
                AssertClose(refGa, pau.Numerator.Grad!, rtol: 1e-4, atol: 1e-3, what: $"numerator gradient {sharing}");
                x.Grad = null;
                pau.ZeroGrad();
                pau.Forward(x).Mul(w).Sum().Backward();
                Assert.Equal(gx, Bits(x.Grad!));
                Assert.Equal(ga, Bits(pau.Numerator.Grad!));
                Assert.Equal(gb, Bits(pau.Denominator.Grad!));
            }
        }
    }

    [Fact]
    public void StateRoundTripsBitExact()
    {
        foreach (var (sharing, groups) in Modes(6, 2))
        {
            var pau = new Pau(6, 4, 3, RationalVersion.A, "gelu", sharing: sharing, groups: groups);
            Randomize(pau, new Generator(9));
            AssertRoundTrip(pau, () => new Pau(6, 4, 3, RationalVersion.A, "gelu", sharing: sharing, groups: groups), Uniform(new Generator(1), -2, 2, 3, 6, 2));
        }
    }

    [Fact]
    public void RegistryCreatesItWithOptions()
    {
        var pau = Assert.IsType<Pau>(LearnableActivations.Create("pau", 64));
        Assert.Equal((5, 4, RationalVersion.B, 64), (pau.M, pau.N, pau.Version, pau.Channels));
        var custom = Assert.IsType<Pau>(LearnableActivations.Create("rational(m=3, n=2, version=0, init=2, sharing=2, groups=4, lo=-2, hi=2)", 64));
        Assert.Equal((3, 2, RationalVersion.A, ParameterSharing.Group, 4), (custom.M, custom.N, custom.Version, custom.Sharing, custom.Groups));
        Assert.Equal(Rational.Fit("gelu", 3, 2, -2, 2, RationalVersion.A).Numerator.Select(v => (float)v), custom.Numerator.ToArray()[..4]);
        var slope = Assert.IsType<Pau>(LearnableActivations.Create("pau(negative_slope=0.2)", 4));
        Assert.Equal(-0.2, slope.Evaluate(-1), 0.05);
        Assert.Contains("pau", LearnableActivations.Names);
        Assert.Equal("rational", Pau.Info.Family);
    }

    [Theory]
    [InlineData("pau(m=11)", "m")]
    [InlineData("pau(m=2.5)", "m")]
    [InlineData("pau(n=0)", "n")]
    [InlineData("pau(version=4)", "version")]
    [InlineData("pau(init=7)", "init")]
    [InlineData("pau(lo=3, hi=-3)", "hi")]
    [InlineData("pau(noise=1)", "noise")]
    [InlineData("pau(sharing=3)", "sharing")]
    [InlineData("pau(sharing=2, groups=5)", "groups")]
    public void BadOptionsAreRejectedByName(string spec, string parameter)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create(spec, 8));
        Assert.Contains(parameter, e.Message);
        Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Create("pau(degree=3)", 8));
        Assert.ThrowsAny<ArgumentException>(() => new Pau(8, init: "nope"));
        Assert.ThrowsAny<ArgumentException>(() => new Pau(8, m: -1));
        Assert.ThrowsAny<ArgumentException>(() => new Pau(0));
    }

    [Fact]
    public void WrongInputShapesRaiseShapeErrors()
    {
        var pau = new Pau(4);
        Assert.Throws<ShapeMismatchException>(() => pau.Forward(Tensor.Zeros(4)));
        Assert.Throws<ShapeMismatchException>(() => pau.Forward(Tensor.Zeros(2, 3)));
        Assert.Throws<ShapeMismatchException>(() => pau.Forward(Tensor.Zeros(2, 5, 3)));
    }
}
