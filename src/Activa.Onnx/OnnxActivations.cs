using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Onnx;

/// <summary>
/// Activation layers as ONNX nodes: an ONNX op where one computes the same function (Relu, Tanh, Sigmoid, Elu, Celu,
/// Selu, LeakyRelu, Softplus, Softsign, HardSigmoid, HardSwish, Abs, Clip, Shrink, ThresholdedRelu, PRelu), a
/// decomposition into elementary ops otherwise (GELU = ½x(1 + erf(x/√2)), SiLU and Swish-β = x·σ(βx), Mish =
/// x·tanh(softplus x), …; piecewise functions with Where) — every fixed activation of the zoo (<see cref="FixedNames"/>,
/// specialisations such as quick-gelu through the function they fix) — and every learnable one
/// (<see cref="LearnableNames"/>) with its trained parameters as per-channel initializers that broadcast over the
/// input (PReLU's slopes, PAU's coefficients, Dice's running statistics, PolyNorm's row norms as ReduceMean, …).
/// </summary>
internal static partial class OnnxActivations
{
    /// <summary>Names of the learnable activations the exporter writes.</summary>
    public static readonly string[] LearnableNames =
        ["prelu", "swish-beta", "pau", "dice", "apa", "aglu", "polyrelu", "polynorm", "xatlu", "xgelu", "xsilu", "snake", "sine", "elephant", "cauchy", "helu"];

    /// <summary>
    /// Adds the nodes of <paramref name="layer"/> (an activation module of <paramref name="units"/> channels) applied to
    /// <paramref name="x"/> [rows, units]: per-channel constants are vectors [units] that broadcast over the rows.
    /// </summary>
    /// <exception cref="NotSupportedException">An activation without an ONNX form here; the message names it and lists those there are.</exception>
    public static string Apply(OnnxGraph g, Module layer, string x, int units)
    {
        string Const(string hint, float[] values) => g.Constant(hint, values, units);
        string Sets(string hint, float[] perSet, LearnableActivation l) => Const(hint, PerUnit(perSet, units, l));
        return layer switch
        {
            PRelu prelu => g.Node("PRelu", [x, Sets("slope", prelu.Weight.ToArray(), prelu)]),
            SwishBeta swish => g.Node("Mul", [x, g.Node("Sigmoid", [g.Node("Mul", [x, Sets("beta", swish.Beta.ToArray(), swish)])])]),
            Pau pau => Rational(g, pau, x, units, Const),
            Dice dice => DiceGate(g, dice, x, units, Const),
            ApaGateActivation apa => ApaGate(g, apa, x, units, Const),
            PolyRelu poly => PolyReluNodes(g, poly, x, units, Const),
            PolyNorm norm => PolyNormNodes(g, norm, x, units),
            ExpandedGatingActivation expanded => Expanded(g, expanded, x, units, Const),
            Snake snake => SnakeNodes(g, snake, x, units, Const),
            Siren sine => g.Node("Sin", [g.Node("Mul", [x, g.Scalar("omega0", sine.Omega0)])]),
            Helu => g.Node("Relu", [x]),
            Elephant elephant => ElephantNodes(g, elephant, x, units, Const),
            Cauchy cauchy => CauchyNodes(g, cauchy, x, units, Const),
            Act act => FixedActivation(g, act.ActivationName, x),
            LearnableActivation l => throw Unsupported(l.Describe().Name),
            _ => throw new NotSupportedException($"ONNX export has no form for the layer '{layer.GetType().Name}'; it writes {OnnxLayers.Covered}."),
        };
    }

    /// <summary>
    /// PAU's P(x)/Q(x) per unit, by Horner's rule on per-unit coefficient vectors: P = Σ aᵢxⁱ; Q by the unit's safe form
    /// (<see cref="RationalVersion"/>): A 1 + Σ|b_j||x|ʲ, B and D 1 + |Σ b_j xʲ| (D's noise is a training-time thing), C 0.1 + |Σ b_j xʲ⁻¹|.
    /// </summary>
    private static string Rational(OnnxGraph g, Pau pau, string x, int units, Func<string, float[], string> constant)
    {
        int m = pau.M, n = pau.N;
        var a = pau.Numerator.ToArray();
        var b = pau.Denominator.ToArray();
        string Coefficient(float[] all, int stride, int k, bool abs, string hint) =>
            constant(hint, [.. Enumerable.Range(0, units).Select(u => all[pau.SetOf(u) * stride + k] is var v && abs ? MathF.Abs(v) : v)]);
        string Horner(string t, float[] all, int stride, int first, int last, bool abs, string hint)
        {
            string acc = Coefficient(all, stride, last, abs, hint);
            for (int k = last - 1; k >= first; k--) acc = g.Node("Add", [g.Node("Mul", [acc, t]), Coefficient(all, stride, k, abs, hint)]);
            return acc;
        }
        string p = Horner(x, a, m + 1, 0, m, false, "a");
        string q = pau.Version switch
        {
            RationalVersion.A => g.Node("Add", [g.Scalar("one", 1f), g.Node("Mul", [g.Node("Abs", [x]), Horner(g.Node("Abs", [x]), b, n, 0, n - 1, true, "b")])]),
            RationalVersion.C => g.Node("Add", [g.Scalar("tenth", 0.1f), g.Node("Abs", [Horner(x, b, n, 0, n - 1, false, "b")])]),
            _ => g.Node("Add", [g.Scalar("one", 1f), g.Node("Abs", [g.Node("Mul", [x, Horner(x, b, n, 0, n - 1, false, "b")])])]),
        };
        return g.Node("Div", [p, q]);
    }

