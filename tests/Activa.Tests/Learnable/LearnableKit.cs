using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Autograd;
using Activa.IO;
using Activa.Kernels;
using Activa.Nn;
using Activa.Tests.Nn;

namespace Activa.Tests.Learnable;

/// <summary>
/// A learnable activation under test: how to create it and its double-precision reference f(x; θ), written in the
/// test from the formula, where θ holds the raw values of the parameter set in registration order.
/// </summary>
internal sealed record LearnableSpec(string Name, Func<int, ActivationOptions, LearnableActivation> Create, Func<double, double[], double> F)
{
    /// <summary>Input range.</summary>
    public float Low { get; init; } = -3f;
    public float High { get; init; } = 3f;
    /// <summary>Inputs closer than this to 0 are moved away (kinks at 0 defeat finite differences).</summary>
    public float AvoidZero { get; init; }
    /// <summary>Parameters are moved by U(−j, j) from their initial values before checks.</summary>
    public float Jitter { get; init; } = 0.3f;
    /// <summary>Whether the sharing option exists.</summary>
    public bool HasSharing { get; init; } = true;
    /// <summary>Options every instance gets (e.g. a smaller ω₀).</summary>
    public (string Name, double Value)[] Options { get; init; } = [];
    /// <summary>Forward tolerance: |y − f| ≤ Atol + Rtol·|f|.</summary>
    public double Atol { get; init; } = 1e-6;
    public double Rtol { get; init; } = 1e-5;
    /// <summary>The input "derivative" when the backward is deliberately not f′ (HeLU); null: differentiate F.</summary>
    public Func<double, double[], double>? InputDerivative { get; init; }
}

/// <summary>Checks every learnable activation goes through: reference values, gradients, sharing, state, errors, registry.</summary>
internal static class LearnableKit
{
    /// <summary>(sharing options, input shape) pairs: every sharing mode, and both the expanded and the run layouts.</summary>
    public static IEnumerable<((string, double)[] Options, int[] Shape)> Configurations(LearnableSpec spec)
    {
        yield return ([], [3, 4]);
        yield return ([], [2, 4, 5]);
        if (!spec.HasSharing) yield break;
        yield return ([("sharing", 1)], [3, 4]);
        yield return ([("sharing", 1)], [2, 4, 5]);
        yield return ([("sharing", 1)], [2, 4, 64]);
        yield return ([("groups", 2)], [3, 4]);
        yield return ([("groups", 2)], [2, 4, 40]);
    }

    public static ActivationOptions Options(LearnableSpec spec, params (string Name, double Value)[] extra)
    {
        var o = new ActivationOptions();
        foreach (var (n, v) in spec.Options) o[n] = v;
        foreach (var (n, v) in extra) o[n] = v;
        return o;
    }

    public static LearnableActivation Make(LearnableSpec spec, int channels, params (string Name, double Value)[] extra) =>
        spec.Create(channels, Options(spec, extra));

