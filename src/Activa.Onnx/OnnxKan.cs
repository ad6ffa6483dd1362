using Activa.Kan;

namespace Activa.Onnx;

/// <summary>
/// KAN layers as ONNX nodes, the way the layer computes them: the basis of every input as one [batch, in, K] tensor
/// (B-splines by the Cox–de Boor recursion on each input's knots, inputs clamped to the grid; Chebyshev on tanh x;
/// Gaussian RBFs; Fourier cos/sin), the SiLU base branch beside it, flattened to [batch, in·S], then one Gemm with the
/// layer's coefficient matrix.
/// </summary>
internal static class OnnxKan
{
    /// <summary>Bases the exporter writes.</summary>
    public static readonly string[] Bases = ["bspline", "chebyshev", "rbf", "fourier", "relu-kan", "afkan", "grkan"];

    /// <summary>Adds <paramref name="layer"/> applied to <paramref name="x"/> [batch, in]; returns [batch, out].</summary>
    /// <exception cref="NotSupportedException">A basis without an ONNX form here (named).</exception>
    public static string Layer(OnnxGraph g, KanLayer layer, string x)
    {
        int inputs = layer.InFeatures;
        var x3 = g.Node("Unsqueeze", [x, g.Int64("axes", [2], 1)]);                        // [batch, in, 1]
        string basis = layer.Basis switch
        {
            BSplineBasis b => BSpline(g, b, x3),
            ChebyshevBasis c => Chebyshev(g, c, x3),
            RbfBasis r => g.Node("Exp", [g.Node("Neg", [Square(g, g.Node("Div", [g.Node("Sub", [x3, g.Constant("centres",
                [.. Enumerable.Range(0, r.Centres).Select(r.Centre)], 1, 1, r.Centres)]), g.Scalar("width", r.Width)]))])]),
            FourierBasis f => Fourier(g, f, x3),
            ReluKanBasis r => ReluKan(g, r, x3),
            AfKanBasis a => AfKan(g, a, x3),
            GroupRationalBasis q => GroupRational(g, q, x3),
            _ => throw new NotSupportedException($"ONNX export has no form for the KAN basis {layer.Basis.Spec}; it writes {string.Join(", ", Bases)}."),
        };
        string features = layer.BaseBranch ? g.Node("Concat", [g.Node("Mul", [x3, g.Node("Sigmoid", [x3])]), basis], ("axis", 2)) : basis;
        var flat = g.Node("Reshape", [features, g.Int64("shape", [0, (long)inputs * layer.EdgeWidth], 2)]);
        var bias = layer.Bias?.ToArray() ?? new float[layer.OutFeatures];
        return g.Node("Gemm", [flat, g.Constant("coefficients", layer.Weight.ToArray(), layer.OutFeatures, (long)inputs * layer.EdgeWidth),
            g.Constant("bias", bias, layer.OutFeatures)], ("transB", 1));
    }

    private static string Square(OnnxGraph g, string v) => g.Node("Mul", [v, v]);

    /// <summary>Cox–de Boor over [batch, in, ·] with per-input knot constants [in, ·].</summary>
    private static string BSpline(OnnxGraph g, BSplineBasis basis, string x3)
    {
        int inputs = basis.Inputs, k = basis.Order, knots = basis.GridSize + 2 * k + 1;
        var t = basis.Knots.ToArray();
        float T(int i, int m) => t[i * knots + m];
        string PerInput(string hint, int count, Func<int, int, float> value) =>
            g.Constant(hint, [.. Enumerable.Range(0, inputs * count).Select(e => value(e / count, e % count))], inputs, count);
        // clamp into [lo, hi) — hi itself belongs to the last span, so the top is the float just below hi
        var lo = PerInput("lo", 1, (i, _) => T(i, k));
        var hi = PerInput("hi", 1, (i, _) => MathF.BitDecrement(T(i, k + basis.GridSize)));
        var xc = g.Node("Min", [g.Node("Max", [x3, lo]), hi]);
        int n = knots - 1;
        var inside = g.Node("And", [g.Node("GreaterOrEqual", [xc, PerInput("t0", n, (i, m) => T(i, m))]), g.Node("Less", [xc, PerInput("t1", n, (i, m) => T(i, m + 1))])]);
        var b = g.Node("Cast", [inside], ("to", 1));
        for (int d = 1; d <= k; d++)
        {
            n = knots - 1 - d;
            int dd = d;
            var left = g.Node("Mul", [g.Node("Sub", [xc, PerInput("tl", n, (i, m) => T(i, m))]),
                PerInput("inv_l", n, (i, m) => 1f / (T(i, m + dd) - T(i, m)))]);
            var right = g.Node("Mul", [g.Node("Sub", [PerInput("tr", n, (i, m) => T(i, m + dd + 1)), xc]),
                PerInput("inv_r", n, (i, m) => 1f / (T(i, m + dd + 1) - T(i, m + 1)))]);
            b = g.Node("Add", [g.Node("Mul", [left, Slice(g, b, 0, n)]), g.Node("Mul", [right, Slice(g, b, 1, n + 1)])]);
        }
        return b;
    }

