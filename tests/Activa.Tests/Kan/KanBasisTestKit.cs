using Activa.Autograd;
using Activa.Kan;
using Activa.Tests.Nn;

namespace Activa.Tests.Kan;

/// <summary>
/// Checks every KAN basis goes through: values and gradients against a double reference written in the test,
/// extreme inputs, Select, the spec round trip, and a small fit of sin(πx).
/// </summary>
internal static class KanBasisTestKit
{
    /// <summary>
    /// The features of <paramref name="x"/> (row-major [rows, inputs]) in double: SiLU first when
    /// <paramref name="withBase"/>, then <paramref name="values"/>(input, x) (the basis functions of one element).
    /// </summary>
    public static double[] Features(double[] x, int inputs, int size, bool withBase, Func<int, double, double[]> values)
    {
        int s = size + (withBase ? 1 : 0), b = withBase ? 1 : 0;
        var f = new double[x.Length * s];
        for (int e = 0; e < x.Length; e++)
        {
            if (withBase) f[e * s] = x[e] / (1 + Math.Exp(-x[e]));
            var v = values(e % inputs, x[e]);
            Assert.Equal(size, v.Length);
            v.CopyTo(f, e * s + b);
        }
        return f;
    }

    /// <summary>Features(x) of <paramref name="basis"/>, with and without the base branch, match the reference within <paramref name="tolerance"/>.</summary>
    public static void AssertValues(KanBasis basis, Tensor x, Func<int, double, double[]> values, double tolerance = 1e-5)
    {
        var xd = x.ToArray().Select(v => (double)v).ToArray();
        foreach (bool withBase in new[] { false, true })
        {
            var f = basis.Features(x, withBase);
            Assert.Equal(new[] { x.Dims[0], basis.Inputs * (basis.Size + (withBase ? 1 : 0)) }, f.Shape.ToArray());
            var expected = Features(xd, basis.Inputs, basis.Size, withBase, values);
            var actual = f.ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                    $"{basis.Spec}, base {withBase}: feature {i} is {actual[i]}, expected {expected[i]}");
        }
    }

    /// <summary>
    /// Gradients of Features(x) with respect to x and to the basis's parameters (if any) against central differences of
    /// the double reference; <paramref name="values"/> gets the parameters as GradCheck passes them ([x, parameters...]).
    /// </summary>
    public static void GradCheck(KanBasis basis, Tensor x, bool withBase, Func<double[][], int, double, double[]> values)
    {
        double[] Reference(double[][] arrays) => Features(arrays[0], basis.Inputs, basis.Size, withBase, (p, v) => values(arrays, p, v));
        if (basis.Parameters().Any())
            ModuleGradCheck.Check(basis, [x], xs => basis.Features(xs[0], withBase), Reference);
        else
            Autograd.GradCheck.Check(xs => basis.Features(xs[0], withBase), [x], ModuleGradCheck.AgainstReference, Reference);
    }

    /// <summary>
    /// ±1e30 and ±∞ give finite features without the base branch and no NaN with it (SiLU(+∞) is +∞), and NaN gives NaN
    /// somewhere in its own block.
    /// </summary>
    public static void AssertExtremeInputsAreFinite(KanBasis basis)
    {
        Assert.Equal(1, basis.Inputs);
        float[] xs = [-1e30f, 1e30f, float.NegativeInfinity, float.PositiveInfinity, float.MaxValue, -float.MaxValue, 0.5f];
        var x = Tensor.FromArray(xs, xs.Length, 1);
        var plain = basis.Features(x, false).ToArray();
        Assert.All(plain, v => Assert.True(float.IsFinite(v), $"{basis.Spec}: {v} among [{string.Join(", ", plain)}]"));
        Assert.DoesNotContain(basis.Features(x, true).ToArray(), float.IsNaN);
        var nan = basis.Features(Tensor.FromArray([float.NaN], 1, 1), false).ToArray();
        Assert.Contains(nan, float.IsNaN);
        // The backward of extreme inputs is finite too.
        var leaf = Tensor.FromArray(xs, xs.Length, 1);
        leaf.RequiresGrad = true;
        basis.ZeroGrad();
        basis.Features(leaf, false).Sum().Backward();
        Assert.All(leaf.Grad!.ToArray(), v => Assert.True(float.IsFinite(v), $"{basis.Spec}: input gradient {v}"));
        foreach (var p in basis.Parameters()) Assert.All(p.Grad!.ToArray(), v => Assert.True(float.IsFinite(v), $"{basis.Spec}: parameter gradient {v}"));
        basis.ZeroGrad();
    }

    /// <summary>Select(<paramref name="selection"/>) computes, for each kept input, exactly the features the input had.</summary>
    public static void AssertSelectKeepsValues(KanBasis basis, int[] selection, Generator generator)
    {
        int rows = 7, n = basis.Inputs, s = basis.Size;
        var x = Tensor.Uniform([rows, n], -1.8f, 1.8f, generator);
        var xv = x.ToArray();
        var picked = new float[rows * selection.Length];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < selection.Length; j++) picked[r * selection.Length + j] = xv[r * n + selection[j]];
        var small = basis.Select(selection);
        Assert.Equal(selection.Length, small.Inputs);
        Assert.Equal(basis.Spec.Split('(')[0], small.Spec.Split('(')[0]);
        var full = basis.Features(x, false).ToArray();
        var part = small.Features(Tensor.FromArray(picked, rows, selection.Length), false).ToArray();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < selection.Length; j++)
                for (int k = 0; k < s; k++)
                    Assert.Equal(full[(r * n + selection[j]) * s + k], part[(r * selection.Length + j) * s + k], 1e-6f);
        Assert.Throws<ArgumentOutOfRangeException>(() => basis.Select([n]));
        Assert.Throws<ArgumentException>(() => basis.Select([]));
    }

    /// <summary>KanBases.Create(Spec) rebuilds a basis with the same spec, size and (at its initial state) the same features.</summary>
    public static void AssertSpecRoundTrips(KanBasis basis)
    {
        var again = KanBases.Create(basis.Spec, basis.Inputs);
        Assert.Equal(basis.GetType(), again.GetType());
        Assert.Equal(basis.Spec, again.Spec);
        Assert.Equal(basis.Size, again.Size);
        Assert.Equal(basis.DefaultBaseBranch, again.DefaultBaseBranch);
        var x = Tensor.Uniform([5, basis.Inputs], -1.5f, 1.5f, new Generator(99));
        Assert.Equal(basis.Features(x, true).ToArray(), again.Features(x, true).ToArray());
    }

    /// <summary>
    /// Trains KanLayer(1 → 1) on <paramref name="basis"/> (base branch as the basis defaults) to fit sin(πx) at 64 points
    /// of [−1, 1] with full-batch Adam, and returns the final MSE.
    /// </summary>
    public static float FitSinPi(KanBasis basis, int steps = 300, float lr = 0.03f)
    {
        const int n = 64;
        var xs = Enumerable.Range(0, n).Select(i => -1f + 2f * i / (n - 1)).ToArray();
        var x = Tensor.FromArray(xs, n, 1);
        var y = Tensor.FromArray([.. xs.Select(v => MathF.Sin(MathF.PI * v))], n, 1);
        var layer = new KanLayer(1, 1, basis, generator: new Generator(21));
        var opt = new Activa.Optim.Adam(layer.Parameters(), lr: lr);
        for (int step = 0; step < steps; step++)
        {
            opt.ZeroGrad();
            var l = Activa.Losses.Loss.Mse(layer.Forward(x), y);
            l.Backward();
            opt.Step();
        }
        using (Tensor.NoGrad()) return Activa.Losses.Loss.Mse(layer.Forward(x), y).Item();
    }
}