    /// <summary>
    /// Dice in evaluation mode (running statistics): x·(α + (1 − α)·σ(β·(x − μ)/√(σ² + ε))), per unit, β = 1 in the paper's
    /// form; 1/√(σ² + ε) rounded to float once, as the module does.
    /// </summary>
    private static string DiceGate(OnnxGraph g, Dice dice, string x, int units, Func<string, float[], string> constant)
    {
        var mean = dice.RunningMean.ToArray();
        var variance = dice.RunningVar.ToArray();
        var alpha = PerUnit(dice.Alpha.ToArray(), units, dice);
        var beta = dice.Scale is { } scale ? PerUnit(scale.ToArray(), units, dice) : null;
        var inverse = Enumerable.Range(0, units).Select(u => (float)(1 / Math.Sqrt(variance[u] + dice.Eps))).ToArray();
        var z = g.Node("Mul", [g.Node("Sub", [x, constant("mean", [.. mean.Take(units)])]), constant("inv_std", inverse)]);
        if (beta != null) z = g.Node("Mul", [z, constant("beta", beta)]);
        var gate = g.Node("Add", [g.Node("Mul", [g.Node("Sigmoid", [z]), constant("one_minus_alpha", [.. alpha.Select(a => 1 - a)])]),
            constant("alpha", alpha)]);
        return g.Node("Mul", [x, gate]);
    }

    /// <summary>
    /// APA's gate exp(−softplus(ln λ − κx)/λ) — the stable form of (λe^(−κx) + 1)^(−1/λ), λ clamped as the module
    /// clamps it — and AGLU = x·gate, per unit.
    /// </summary>
    private static string ApaGate(OnnxGraph g, ApaGateActivation apa, string x, int units, Func<string, float[], string> constant)
    {
        var kappa = PerUnit(apa.Kappa.ToArray(), units, apa);
        var lambda = PerUnit(apa.Lambda, units, apa);
        var u = g.Node("Sub", [constant("log_lambda", [.. lambda.Select(l => MathF.Log(l))]), g.Node("Mul", [x, constant("kappa", kappa)])]);
        var gate = g.Node("Exp", [g.Node("Mul", [g.Node("Softplus", [u]), constant("minus_inv_lambda", [.. lambda.Select(l => -1f / l)])])]);
        return apa is Aglu ? g.Node("Mul", [x, gate]) : gate;
    }

    /// <summary>PolyReLU a₀ + Σ aᵢ·uⁱ, u = ReLU(x), by Horner's rule on per-unit coefficients, as the kernel evaluates it.</summary>
    private static string PolyReluNodes(OnnxGraph g, PolyRelu poly, string x, int units, Func<string, float[], string> constant)
    {
        int r = poly.Order;
        var w = poly.Weight.ToArray();
        var bias = poly.Bias.ToArray();
        string Coefficient(int i) => constant("a", [.. Enumerable.Range(0, units).Select(c => i == 0 ? bias[poly.SetOf(c)] : w[poly.SetOf(c) * r + i - 1])]);
        var u = g.Node("Relu", [x]);
        string y = Coefficient(r);
        for (int i = r - 1; i >= 0; i--) y = g.Node("Add", [g.Node("Mul", [y, u]), Coefficient(i)]);
        return y;
    }