    public static Tensor Input(LearnableSpec spec, Generator g, params int[] shape)
    {
        var t = Tensor.Uniform(shape, spec.Low, spec.High, g);
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++)
            if (MathF.Abs(s[i]) < spec.AvoidZero) s[i] = s[i] < 0 ? s[i] - spec.AvoidZero : s[i] + spec.AvoidZero;
        return t;
    }

    public static void Jitter(LearnableSpec spec, Module module, Generator g)
    {
        using (Tensor.NoGrad())
            foreach (var p in module.Parameters())
            {
                var s = p.AsSpan();
                for (int i = 0; i < s.Length; i++) s[i] += (float)((g.NextDouble() * 2 - 1) * spec.Jitter);
            }
    }

    public static double[] D(Tensor t) => [.. t.ToArray().Select(v => (double)v)];

    /// <summary>The reference output for input values <paramref name="x"/> of shape <paramref name="shape"/> and raw parameters <paramref name="ps"/>.</summary>
    public static double[] Reference(LearnableSpec spec, LearnableActivation m, int[] shape, double[] x, double[][] ps) =>
        Reference(m, shape, x, ps, spec.F);

    public static double[] Reference(LearnableActivation m, int[] shape, double[] x, double[][] ps, Func<double, double[], double> f)
    {
        int c = shape[1], rest = 1;
        for (int d = 2; d < shape.Length; d++) rest *= shape[d];
        var y = new double[x.Length];
        var theta = new double[ps.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int set = m.SetOf(i / rest % c);
            for (int k = 0; k < ps.Length; k++) theta[k] = ps[k][set];
            y[i] = f(x[i], theta);
        }
        return y;
    }

    private static double[][] Params(Module m) => [.. m.Parameters().Select(D)];

    /// <summary>Forward values at lane widths 1, 8 and 16 against the reference, in every configuration.</summary>
    public static void ForwardMatchesReference(LearnableSpec spec)
    {
        var g = new Generator(11);
        foreach (var (options, shape) in Configurations(spec).Append(([], [5, 4, 37])))
        {
            var m = Make(spec, shape[1], options);
            Jitter(spec, m, g);
            var x = Input(spec, g, shape);
            var expected = Reference(spec, m, shape, D(x), Params(m));
            foreach (int width in new[] { 1, 8, 16 })
            {
                var y = WithWidth(width, () => m.Forward(x));
                Assert.Equal(shape, y.Shape.ToArray());
                var actual = y.ToArray();
                for (int i = 0; i < actual.Length; i++)
                    Assert.True(Math.Abs(actual[i] - expected[i]) <= spec.Atol + spec.Rtol * Math.Abs(expected[i]),
                        $"{spec.Name} {Shape.Format(shape)} ({string.Join(",", options)}) width {width}, element {i}, x = {x.ToArray()[i]}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }

    public static T WithWidth<T>(int width, Func<T> f)
    {
        int old = SetKernel.ForcedWidth;
        SetKernel.ForcedWidth = width;
        try { return f(); }
        finally { SetKernel.ForcedWidth = old; }
    }

    /// <summary>GradCheck of the input and every parameter against the double reference, in every configuration and lane width.</summary>
    public static void GradCheckAllSharing(LearnableSpec spec, GradCheckOptions? options = null)
    {
        var g = new Generator(12);
        foreach (var (opts, shape) in Configurations(spec))
            foreach (int width in new[] { 1, 16 })
            {
                var m = Make(spec, shape[1], opts);
                Jitter(spec, m, g);
                var x = Input(spec, g, shape);
                int np = m.Parameters().Count();
                try
                {
                    WithWidth(width, () => ModuleGradCheck.Check(m, x,
                        arrays => Reference(spec, m, shape, arrays[0], arrays[1..(1 + np)]), options));
                }
                catch (GradCheckException e)
                {
                    throw new GradCheckException($"{spec.Name} {Shape.Format(shape)} ({string.Join(",", opts)}) width {width}: {e.Message}");
                }
            }
    }

    /// <summary>
    /// A large input (parallel work items, several runs and blocks): the input gradient element by element against
    /// g·f′(x) and each parameter gradient against Σ g·∂f/∂θ, both from central differences of the double reference.
    /// </summary>
    public static void LargeInput(LearnableSpec spec)
    {
        var g = new Generator(13);
        var configs = new List<((string, double)[] Options, int[] Shape)> { ([], [64, 8, 300]), ([], [700, 300]) };
        if (spec.HasSharing)
        {
            configs.Add(([("sharing", 1)], [64, 8, 300]));
            configs.Add(([("sharing", 1)], [700, 300]));
            configs.Add(([("sharing", 1)], [3000, 7, 5]));
            configs.Add(([("groups", 4)], [64, 8, 300]));
            configs.Add(([("groups", 3)], [2000, 12, 3]));
            // Long periods with a set every few positions: several column tiles per row.
            configs.Add(([("sharing", 1)], [100, 3000]));
            configs.Add(([("groups", 2048)], [40, 4096, 2]));
        }
        foreach (var (opts, shape) in configs)
        {
            var m = Make(spec, shape[1], opts);
            Jitter(spec, m, g);
            var x = Input(spec, g, shape);
            x.RequiresGrad = true;
            var w = Tensor.Uniform(shape, -1f, 1f, g);
            m.ZeroGrad();
            m.Forward(x).Backward(w);
            CheckLargeGradients(spec, m, shape, D(x), D(w), D(x.Grad!), [.. m.Parameters().Select(p => D(p.Grad!))], Params(m), string.Join(",", opts));
        }
    }

    private static void CheckLargeGradients(LearnableSpec spec, LearnableActivation m, int[] shape, double[] x, double[] w,
        double[] gx, double[][] gp, double[][] ps, string label)
    {
        int c = shape[1], rest = 1;
        for (int d = 2; d < shape.Length; d++) rest *= shape[d];
        var sums = ps.Select(p => new double[p.Length]).ToArray();
        var scale = ps.Select(p => new double[p.Length]).ToArray();
        var theta = new double[ps.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int set = m.SetOf(i / rest % c);
            for (int k = 0; k < ps.Length; k++) theta[k] = ps[k][set];
            double dfdx;
            if (spec.InputDerivative != null) dfdx = spec.InputDerivative(x[i], theta);
            else
            {
                double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
                dfdx = (spec.F(x[i] + h, theta) - spec.F(x[i] - h, theta)) / (2 * h);
            }
            double expected = w[i] * dfdx;
            Assert.True(Math.Abs(gx[i] - expected) <= 1e-4 * (1 + Math.Abs(expected)),
                $"{spec.Name} {Shape.Format(shape)} ({label}): input gradient {i} at x = {x[i]}: expected {expected}, got {gx[i]}");
            for (int k = 0; k < ps.Length; k++)
            {
                double t0 = theta[k], h = 1e-6 * Math.Max(1, Math.Abs(t0));
                theta[k] = t0 + h;
                double fp = spec.F(x[i], theta);
                theta[k] = t0 - h;
                double fm = spec.F(x[i], theta);
                theta[k] = t0;
                double term = w[i] * (fp - fm) / (2 * h);
                sums[k][set] += term;
                scale[k][set] += Math.Abs(term);
            }
        }
        for (int k = 0; k < ps.Length; k++)
            for (int s = 0; s < ps[k].Length; s++)
                Assert.True(Math.Abs(gp[k][s] - sums[k][s]) <= 2e-5 * scale[k][s] + 1e-5,
                    $"{spec.Name} {Shape.Format(shape)} ({label}): gradient of parameter {k}, set {s}: expected {sums[k][s]} (scale {scale[k][s]}), got {gp[k][s]}");
    }

    /// <summary>Parameters survive StateDict/LoadStateDict and a safetensors file bit for bit, and so do the outputs.</summary>
    public static void StateRoundTrip(LearnableSpec spec)
    {
        var g = new Generator(14);
        (string, double)[] opts = spec.HasSharing ? [("sharing", 1)] : [];
        var a = Make(spec, 5, opts);
        Jitter(spec, a, g);
        var x = Input(spec, g, 3, 5, 2);
        var ya = a.Forward(x).ToArray();

        var b = Make(spec, 5, opts);
        b.LoadStateDict(a.StateDict());
        AssertSameState(a, b);
        Assert.Equal(ya, b.Forward(x).ToArray());

        var path = Path.Combine(Path.GetTempPath(), $"activa-{spec.Name}-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensors.Save(path, a.StateDict());
            var c = Make(spec, 5, opts);
            c.LoadStateDict(SafeTensors.Load(path).Tensors);
            AssertSameState(a, c);
            Assert.Equal(ya, c.Forward(x).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSameState(Module a, Module b)
    {
        var sa = a.StateDict();
        var sb = b.StateDict();
        Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
        foreach (var (name, t) in sa)
            Assert.Equal(t.ToArray().Select(BitConverter.SingleToInt32Bits), sb[name].ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>Wrong channel counts and ranks raise <see cref="ShapeMismatchException"/>; sharing options are validated.</summary>
    public static void BadShapesAndOptions(LearnableSpec spec)
    {
        var m = Make(spec, 4);
        Assert.Throws<ShapeMismatchException>(() => m.Forward(Tensor.Zeros(3, 5)));
        Assert.Throws<ShapeMismatchException>(() => m.Forward(Tensor.Zeros(4)));
        Assert.Throws<ShapeMismatchException>(() => m.Forward(Tensor.Zeros(2, 3, 4)));
        Assert.Throws<ArgumentException>(() => Make(spec, 4, ("no_such_option", 1)));
        // Empty batches and empty trailing dimensions pass through, with zero parameter gradients.
        foreach (int[] shape in new[] { new[] { 0, 4 }, [2, 4, 0], [0, 4, 3] })
            foreach ((string, double)[] opts in spec.HasSharing ? new[] { Array.Empty<(string, double)>(), [("sharing", 1)] } : [[]])
            {
                var e = Make(spec, 4, opts);
                var x = Tensor.Zeros(shape);
                x.RequiresGrad = true;
                var y = e.Forward(x);
                Assert.Equal(shape, y.Shape.ToArray());
                y.Backward(Tensor.Zeros(shape));
                Assert.All(e.Parameters(), p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v)));
            }
        Assert.ThrowsAny<ArgumentException>(() => Make(spec, 0));
        if (spec.HasSharing)
        {
            Assert.Equal("sharing", Assert.Throws<ArgumentException>(() => Make(spec, 4, ("sharing", 3))).ParamName);
            Assert.Equal("sharing", Assert.Throws<ArgumentException>(() => Make(spec, 4, ("sharing", 0.5))).ParamName);
            Assert.Equal("groups", Assert.Throws<ArgumentException>(() => Make(spec, 4, ("groups", 0))).ParamName);
            Assert.Equal("groups", Assert.Throws<ArgumentException>(() => Make(spec, 4, ("groups", 1.5))).ParamName);
            Assert.Equal("groups", Assert.Throws<ArgumentException>(() => Make(spec, 4, ("sharing", 1), ("groups", 2))).ParamName);
            Assert.Throws<ArgumentException>(() => Make(spec, 4, ("groups", 3)));
            // Sharing shapes the parameters: [1], [C], [G].
            Assert.All(Make(spec, 6).Parameters(), p => Assert.Equal([1], p.Shape.ToArray()));
            Assert.All(Make(spec, 6, ("sharing", 1)).Parameters(), p => Assert.Equal([6], p.Shape.ToArray()));
            Assert.All(Make(spec, 6, ("groups", 3)).Parameters(), p => Assert.Equal([3], p.Shape.ToArray()));
        }
        else
        {
            Assert.Throws<ArgumentException>(() => Make(spec, 4, ("sharing", 1)));
            Assert.Empty(Make(spec, 4).Parameters());
        }
    }

    /// <summary>The registry creates the activation by name, with options, and lists it.</summary>
    public static void Registry<T>(LearnableSpec spec) where T : LearnableActivation
    {
        Assert.True(LearnableActivations.Exists(spec.Name));
        var m = LearnableActivations.Create(spec.Name, 8);
        Assert.IsType<T>(m);
        Assert.Equal(8, m.Channels);
        Assert.Equal(spec.Name, m.Describe().Name);
        Assert.Contains(m.Describe(), LearnableActivations.Catalog);
        Assert.IsType<T>(LearnableActivations.CreateModule(spec.Name.ToUpperInvariant(), 8));
        foreach (var alias in m.Describe().Aliases) Assert.IsType<T>(LearnableActivations.Create(alias, 8));
        if (spec.HasSharing)
        {
            var c = LearnableActivations.Create(spec.Name + "(sharing=1)", 8);
            Assert.Equal(ParameterSharing.Channel, c.Sharing);
            Assert.Equal(8, c.Groups);
            var gr = LearnableActivations.Create(spec.Name + "(groups=4)", 8);
            Assert.Equal(ParameterSharing.Group, gr.Sharing);
            Assert.Equal(4, gr.Groups);
            Assert.Equal(1, gr.SetOf(3));
        }
        // Every declared option parses, at its default.
        var all = string.Join(", ", m.Describe().Parameters.Where(p => p.Name != "groups").Select(p => $"{p.Name}={p.Default.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.IsType<T>(LearnableActivations.Create($"{spec.Name}({all})", 8));
    }

    /// <summary>Declared properties and bounds hold for the initial parameters on a grid (through Evaluate).</summary>
    public static void DeclaredPropertiesHoldAtInit(LearnableActivation m)
    {
        var info = m.Describe();
        double prev = double.NegativeInfinity;
        bool neg = false, pos = false;
        for (double x = -20; x <= 20; x += 1.0 / 64)
        {
            double y = m.Evaluate(x);
            Assert.True(double.IsFinite(y), $"{info.Name}({x}) = {y}");
            Assert.True(y >= info.Lower - 1e-9 && y <= info.Upper + 1e-9, $"{info.Name}({x}) = {y} outside [{info.Lower}, {info.Upper}]");
            if (info.Has(ActivationProperties.Monotone)) Assert.True(y >= prev - 1e-12, $"{info.Name} decreases at {x}");
            prev = y;
            neg |= y < 0;
            pos |= y > 0;
        }
        if (info.Has(ActivationProperties.ZeroCentred))
        {
            Assert.Equal(0, m.Evaluate(0), 12);
            Assert.True(neg && pos);
        }
    }

    /// <summary>Forward and backward give identical bits for 1 and 2 threads (fixed chunking).</summary>
    public static void Deterministic(LearnableSpec spec)
    {
        var g = new Generator(15);
        foreach (var (opts, shape) in new (( string, double)[], int[])[] { ([], [64, 8, 300]), ([("sharing", 1)], [700, 300]), ([("sharing", 1)], [64, 8, 300]) })
        {
            if (!spec.HasSharing && opts.Length > 0) continue;
            var m = Make(spec, shape[1], opts);
            Jitter(spec, m, g);
            var x0 = Input(spec, g, shape);
            var w = Tensor.Uniform(shape, -1f, 1f, g);
            (int[] Y, int[] Gx, int[][] Gp) Run()
            {
                var x = x0.Detach();
                x.RequiresGrad = true;
                m.ZeroGrad();
                var y = m.Forward(x);
                y.Backward(w);
                static int[] Bits(Tensor t) => [.. t.ToArray().Select(BitConverter.SingleToInt32Bits)];
                return (Bits(y), Bits(x.Grad!), [.. m.Parameters().Select(p => Bits(p.Grad!))]);
            }
            int old = global::Activa.Kernels.Parallelism.Threads;
            try
            {
                global::Activa.Kernels.Parallelism.Threads = 1;
                var one = Run();
                global::Activa.Kernels.Parallelism.Threads = 2;
                var two = Run();
                var again = Run();
                Assert.Equal(one.Y, two.Y);
                Assert.Equal(one.Gx, two.Gx);
                for (int k = 0; k < one.Gp.Length; k++)
                {
                    Assert.Equal(one.Gp[k], two.Gp[k]);
                    Assert.Equal(one.Gp[k], again.Gp[k]);
                }
            }
            finally
            {
                global::Activa.Kernels.Parallelism.Threads = old;
            }
        }
    }
}
