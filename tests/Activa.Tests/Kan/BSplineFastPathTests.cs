using Activa.Autograd;
using Activa.Kan;

namespace Activa.Tests.Kan;

/// <summary>
/// The B-spline basis's lane kernel (BSplineLanes, behind <see cref="KanBasis.Features"/>) against its scalar reference
/// (the Cox–de Boor recurrence on the k + 1 non-zero functions, <c>EvaluateReference</c> / <c>BackwardReference</c>):
/// equal within 1e-6 relative on uniform and fitted grids, inside, on and outside the grid, at ±∞ and NaN, and with an
/// input count that is not a multiple of the lane width (so the 16-, 8- and 1-lane bodies all run).
/// </summary>
public class BSplineFastPathTests
{
    private const int Inputs = 21; // 16 + 5: a full AVX-512 block and a scalar tail in every row

    /// <summary>Inputs spread inside and beyond [lo, hi], plus the knots themselves, the ends and the special values.</summary>
    private static float[] Samples(BSplineBasis basis, int rows, int seed)
    {
        var x = Tensor.Uniform([rows, Inputs], -1f, 1f, new Generator((ulong)seed)).ToArray();
        var t = basis.Knots.AsSpan();
        int knots = basis.GridSize + 2 * basis.Order + 1;
        for (int e = 0; e < x.Length; e++)
        {
            int i = e % Inputs;
            var (lo, hi) = basis.Range(i);
            x[e] = lo + (hi - lo) * (0.5f + 0.75f * x[e]); // [lo − 25 %, hi + 25 %] of the range
        }
        // Row 0: every knot of each input (interior knots, lo, hi, and the extension knots outside the grid).
        for (int i = 0; i < Inputs; i++) x[i] = t[i * knots + i % knots];
        float[] special = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, -1e30f, 1e30f, -200f, 200f];
        for (int j = 0; j < special.Length; j++) x[Inputs + j] = special[j];
        return x;
    }

    private static void AssertClose(float expected, float actual, double tolerance, string where)
    {
        if (float.IsNaN(expected)) { Assert.True(float.IsNaN(actual), $"{where}: expected NaN, got {actual}"); return; }
        if (float.IsInfinity(expected)) { Assert.Equal(expected, actual); return; }
        double err = Math.Abs((double)expected - actual);
        Assert.True(err <= tolerance * Math.Max(1.0, Math.Abs(expected)), $"{where}: expected {expected}, got {actual} (error {err:E2})");
    }

    private static double Silu(double x) => x < -100 ? 0 : x / (1 + Math.Exp(-x));

    private static double SiluDerivative(double x)
    {
        if (x < -100) return 0;
        if (x > 100) return 1;
        double s = 1 / (1 + Math.Exp(-x));
        return s * (1 + x * (1 - s));
    }

    private static BSplineBasis Fitted(int grid, int order)
    {
        // Skewed data (squares of normals): a grid with very unequal intervals.
        var data = Tensor.Randn([300, Inputs], new Generator(5)).ToArray().Select(v => v * v * MathF.Sign(v) + 0.3f).ToArray();
        return new BSplineBasis(Inputs, grid, order, -2f, 2f).FitGrid(Tensor.FromArray(data, 300, Inputs));
    }

    public static TheoryData<int, int, bool> Grids => new()
    {
        { 5, 3, false }, { 5, 3, true }, { 1, 3, false }, { 7, 2, true }, { 4, 1, false }, { 3, 0, true }, { 12, 5, false }, { 30, 3, true },
    };

    [Theory]
    [MemberData(nameof(Grids))]
    public void FeaturesEqualTheScalarReference(int grid, int order, bool fitted)
    {
        var basis = fitted ? Fitted(grid, order) : new BSplineBasis(Inputs, grid, order, -1.5f, 2f);
        int rows = 9, size = basis.Size;
        var x = Samples(basis, rows, grid * 10 + order);
        var reference = new float[rows * Inputs * size];
        basis.EvaluateReference(x, reference, size);
        var plain = basis.Features(Tensor.FromArray(x, rows, Inputs), withBase: false).ToArray();
        var withBase = basis.Features(Tensor.FromArray(x, rows, Inputs), withBase: true).ToArray();
        for (int e = 0; e < x.Length; e++)
        {
            AssertClose((float)Silu(x[e]), withBase[e * (size + 1)], 1e-6, $"silu({x[e]})");
            for (int m = 0; m < size; m++)
            {
                AssertClose(reference[e * size + m], plain[e * size + m], 1e-6, $"B_{m}({x[e]}) of input {e % Inputs}");
                AssertClose(reference[e * size + m], withBase[e * (size + 1) + 1 + m], 1e-6, $"B_{m}({x[e]}) beside the base");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void InputGradientsEqualTheScalarReference(int grid, int order, bool fitted)
    {
        var basis = fitted ? Fitted(grid, order) : new BSplineBasis(Inputs, grid, order, -1.5f, 2f);
        int rows = 9, size = basis.Size, stride = size + 1;
        var x = Samples(basis, rows, grid * 10 + order + 1);
        var g = Tensor.Uniform([rows, Inputs * stride], -1f, 1f, new Generator(3));
        var xt = Tensor.FromArray(x, rows, Inputs);
        xt.RequiresGrad = true;
        basis.Features(xt, withBase: true).Backward(g);
        var fast = xt.Grad!.ToArray();
        var gs = g.ToArray();
        var reference = new float[x.Length];
        basis.BackwardReference(x, gs.AsSpan(1), stride, reference);
        for (int e = 0; e < x.Length; e++)
        {
            double spline = reference[e], total = spline + gs[e * stride] * SiluDerivative(x[e]);
            // Relative to the size of the terms summed: the derivative of a spline is a difference of large terms.
            double scale = Math.Abs(spline) + Enumerable.Range(0, size).Sum(m => Math.Abs(gs[e * stride + 1 + m])) * order / MinInterval(basis, e % Inputs);
            if (float.IsNaN(x[e])) { Assert.True(float.IsNaN(fast[e])); continue; }
            Assert.True(Math.Abs(total - fast[e]) <= 1e-6 * Math.Max(1, scale), $"d/dx at x = {x[e]} (input {e % Inputs}): reference {total}, fast {fast[e]}");
        }
    }

    private static double MinInterval(BSplineBasis basis, int input)
    {
        var t = basis.Knots.AsSpan().Slice(input * (basis.GridSize + 2 * basis.Order + 1), basis.GridSize + 2 * basis.Order + 1);
        double min = double.MaxValue;
        for (int m = 1; m < t.Length; m++) min = Math.Min(min, t[m] - t[m - 1]);
        return min;
    }

    [Fact]
    public void KnotsChangedInPlaceAreSeenByTheNextCall()
    {
        // A grid update (KanLayer.UpdateGrid) and a checkpoint load write the knots in place: the cached tables must follow.
        var basis = new BSplineBasis(Inputs, 5, 3);
        var x = Samples(basis, 4, 9);
        var before = basis.Features(Tensor.FromArray(x, 4, Inputs), false).ToArray();
        var fitted = Fitted(5, 3);
        using (Tensor.NoGrad()) basis.Knots.CopyFrom(fitted.Knots);
        var after = basis.Features(Tensor.FromArray(x, 4, Inputs), false).ToArray();
        var reference = new float[after.Length];
        basis.EvaluateReference(x, reference, basis.Size);
        Assert.NotEqual(before, after);
        for (int j = 0; j < after.Length; j++) AssertClose(reference[j], after[j], 1e-6, $"feature {j}");
    }

    [Fact]
    public void GradientsOnAFittedGridMatchFiniteDifferences()
    {
        // The lane kernel's backward on unequal intervals, against finite differences of its own forward.
        var basis = Fitted(5, 3);
        var x = Tensor.Uniform([4, Inputs], -0.5f, 1.5f, new Generator(8));
        GradCheck.Check(xs => basis.Features(xs[0], withBase: true), [x], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-2, AbsoluteTolerance: 2e-3));
    }

    /// <summary>A basis of one function, b(x) = x², to see the shared SiLU base branch of pointwise bases on its own.</summary>
    private sealed class SquareBasis(int inputs) : PointwiseKanBasis(inputs)
    {
        public override int Size => 1;
        public override string Spec => "square";
        public override KanBasis Select(int[] inputs) => new SquareBasis(inputs.Length);
        protected override void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride)
        {
            for (int e = 0; e < x.Length; e++) dest[e * stride] = x[e] * x[e];
        }
        protected override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad)
        {
            if (gradX.IsEmpty) return;
            for (int e = 0; e < x.Length; e++) gradX[e] += 2 * x[e] * grad[e * stride];
        }
    }

    [Fact]
    public void TheVectorisedSiluBaseBranchOfPointwiseBasesMatchesSiluInDouble()
    {
        var basis = new SquareBasis(Inputs);
        var x = Samples(new BSplineBasis(Inputs), 9, 4);
        var g = Tensor.Uniform([9, Inputs * 2], -1f, 1f, new Generator(7));
        var xt = Tensor.FromArray(x, 9, Inputs);
        xt.RequiresGrad = true;
        var f = basis.Features(xt, withBase: true);
        f.Backward(g);
        var fv = f.ToArray();
        var gv = g.ToArray();
        var gx = xt.Grad!.ToArray();
        for (int e = 0; e < x.Length; e++)
        {
            AssertClose((float)Silu(x[e]), fv[2 * e], 1e-6, $"silu({x[e]})");
            AssertClose(x[e] * x[e], fv[2 * e + 1], 0, $"square({x[e]})");
            if (float.IsInfinity(x[e])) continue; // the square's gradient is ±∞ there, the sum's is not comparable
            AssertClose((float)(gv[2 * e] * SiluDerivative(x[e]) + 2.0 * x[e] * gv[2 * e + 1]), gx[e], 1e-6, $"d/dx at {x[e]}");
        }
    }
}
