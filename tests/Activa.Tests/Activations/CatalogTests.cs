using Activa.Activations;

namespace Activa.Tests.Activations;

/// <summary>
/// Checks every registered activation against its own declarations: reference values, derivative by finite
/// differences, vector paths against the scalar path, no NaN where the math is finite, declared properties.
/// </summary>
public class CatalogTests
{
    public static TheoryData<string> Names() => [.. Activation.Names];

    /// <summary>Dense grid on [−12, 12] (step 1/128), exact ±0, points straddling common kinks, and large magnitudes.</summary>
    internal static double[] Grid()
    {
        var g = new List<double>();
        for (int i = -12 * 128; i <= 12 * 128; i++) g.Add(i / 128.0);
        foreach (double k in new[] { -6, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 6 })
            foreach (double d in new[] { 1e-3, 1e-2 }) { g.Add(k - d); g.Add(k + d); }
        foreach (double m in new[] { 15, 20, 30, 50, 88, 100, 1e3, 1e4 }) { g.Add(m); g.Add(-m); }
        g.Add(-0.0);
        return [.. g.Distinct().Order()];
    }

    private static bool Close(double actual, double expected, double abs, double rel) =>
        (double.IsNaN(expected) && double.IsNaN(actual)) || actual == expected || Math.Abs(actual - expected) <= abs + rel * Math.Abs(expected);