    /// <summary>
    /// PolyNorm Σ aᵢ·xⁱ·ρᵢ + a₀ with ρᵢ = 1/√(mean(x²ⁱ) + ε) over the last dimension (ReduceMean, keepdims), the channels
    /// of the last dimension.
    /// </summary>
    private static string PolyNormNodes(OnnxGraph g, PolyNorm norm, string x, int units)
    {
        int r = norm.Order;
        var w = norm.Weight.ToArray();
        var bias = norm.Bias.ToArray();
        string y = g.Constant("a0", [.. Enumerable.Range(0, units).Select(c => bias[norm.SetOf(c)])], units);
        string power = x;
        for (int i = 1; i <= r; i++)
        {
            if (i > 1) power = g.Node("Mul", [power, x]);
            var meanSquare = g.Node("ReduceMean", [g.Node("Mul", [power, power])], ("axes", new long[] { -1 }), ("keepdims", 1));
            var rho = g.Node("Reciprocal", [g.Node("Sqrt", [g.Node("Add", [meanSquare, g.Scalar("eps", (float)norm.Eps)])])]);
            int k = i;
            var a = g.Constant("a", [.. Enumerable.Range(0, units).Select(c => w[norm.SetOf(c) * r + k - 1])], units);
            y = g.Node("Add", [y, g.Node("Mul", [g.Node("Mul", [power, rho]), a])]);
        }
        return y;
    }

    /// <summary>xATLU, xGELU, xSiLU: x·((1 + 2α)·g(x) − α) with g = ½ + arctan(x)/π, Φ(x) or σ(x).</summary>
    private static string Expanded(OnnxGraph g, ExpandedGatingActivation layer, string x, int units, Func<string, float[], string> constant)
    {
        string gate = layer switch
        {
            XAtlu => g.Node("Add", [g.Node("Mul", [g.Node("Atan", [x]), g.Scalar("inv_pi", 1f / MathF.PI)]), g.Scalar("half", 0.5f)]),
            XGelu => g.Node("Mul", [g.Node("Add", [g.Node("Erf", [g.Node("Mul", [x, g.Scalar("inv_sqrt2", 0.70710678118654752f)])]), g.Scalar("one", 1f)]), g.Scalar("half", 0.5f)]),
            XSilu => g.Node("Sigmoid", [x]),
            _ => throw Unsupported(layer.Describe().Name),
        };
        var alpha = PerUnit(layer.Alpha.ToArray(), units, layer);
        var scaled = g.Node("Sub", [g.Node("Mul", [gate, constant("one_plus_2alpha", [.. alpha.Select(a => 1 + 2 * a)])]), constant("alpha", alpha)]);
        return g.Node("Mul", [x, scaled]);
    }

    /// <summary>Snake x + sin²(a·x)/a, a guarded away from 0 as the module guards it.</summary>
    private static string SnakeNodes(OnnxGraph g, Snake snake, string x, int units, Func<string, float[], string> constant)
    {
        var a = PerUnit([.. snake.A.ToArray().Select(Snake.Guard)], units, snake);
        var s = g.Node("Sin", [g.Node("Mul", [x, constant("a", a)])]);
        return g.Node("Add", [x, g.Node("Mul", [g.Node("Mul", [s, s]), constant("inv_a", [.. a.Select(v => 1f / v)])])]);
    }

    /// <summary>Elephant 1/(1 + (|x|/a)^d) with a = e^ρₐ, d = e^ρ_d as the module clamps them.</summary>
    private static string ElephantNodes(OnnxGraph g, Elephant elephant, string x, int units, Func<string, float[], string> constant)
    {
        var inverseA = PerUnit([.. elephant.A.Select(a => (float)(1 / (double)a))], units, elephant);
        var d = PerUnit(elephant.D, units, elephant);
        var p = g.Node("Pow", [g.Node("Mul", [g.Node("Abs", [x]), constant("inv_a", inverseA)]), constant("d", d)]);
        return g.Node("Reciprocal", [g.Node("Add", [p, g.Scalar("one", 1f)])]);
    }

    /// <summary>Cauchy (λ₁x + λ₂)/(x² + d²), d² floored as the module floors it.</summary>
    private static string CauchyNodes(OnnxGraph g, Cauchy cauchy, string x, int units, Func<string, float[], string> constant)
    {
        var d2 = PerUnit([.. cauchy.D.ToArray().Select(d => MathF.Max(d * d, Cauchy.MinD2))], units, cauchy);
        var numerator = g.Node("Add", [g.Node("Mul", [x, constant("lambda1", PerUnit(cauchy.Lambda1.ToArray(), units, cauchy))]),
            constant("lambda2", PerUnit(cauchy.Lambda2.ToArray(), units, cauchy))]);
        return g.Node("Div", [numerator, g.Node("Add", [g.Node("Mul", [x, x]), constant("d2", d2)])]);
    }

    private static float[] PerUnit(float[] values, int units, LearnableActivation activation) =>
        [.. Enumerable.Range(0, units).Select(u => values[activation.SetOf(u)])];

    private static NotSupportedException Unsupported(string name) => new(
        $"ONNX export has no form for the activation '{name}'. Fixed: {string.Join(", ", FixedNames)}; learnable: {string.Join(", ", LearnableNames)}.");
}