    /// <summary>[ReLU(e − x)·ReLU(x − s)]²·16/(e − s)⁴ per input and function.</summary>
    private static string ReluKan(OnnxGraph g, ReluKanBasis basis, string x3)
    {
        var (s, e) = Bounds(g, basis);
        var width = Interval(basis, (a, b) => 1f / ((b - a) * (b - a)));
        var v = g.Node("Mul", [g.Node("Mul", [g.Node("Relu", [g.Node("Sub", [e, x3])]), g.Node("Relu", [g.Node("Sub", [x3, s])])]),
            g.Constant("inv_w2", width, basis.Inputs, basis.Size)]);
        return g.Node("Mul", [g.Node("Mul", [v, v]), g.Scalar("sixteen", 16f)]);
    }

    /// <summary>h(f(x − s), f(e − x)) with x clamped to ±<see cref="AfKanBasis.Limit"/>.</summary>
    private static string AfKan(OnnxGraph g, AfKanBasis basis, string x3)
    {
        var (s, e) = Bounds(g, basis);
        var c = g.Node("Min", [g.Node("Max", [x3, g.Scalar("lo", -AfKanBasis.Limit)]), g.Scalar("hi", AfKanBasis.Limit)]);
        var x1 = OnnxActivations.FixedActivation(g, basis.Function, g.Node("Sub", [c, s]));
        var x2 = OnnxActivations.FixedActivation(g, basis.Function, g.Node("Sub", [e, c]));
        string Mul(string a, string b) => g.Node("Mul", [a, b]);
        string Add(string a, string b) => g.Node("Add", [a, b]);
        return basis.Combination switch
        {
            "quad1" => Mul(Mul(x1, x2), Mul(x1, x2)),
            "quad2" => Add(Add(Mul(x1, x2), Mul(x1, x1)), Mul(x2, x2)),
            "sum" => Add(x1, x2),
            "prod" => Mul(x1, x2),
            "sum_prod" => Add(Add(x1, x2), Mul(x1, x2)),
            "cubic1" => Mul(Add(x1, x2), Add(Mul(x1, x1), Mul(x2, x2))),
            _ => Mul(Mul(Mul(x1, x2), Mul(x1, x2)), Mul(x1, x2)),
        };
    }

    /// <summary>GR-KAN's P(x)/Q(x) per input: the shared numerator, the input's group's safe denominator
    /// Q = 1 + Σ|b_j||x|ʲ (PAU's version A), x clamped to ±<see cref="GroupRationalBasis.Limit"/>.</summary>
    private static string GroupRational(OnnxGraph g, GroupRationalBasis basis, string x3)
    {
        var c = g.Node("Min", [g.Node("Max", [x3, g.Scalar("lo", -GroupRationalBasis.Limit)]), g.Scalar("hi", GroupRationalBasis.Limit)]);
        var a = basis.Numerator.ToArray();
        var b = basis.Denominator.ToArray();
        string p = g.Scalar("a", a[GroupRationalBasis.M]);
        for (int i = GroupRationalBasis.M - 1; i >= 0; i--) p = g.Node("Add", [g.Node("Mul", [p, c]), g.Scalar("a", a[i])]);
        var abs = g.Node("Abs", [c]);
        string B(int j) => g.Constant("b", [.. Enumerable.Range(0, basis.Inputs).Select(i => MathF.Abs(b[basis.GroupOf(i) * GroupRationalBasis.N + j]))], basis.Inputs, 1);
        string q = B(GroupRationalBasis.N - 1);
        for (int j = GroupRationalBasis.N - 2; j >= 0; j--) q = g.Node("Add", [g.Node("Mul", [q, abs]), B(j)]);
        return g.Node("Div", [p, g.Node("Add", [g.Scalar("one", 1f), g.Node("Mul", [q, abs])])]);
    }

    private static (string Start, string End) Bounds(OnnxGraph g, IntervalKanBasis basis) =>
        (g.Constant("start", basis.Start.ToArray(), basis.Inputs, basis.Size), g.Constant("end", basis.End.ToArray(), basis.Inputs, basis.Size));

    private static float[] Interval(IntervalKanBasis basis, Func<float, float, float> f)
    {
        var s = basis.Start.ToArray();
        var e = basis.End.ToArray();
        return [.. Enumerable.Range(0, s.Length).Select(i => f(s[i], e[i]))];
    }

    private static string Slice(OnnxGraph g, string v, long start, long end) =>
        g.Node("Slice", [v, g.Int64("starts", [start], 1), g.Int64("ends", [end], 1), g.Int64("axes", [2], 1)]);

    private static string Chebyshev(OnnxGraph g, ChebyshevBasis basis, string x3)
    {
        var t = g.Node("Tanh", [x3]);
        var terms = new List<string> { g.Node("Add", [g.Node("Mul", [t, g.Scalar("zero", 0f)]), g.Scalar("one", 1f)]) };
        if (basis.Degree >= 1) terms.Add(t);
        var twoT = g.Node("Mul", [t, g.Scalar("two", 2f)]);
        for (int d = 2; d <= basis.Degree; d++) terms.Add(g.Node("Sub", [g.Node("Mul", [twoT, terms[d - 1]]), terms[d - 2]]));
        return terms.Count == 1 ? terms[0] : g.Node("Concat", [.. terms], ("axis", 2));
    }

    private static string Fourier(OnnxGraph g, FourierBasis basis, string x3)
    {
        var kx = g.Node("Mul", [x3, g.Constant("frequencies", [.. Enumerable.Range(1, basis.Frequencies).Select(k => (float)k)], 1, 1, basis.Frequencies)]);
        return g.Node("Concat", [g.Node("Cos", [kx]), g.Node("Sin", [kx])], ("axis", 2));
    }
}