    [Theory]
    [MemberData(nameof(Names))]
    public void CatalogueEntryIsComplete(string name)
    {
        var info = Activation.Info(name);
        Assert.Equal(info.Name.ToLowerInvariant(), info.Name);
        Assert.DoesNotContain('_', info.Name);
        Assert.False(string.IsNullOrWhiteSpace(info.Formula));
        Assert.False(string.IsNullOrWhiteSpace(info.Paper));
        Assert.InRange(info.Year, 1940, 2026);
        Assert.True(info.Lower <= info.Upper);
        Assert.Contains(info.Family, new[] { "rectifier", "exponential", "sigmoidal", "self-gated", "periodic", "radial", "shrinkage", "other" });
        var act = Activation.Create(name);
        Assert.Equal(info.Name, act.Spec);
        foreach (var p in info.Parameters)
        {
            var spec = $"{name}({p.Name}={p.Default.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})";
            var same = Activation.Create(spec);
            Assert.Equal(act.Value(0.7f), same.Value(0.7f));
            Assert.Equal(act.Value(-0.7f), same.Value(-0.7f));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ValuesMatchTheDoubleReference(string name)
    {
        var act = Activation.Create(name);
        foreach (double x in Grid())
        {
            double expected = act.Reference((float)x);
            float actual = act.Value((float)x);
            if (double.IsInfinity(expected) || Math.Abs(expected) > 1e30) continue;
            Assert.True(Close(actual, expected, 2e-6, 2e-5), $"{name}({x}) = {actual}, reference {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DerivativeMatchesFiniteDifferencesAwayFromKinks(string name)
    {
        var act = Activation.Create(name);
        foreach (double x0 in Grid())
        {
            if (Math.Abs(x0) > 60) continue;
            double x = (float)x0;
            double h = 1e-5 * Math.Max(1, Math.Abs(x));
            double f0 = act.Reference(x), fp = act.Reference(x + h), fm = act.Reference(x - h);
            if (!double.IsFinite(f0) || !double.IsFinite(fp) || !double.IsFinite(fm)) continue;
            double right = (fp - f0) / h, left = (f0 - fm) / h, central = (fp - fm) / (2 * h);
            if (Math.Abs(right - left) > 1e-3 * (1 + Math.Abs(central))) continue; // a kink (or a jump) at x
            double hs = h / 16, centralSmall = (act.Reference(x + hs) - act.Reference(x - hs)) / (2 * hs);
            if (!Close(centralSmall, central, 5e-4, 2e-3)) continue; // differences not converged: f'' unbounded at x (e.g. √|x| at 0)
            float d = act.Derivative((float)x);
            Assert.True(Close(d, central, 5e-4, 2e-3), $"{name}'({x}) = {d}, finite differences {central}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void NoNaNWhereTheMathIsFinite(string name)
    {
        var act = Activation.Create(name);
        foreach (double x in Grid().Concat([1e30, -1e30, 3e38, -3e38, float.Epsilon, -float.Epsilon]))
        {
            if (!double.IsFinite(act.Reference(x))) continue;
            Assert.False(float.IsNaN(act.Value((float)x)), $"{name}({x}) is NaN");
            Assert.False(float.IsNaN(act.Derivative((float)x)), $"{name}'({x}) is NaN");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DeclaredPropertiesHoldOnTheGrid(string name)
    {
        var info = Activation.Info(name);
        var act = Activation.Create(name);
        var xs = Grid().Where(x => Math.Abs(x) <= 100).ToArray();
        var ys = xs.Select(x => act.Reference(x)).ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(ys[i] >= info.Lower - 1e-9 && ys[i] <= info.Upper + 1e-9, $"{name}({xs[i]}) = {ys[i]} outside [{info.Lower}, {info.Upper}]");
            float v = act.Value((float)xs[i]);
            Assert.True(v >= info.Lower - 1e-6 && v <= info.Upper + 1e-6, $"float {name}({xs[i]}) = {v} outside [{info.Lower}, {info.Upper}]");
        }
        if (info.Has(ActivationProperties.Monotone))
            for (int i = 1; i < xs.Length; i++)
                Assert.True(ys[i] >= ys[i - 1] - 1e-12 * Math.Abs(ys[i]), $"{name} is declared monotone but f({xs[i]}) = {ys[i]} < f({xs[i - 1]}) = {ys[i - 1]}");
        if (info.Has(ActivationProperties.ZeroCentred))
        {
            Assert.True(Math.Abs(act.Reference(0)) < 1e-12, $"{name}(0) = {act.Reference(0)}, declared zero-centred");
            Assert.Contains(ys, y => y < 0);
            Assert.Contains(ys, y => y > 0);
        }
        if (info.Has(ActivationProperties.Sparse))
            Assert.True(Enumerable.Range(1, xs.Length - 1).Any(i => ys[i] == 0 && ys[i - 1] == 0 && xs[i] != 0), $"{name} is declared sparse but is never 0 on an interval");
        if (info.Has(ActivationProperties.Smooth))
            for (int i = 0; i < xs.Length; i++)
            {
                double x = xs[i], h = 1e-6 * Math.Max(1, Math.Abs(x));
                double left = (act.Reference(x) - act.Reference(x - h)) / h, right = (act.Reference(x + h) - act.Reference(x)) / h;
                if (!double.IsFinite(left) || !double.IsFinite(right)) continue;
                Assert.True(Math.Abs(left - right) <= 1e-3 * (1 + Math.Abs(left)), $"{name} is declared smooth but has a kink at {x} ({left} vs {right})");
            }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TensorForwardAndBackwardUseTheSameFunction(string name)
    {
        var act = Activation.Create(name);
        var x = Tensor.Uniform([1003], -6f, 6f, new Generator(3));
        x.RequiresGrad = true;
        var y = act.Forward(x);
        var g = Tensor.Uniform([1003], -1f, 1f, new Generator(4));
        y.Backward(g);
        var xs = x.ToArray();
        var ys = y.ToArray();
        var gs = g.ToArray();
        var gx = x.Grad!.ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(Close(ys[i], act.Value(xs[i]), 1e-6, 1e-6), $"{name}: tensor f({xs[i]}) = {ys[i]}, scalar {act.Value(xs[i])}");
            Assert.True(Close(gx[i], gs[i] * act.Derivative(xs[i]), 1e-6, 1e-5), $"{name}: tensor gradient at {xs[i]} = {gx[i]}, scalar {gs[i] * act.Derivative(xs[i])}");
        }
    }

    [Fact]
    public void ParameterConstraintsAreDeclaredAndCheckedWithOneMessage()
    {
        foreach (var info in Activation.Catalog)
            foreach (var p in info.Parameters)
                Assert.True(p.Must?.Admits(p.Default) ?? true, $"{info.Name}: default {p.Name}={p.Default} is outside its declared range {p.Must}");
        Assert.Equal("Activation 'pelu': parameter 'a' must be > 0, got -1.",
            Assert.Throws<ArgumentException>(() => Activation.Create("pelu(a=-1)")).Message);
        Assert.Equal("Activation 'swish': parameter 'beta' must be ≥ 0, got -0.5.",
            Assert.Throws<ArgumentException>(() => Activation.Create("swish(beta=-0.5)")).Message);
        Assert.Equal("Activation 'repu': parameter 'p' must be an integer in [1, 16], got 2.5.",
            Assert.Throws<ArgumentException>(() => Activation.Create("repu(p=2.5)")).Message);
        Assert.Equal("Activation 'blu': parameter 'beta' must be in [-1, 1], got 2.",
            Assert.Throws<ArgumentException>(() => Activation.Create("blu(beta=2)")).Message);
        Assert.Equal("Activation 'elu': parameter 'alpha' must be finite, got NaN.",
            Assert.Throws<ArgumentException>(() => Activation.Create("elu(alpha=NaN)")).Message);
        Assert.Equal("Activation 'firm-shrink': parameters must satisfy lambda1 < lambda2, got lambda1=2, lambda2=1.",
            Assert.Throws<ArgumentException>(() => Activation.Create("firm-shrink(lambda1=2)")).Message);
        Assert.Throws<ArgumentException>(() => Activation.Create("hard-tanh(min_val=1, max_val=0)"));
        Assert.Throws<ArgumentException>(() => Activation.Create("rrelu(lower=0.5, upper=0.25)"));
        Assert.Throws<ArgumentException>(() => Activation.Create("soft-root-sign(alpha=1, beta=3)"));
        Assert.Throws<ArgumentException>(() => Activation.Create("relu-kan-basis(start=1, end=1)"));
        Assert.Equal("> 0", ParameterRange.Positive.ToString());
        Assert.Equal("non-zero", new ParameterRange(NonZero: true).ToString());
        Assert.False(new ParameterRange(NonZero: true).Admits(0));
        Assert.Equal("in (0, 1)", new ParameterRange(0, 1, MinOpen: true, MaxOpen: true).ToString());
    }

    [Fact]
    public void UnknownNamesAndOptionsAreExplained()
    {
        var e = Assert.Throws<ArgumentException>(() => Activation.Create("rleu"));
        Assert.Contains("relu", e.Message);
        Assert.Contains("no parameter 'beta'", Assert.Throws<ArgumentException>(() => Activation.Create("elu(beta=1)")).Message);
        Assert.Contains("has no parameters", Assert.Throws<ArgumentException>(() => Activation.Create("relu(alpha=1)")).Message);
        Assert.Throws<ArgumentException>(() => Activation.Create("elu(alpha=abc)"));
        Assert.Throws<ArgumentException>(() => Activation.Create("elu(alpha=1"));
        Assert.Throws<ArgumentException>(() => Activation.Create("elu(alpha=NaN)"));
        Assert.Equal("elu(alpha=0.5)", Activation.Create("ELU(alpha=0.5)").Spec);
        Assert.Equal(-0.5 * (1 - Math.Exp(-2)), Activation.Create("elu(alpha=0.5)").Value(-2f), 6);
        Assert.Same(Activation.Info("logistic"), Activation.Info("sigmoid"));
    }

    [Fact]
    public void RReluIsRandomInTrainingAndDeterministicInEvaluation()
    {
        var act = Activation.Create("rrelu");
        var x = Tensor.Full([10000], -1f);
        var train = act.Forward(x, training: true).ToArray();
        Assert.All(train, v => Assert.InRange(v, -1 / 3f - 1e-6f, -1 / 8f + 1e-6f));
        Assert.InRange(train.Average(), -(1 / 8.0 + 1 / 3.0) / 2 - 0.01, -(1 / 8.0 + 1 / 3.0) / 2 + 0.01);
        Assert.All(act.Forward(x).ToArray(), v => Assert.Equal(-(1 / 8f + 1 / 3f) / 2, v, 6));
        Assert.Equal(2f, act.Forward(Tensor.Full([3], 2f), training: true).ToArray()[0]);
    }
}

public class InPlaceTests
{
    [Fact]
    public void InPlaceOverwritesALinearOutputAndKeepsGradients()
    {
        var g = new Generator(8);
        var w = Tensor.Randn([5, 4], g);
        w.RequiresGrad = true;
        var x = Tensor.Randn([3, 4], g);
        var reference = Functional.Linear(x, w).Sigmoid();
        reference.Sum().Backward();
        var expected = w.Grad!.ToArray();
        w.Grad = null;

        var z = Functional.Linear(x, w);
        var y = Activation.Create("sigmoid").Forward(z, inPlace: true);
        Assert.True(y.SharesStorageWith(z));
        Assert.Equal(reference.ToArray(), y.ToArray());
        y.Sum().Backward();
        Assert.Equal(expected, w.Grad!.ToArray());
    }

    [Fact]
    public void OpsThatDeclareTheirBackwardFreeOfTheirOutputMayBeOverwritten()
    {
        var a = Tensor.Randn([3, 4], new Generator(10));
        a.RequiresGrad = true;
        var b = Tensor.Randn([4, 4], new Generator(11));
        foreach (var z in new[] { a.MatMul(b), a.Add(a), a.Sub(a), a.Affine(2f, 1f) })
            Assert.True(Activation.Create("sigmoid").Forward(z, inPlace: true).SharesStorageWith(z));
        // tanh and softmax read their output in backward; mul does not, but has not declared it (the safe default)
        foreach (var z in new[] { a.Mul(a), a.Tanh(), a.Softmax(-1) })
            Assert.False(Activation.Create("sigmoid").Forward(z, inPlace: true).SharesStorageWith(z));
    }

    [Fact]
    public void InPlaceFallsBackWhereItWouldBeUnsafe()
    {
        var x = Tensor.Randn([10], new Generator(9));
        x.RequiresGrad = true;
        var z = x.Exp(); // exp keeps its output for backward
        var y = Activation.Create("sigmoid").Forward(z, inPlace: true);
        Assert.False(y.SharesStorageWith(z));
        var h = x.Add(x);
        var kept = h.Mul(x); // mul's backward reads h: overwriting h would corrupt dx
        Assert.False(Activation.Create("sigmoid").Forward(h, inPlace: true).SharesStorageWith(h));
        kept.Sum().Backward();
        var xs = x.ToArray();
        Assert.Equal(xs.Select(v => 4 * v).ToArray(), x.Grad!.ToArray()); // d(2x·x)/dx = 4x
        var leaf = Activation.Create("relu").Forward(x, inPlace: true); // relu's derivative reads x
        Assert.False(leaf.SharesStorageWith(x));
        using (Tensor.NoGrad())
        {
            var plain = Tensor.FromArray([-1f, 2f]);
            var r = Activation.Create("relu").Forward(plain, inPlace: true);
            Assert.True(r.SharesStorageWith(plain));
            Assert.Equal([0f, 2f], plain.ToArray());
        }
    }
}
