namespace Activa.Tests.Optim;

/// <summary>
/// The published update rules in double precision, written as torch.optim documents them (the algorithm
/// boxes of SGD, Adam, AdamW and Adagrad), one parameter vector at a time. Each instance holds its state.
/// </summary>
internal static class OptimReference
{
    public interface IRule
    {
        void Step(double[] p, double[] g);
    }

    /// <summary>torch.optim.SGD: g += λp; b = g (first step) or μb + (1−τ)g; g = g + μb (Nesterov) or b; p −= γg.</summary>
    public sealed class SgdRule(double lr, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0) : IRule
    {
        public double Lr = lr;
        public double[]? Buffer;

        public void Step(double[] p, double[] grad)
        {
            bool first = Buffer == null;
            if (momentum != 0) Buffer ??= new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                double g = grad[i] + weightDecay * p[i];
                if (momentum != 0)
                {
                    Buffer![i] = first ? g : momentum * Buffer[i] + (1 - dampening) * g;
                    g = nesterov ? g + momentum * Buffer[i] : Buffer[i];
                }
                p[i] -= Lr * g;
            }
        }
    }

    /// <summary>
    /// torch.optim.Adam / AdamW (amsgrad off): Adam adds λp to g; AdamW multiplies p by (1 − γλ) first.
    /// m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p −= γ·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
    /// </summary>
    public sealed class AdamRule(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupled = false) : IRule
    {
        public double Lr = lr;
        public double[]? M, V;
        public int T;

        public void Step(double[] p, double[] grad)
        {
            M ??= new double[p.Length];
            V ??= new double[p.Length];
            T++;
            double c1 = 1 - Math.Pow(beta1, T), c2 = 1 - Math.Pow(beta2, T);
            for (int i = 0; i < p.Length; i++)
            {
                double g = grad[i];
                if (decoupled) p[i] *= 1 - Lr * weightDecay;
                else g += weightDecay * p[i];
                M[i] = beta1 * M[i] + (1 - beta1) * g;
                V[i] = beta2 * V[i] + (1 - beta2) * g * g;
                p[i] -= Lr * (M[i] / c1) / (Math.Sqrt(V[i] / c2) + eps);
            }
        }
    }

    /// <summary>torch.optim.Adagrad: g += λp; γ̃ = γ/(1 + (t−1)η); s += g²; p −= γ̃·g/(√s + ε).</summary>
    public sealed class AdagradRule(double lr, double lrDecay = 0, double weightDecay = 0, double initialAccumulator = 0, double eps = 1e-10) : IRule
    {
        public double[]? Sum;
        public int T;

        public void Step(double[] p, double[] grad)
        {
            Sum ??= Enumerable.Repeat(initialAccumulator, p.Length).ToArray();
            T++;
            double clr = lr / (1 + (T - 1) * lrDecay);
            for (int i = 0; i < p.Length; i++)
            {
                double g = grad[i] + weightDecay * p[i];
                Sum[i] += g * g;
                p[i] -= clr * g / (Math.Sqrt(Sum[i]) + eps);
            }
        }
    }

    /// <summary>A leaf parameter holding <paramref name="values"/>.</summary>
    public static Tensor Parameter(float[] values, params int[] shape)
    {
        var t = Tensor.FromArray(values, shape.Length == 0 ? [values.Length] : shape);
        t.RequiresGrad = true;
        t.Name = "p";
        return t;
    }

    public static double[] D(float[] v) => v.Select(x => (double)x).ToArray();

    /// <summary>Gradients for a few steps: deterministic, mixed signs and magnitudes.</summary>
    public static float[][] Gradients(int steps, int n, ulong seed)
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, steps).Select(_ => Enumerable.Range(0, n).Select(_ => (float)((g.NextDouble() * 2 - 1) * Math.Pow(10, g.NextInt(4) - 2))).ToArray()).ToArray();
    }

    /// <summary>Asserts the float parameter follows the double reference to float precision.</summary>
    public static void AssertFollows(double[] expected, Tensor actual, double rtol = 2e-6, double atol = 1e-7, string what = "")
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            if (!(Math.Abs(a[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i])))
                Assert.Fail($"{what} element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }
}

internal static class OptimHarness
{
    /// <summary>
    /// Runs <paramref name="steps"/> steps of the optimizer made by <paramref name="make"/> on one parameter of
    /// <paramref name="n"/> elements and of <paramref name="rule"/> in double, with the same gradients, and
    /// compares after every step.
    /// </summary>
    public static void FollowsReference(Func<Tensor, Activa.Optim.Optimizer> make, OptimReference.IRule rule, int n, int steps, ulong seed,
        double rtol = 2e-6, double atol = 1e-6)
    {
        var g = new Generator(seed);
        var init = Enumerable.Range(0, n).Select(_ => (float)(g.NextDouble() * 4 - 2)).ToArray();
        var p = OptimReference.Parameter(init);
        var opt = make(p);
        var expected = OptimReference.D(init);
        var grads = OptimReference.Gradients(steps, n, seed + 1);
        for (int k = 0; k < steps; k++)
        {
            p.Grad = Tensor.FromArray(grads[k], n);
            opt.Step();
            rule.Step(expected, OptimReference.D(grads[k]));
            OptimReference.AssertFollows(expected, p, rtol, atol, what: $"after step {k + 1}:");
        }
        Assert.Equal(steps, opt.StepCount);
    }
}
