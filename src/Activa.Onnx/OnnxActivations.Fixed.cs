using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Onnx;

/// <summary>The fixed activations of the zoo as ONNX nodes: an ONNX op where one computes the same function, a decomposition into elementary ops otherwise.</summary>
internal static partial class OnnxActivations
{
    /// <summary>Names of the fixed activations the exporter writes.</summary>
    public static readonly string[] FixedNames =
    [
        "identity", "relu", "relu6", "leaky-relu", "elu", "celu", "selu", "tanh", "sigmoid", "softplus", "softsign", "hard-sigmoid",
        "hard-swish", "hard-tanh", "abs", "gelu", "gelu-tanh", "silu", "quick-gelu", "swish", "mish", "tanh-shrink", "relu-squared", "square",
        "erf", "log-sigmoid", "gaussian", "hard-shrink", "soft-shrink", "rrelu",
        "gumbel", "complementary-log-log", "probit", "tempered-sigmoid", "bipolar-sigmoid", "lecun-tanh", "penalized-tanh", "soft-root-sign",
        "dsilu", "threshold", "repu", "thresholded-relu", "clipped-relu", "shifted-relu", "concave-relu", "nlrelu", "plu", "star-relu",
        "poly-relu", "cube", "blu", "tanhsoft", "isru", "sqnl", "sqnl-sigmoid", "smooth-step", "soft-clipping", "elliott", "hard-sigmoid-bc",
        "plan", "golu", "smu", "lisht", "xatlu", "logish", "smish", "tanhexp", "serf", "phish", "gish", "e-swish", "swish-t", "aria-2",
        "apa", "aglu", "acon-c", "flatten-t-swish", "eis", "multiquadric", "inverse-multiquadric", "hat", "tent", "wendland",
        "cubic-bspline", "quadratic-bspline", "sq-rbf", "elephant", "cauchy", "mexican-hat", "thin-plate-spline", "relu-kan-basis",
        "elish", "hard-elish", "pelu", "mpelu", "ptelu", "softplus-linear-unit", "shifted-softplus", "hexpo", "serlu", "garrote-shrink",
        "firm-shrink", "scad-shrink", "nonneg-soft-threshold", "crrelu", "smelu", "squareplus", "isrlu", "sqlu", "gcu", "asu", "spder",
        "gabor", "dsu", "ssu", "hosc", "sinlu", "snake", "snake-beta", "sine",
    ];

    /// <summary>The fixed activation <paramref name="spec"/> (a registry spec) applied to <paramref name="x"/>.</summary>
    /// <exception cref="NotSupportedException">One without an ONNX form here.</exception>
    public static string FixedActivation(OnnxGraph g, string spec, string x)
    {
        var (raw, options) = ActivationRegistry.ParseSpec(spec);
        var info = Activation.Info(raw);
        float P(string name) => (float)options.Get(info, name);
        switch (info.Name)
        {
            case "identity": return g.Node("Identity", [x]);
            case "relu": return g.Node("Relu", [x]);
            case "relu6": return g.Node("Clip", [x, g.Scalar("zero", 0f), g.Scalar("six", 6f)]);
            case "hard-tanh": return g.Node("Clip", [x, g.Scalar("min", P("min_val")), g.Scalar("max", P("max_val"))]);
            case "leaky-relu": return g.Node("LeakyRelu", [x], ("alpha", P("negative_slope")));
            case "elu": return g.Node("Elu", [x], ("alpha", P("alpha")));
            case "celu": return g.Node("Celu", [x], ("alpha", P("alpha")));
            case "selu": return g.Node("Selu", [x], ("alpha", 1.6732632423543772f), ("gamma", 1.0507009873554805f));
            case "tanh": return g.Node("Tanh", [x]);
            case "sigmoid": return g.Node("Sigmoid", [x]);
            case "softsign": return g.Node("Softsign", [x]);
            case "abs": return g.Node("Abs", [x]);
            case "hard-sigmoid": return g.Node("HardSigmoid", [x], ("alpha", 1f / 6), ("beta", 0.5f));
            case "hard-swish": return g.Node("HardSwish", [x]);
            case "softplus":
            {
                float beta = P("beta");
                if (beta == 1) return g.Node("Softplus", [x]);
                return g.Node("Div", [g.Node("Softplus", [g.Node("Mul", [x, g.Scalar("beta", beta)])]), g.Scalar("beta", beta)]);
            }
            case "gelu":
            {
                var erf = g.Node("Erf", [g.Node("Div", [x, g.Scalar("sqrt2", MathF.Sqrt(2f))])]);
                return g.Node("Mul", [g.Node("Mul", [x, g.Scalar("half", 0.5f)]), g.Node("Add", [erf, g.Scalar("one", 1f)])]);
            }
            case "gelu-tanh":
            {
                // ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
                var cube = g.Node("Mul", [g.Node("Mul", [x, x]), x]);
                var inner = g.Node("Mul", [g.Node("Add", [x, g.Node("Mul", [cube, g.Scalar("c", 0.044715f)])]), g.Scalar("k", MathF.Sqrt(2f / MathF.PI))]);
                return g.Node("Mul", [g.Node("Mul", [x, g.Scalar("half", 0.5f)]), g.Node("Add", [g.Node("Tanh", [inner]), g.Scalar("one", 1f)])]);
            }
            case "silu": return g.Node("Mul", [x, g.Node("Sigmoid", [x])]);
            case "swish": return g.Node("Mul", [x, g.Node("Sigmoid", [g.Node("Mul", [x, g.Scalar("beta", P("beta"))])])]);
            case "mish": return g.Node("Mul", [x, g.Node("Tanh", [g.Node("Softplus", [x])])]);
            case "tanh-shrink": return g.Node("Sub", [x, g.Node("Tanh", [x])]);
            case "relu-squared": { var r = g.Node("Relu", [x]); return g.Node("Mul", [r, r]); }
            case "square": return g.Node("Mul", [x, x]);
            case "erf": return g.Node("Erf", [x]);
            case "log-sigmoid": return g.Node("Neg", [g.Node("Softplus", [g.Node("Neg", [x])])]);
            case "gaussian": return g.Node("Exp", [g.Node("Neg", [g.Node("Mul", [x, x])])]);
            case "hard-shrink": return g.Node("Shrink", [x], ("bias", 0f), ("lambd", P("lambd")));
            case "soft-shrink": return g.Node("Shrink", [x], ("bias", P("lambd")), ("lambd", P("lambd")));
            case "rrelu": return g.Node("LeakyRelu", [x], ("alpha", (P("lower") + P("upper")) / 2));
            default:
                if (Specialisation.All.FirstOrDefault(sp => sp.Info.Name == info.Name) is { } special) return FixedActivation(g, special.Spec, x);
                return ZooActivation(g, info.Name, P, x) ?? throw Unsupported(info.Name);
        }
    }

    /// <summary>
    /// The rest of the fixed zoo, each as elementwise ONNX ops on its single-precision parameters (read through
    /// <paramref name="p"/>); piecewise ones with Where on the branch conditions. Null for an activation without a form here.
    /// </summary>
    private static string? ZooActivation(OnnxGraph g, string name, Func<string, float> p, string x)
    {
        string S(float v) => g.Scalar("c", v);
        string Op(string op, params string[] inputs) => g.Node(op, inputs);
        string Mul(string a, string b) => Op("Mul", a, b);
        string Add(string a, string b) => Op("Add", a, b);
        string Sub(string a, string b) => Op("Sub", a, b);
        string Div(string a, string b) => Op("Div", a, b);
        string Where(string condition, string yes, string no) => Op("Where", condition, yes, no);
        string Ge(string a, float v) => Op("GreaterOrEqual", a, S(v));
        string Gt(string a, float v) => Op("Greater", a, S(v));
        string Lt(string a, float v) => Op("Less", a, S(v));
        string Sigmoid(string v) => Op("Sigmoid", v);
        string Exp(string v) => Op("Exp", v);
        string Softplus(string v) => Op("Softplus", v);
        string Relu(string v) => Op("Relu", v);
        string Clip(string v, float lo, float hi) => g.Node("Clip", [v, S(lo), S(hi)]);
        string Square(string v) => Mul(v, v);
        string Abs(string v) => Op("Abs", v);
        string Phi(string v) => Mul(Add(Op("Erf", Mul(v, S(0.70710678118654752f))), S(1f)), S(0.5f));
        string Sinc(string u) => Where(Op("Equal", u, S(0f)), S(1f), Div(Op("Sin", u), u));
        string Tanh(string v) => Op("Tanh", v);
        var abs = Abs(x);
        var positive = Ge(x, 0f);
        return name switch
        {
            "gumbel" => Exp(Op("Neg", Exp(Op("Neg", x)))),
            "complementary-log-log" => Sub(S(1f), Exp(Op("Neg", Exp(x)))),
            "probit" => Phi(x),
            "tempered-sigmoid" => Sub(Mul(Sigmoid(Mul(x, S(p("temperature")))), S(p("scale"))), S(p("offset"))),
            "bipolar-sigmoid" => Sub(Mul(Sigmoid(x), S(2f)), S(1f)),
            "lecun-tanh" => Mul(Tanh(Mul(x, S(p("b")))), S(p("a"))),
            "penalized-tanh" => Where(Gt(x, 0f), Tanh(x), Mul(Tanh(x), S(p("a")))),
            "soft-root-sign" => Div(x, Add(Div(x, S(p("alpha"))), Exp(Op("Neg", Div(x, S(p("beta"))))))),
            "dsilu" => Mul(Sigmoid(x), Add(S(1f), Mul(x, Sub(S(1f), Sigmoid(x))))),
            "threshold" => Where(Gt(x, p("threshold")), x, S(p("value"))),
            "repu" => Op("Pow", Relu(x), S(p("p"))),
            "thresholded-relu" => g.Node("ThresholdedRelu", [x], ("alpha", p("theta"))),
            "clipped-relu" => Clip(x, 0f, p("cap")),
            "shifted-relu" => Op("Max", x, S(p("t"))),
            "concave-relu" => Op("Min", x, S(0f)),
            "nlrelu" => Op("Log", Add(Mul(Relu(x), S(p("beta"))), S(1f))),
            "plu" => Op("Max", Sub(Mul(Add(x, S(p("c"))), S(p("alpha"))), S(p("c"))), Op("Min", Add(Mul(Sub(x, S(p("c"))), S(p("alpha"))), S(p("c"))), x)),
            "star-relu" => Add(Mul(Square(Relu(x)), S(p("scale"))), S(p("bias"))),
            "poly-relu" => Horner(g, Relu(x), [p("a0"), p("a1"), p("a2"), p("a3")]),
            "cube" => Mul(Square(x), x),
            "blu" => Add(Mul(Sub(Op("Sqrt", Add(Square(x), S(1f))), S(1f)), S(p("beta"))), x),
            "tanhsoft" => Mul(Tanh(Add(Mul(x, S(p("alpha"))), Mul(Exp(Mul(x, S(p("gamma")))), S(p("beta"))))), Op("Log", Add(Exp(x), S(p("delta"))))),
            "isru" => Div(x, Op("Sqrt", Add(Mul(Square(x), S(p("alpha"))), S(1f)))),
            "sqnl" => SquareNonlinearity(g, Clip(x, -2f, 2f)),
            "sqnl-sigmoid" => Add(Mul(SquareNonlinearity(g, Clip(x, -2f, 2f)), S(0.5f)), S(0.5f)),
            "smooth-step" => SmoothStep(g, Clip(x, -p("gamma") / 2, p("gamma") / 2), p("gamma")),
            "soft-clipping" => Div(Sub(Softplus(Mul(x, S(p("alpha")))), Softplus(Mul(Sub(x, S(1f)), S(p("alpha"))))), S(p("alpha"))),
            "elliott" => Add(Div(x, Mul(Add(abs, S(1f)), S(2f))), S(0.5f)),
            "hard-sigmoid-bc" => Clip(Mul(Add(x, S(1f)), S(0.5f)), 0f, 1f),
            "plan" => Plan(g, x, abs),
            "golu" => Mul(x, Exp(Op("Neg", Exp(Op("Neg", x))))),
            "smu" => Mul(Add(Mul(x, S(1 + p("alpha"))), Mul(Mul(x, S(1 - p("alpha"))), Op("Erf", Mul(x, S(p("mu") * (1 - p("alpha"))))))), S(0.5f)),
            "lisht" => Mul(x, Tanh(x)),
            "xatlu" => Mul(x, Sub(Mul(Add(Mul(Op("Atan", x), S(1f / MathF.PI)), S(0.5f)), S(1 + 2 * p("alpha"))), S(p("alpha")))),
            "logish" => Mul(x, Op("Log", Add(Sigmoid(x), S(1f)))),
            "smish" => Mul(x, Tanh(Op("Log", Add(Sigmoid(x), S(1f))))),
            "tanhexp" => Mul(x, Tanh(Exp(x))),
            "serf" => Mul(x, Op("Erf", Softplus(x))),
            "phish" => Mul(x, Tanh(Mul(x, Phi(x)))),
            "gish" => Mul(x, Op("Log", Sub(S(2f), Exp(Op("Neg", Exp(x)))))),
            "e-swish" => Mul(Mul(x, Sigmoid(x)), S(p("beta"))),
            "swish-t" => Add(Mul(x, Sigmoid(Mul(x, S(p("beta"))))), Mul(Tanh(x), S(p("alpha")))),
            "aria-2" => Mul(x, Exp(Mul(Softplus(Mul(x, S(-p("beta")))), S(-p("alpha"))))),
            "apa" or "aglu" => ApaFixed(g, name, x, p("kappa"), p("lambda")),
            "acon-c" => Add(Mul(Mul(x, S(p("p1") - p("p2"))), Sigmoid(Mul(x, S(p("beta") * (p("p1") - p("p2")))))), Mul(x, S(p("p2")))),
            "flatten-t-swish" => Add(Mul(Relu(x), Sigmoid(x)), S(p("t"))),
            "eis" => Div(Mul(x, Op("Pow", Softplus(x), S(p("alpha")))),
                Add(Op("Sqrt", Add(Mul(Square(x), S(p("gamma"))), S(p("beta")))), Mul(Exp(Mul(x, S(-p("theta")))), S(p("delta"))))),
            "multiquadric" => Op("Sqrt", Add(Square(Mul(x, S(p("eps")))), S(1f))),
            "inverse-multiquadric" => Op("Reciprocal", Op("Sqrt", Add(Square(Mul(x, S(p("eps")))), S(1f)))),
            "hat" => Relu(Sub(S(1f), Abs(Sub(x, S(1f))))),
            "tent" => Relu(Sub(S(p("delta")), abs)),
            "wendland" => Mul(Square(Square(Relu(Sub(S(1f), abs)))), Add(Mul(abs, S(4f)), S(1f))),
            "cubic-bspline" => Where(Lt(abs, 1f), Add(Sub(S(2f / 3), Square(x)), Mul(Mul(Square(abs), abs), S(0.5f))),
                Where(Lt(abs, 2f), Mul(Mul(Square(Sub(S(2f), abs)), Sub(S(2f), abs)), S(1f / 6)), S(0f))),
            "quadratic-bspline" => Where(Lt(abs, 0.5f), Sub(S(0.75f), Square(x)), Where(Lt(abs, 1.5f), Mul(Square(Sub(S(1.5f), abs)), S(0.5f)), S(0f))),
            "sq-rbf" => Where(Op("LessOrEqual", abs, S(1f)), Sub(S(1f), Mul(Square(x), S(0.5f))), Where(Lt(abs, 2f), Mul(Square(Sub(S(2f), abs)), S(0.5f)), S(0f))),
            "elephant" => Op("Reciprocal", Add(Op("Pow", Div(abs, S(p("a"))), S(p("d"))), S(1f))),
            "cauchy" => Div(Add(Mul(x, S(p("lambda1"))), S(p("lambda2"))), Add(Square(x), S(p("d") * p("d")))),
            "mexican-hat" => Mul(Sub(S(1f), Square(x)), Exp(Mul(Square(x), S(-0.5f)))),
            "thin-plate-spline" => Where(Op("Equal", x, S(0f)), S(0f), Mul(Square(x), Op("Log", abs))),
            "relu-kan-basis" => Mul(Square(Mul(Relu(Sub(S(p("end")), x)), Relu(Sub(x, S(p("start")))))), S(16f / MathF.Pow(p("end") - p("start"), 4))),
            "elish" => Mul(Where(positive, x, Sub(Exp(x), S(1f))), Sigmoid(x)),
            "hard-elish" => Mul(Where(positive, x, Sub(Exp(x), S(1f))), Clip(Mul(Add(x, S(1f)), S(0.5f)), 0f, 1f)),
            "pelu" => Where(positive, Mul(x, S(p("a") / p("b"))), Mul(Sub(Exp(Div(x, S(p("b")))), S(1f)), S(p("a")))),
            "mpelu" => Where(Gt(x, 0f), x, Mul(Sub(Exp(Mul(x, S(p("beta")))), S(1f)), S(p("alpha")))),
            "ptelu" => Where(positive, x, Mul(Tanh(Mul(x, S(p("beta")))), S(p("alpha")))),
            "softplus-linear-unit" => Where(positive, x, Sub(Mul(Softplus(x), S(2f)), S(2 * MathF.Log(2f)))),
            "shifted-softplus" => Sub(Softplus(x), S(MathF.Log(2f))),
            "hexpo" => Where(positive, Mul(Sub(Exp(Div(x, S(-p("b")))), S(1f)), S(-p("a"))), Mul(Sub(Exp(Div(x, S(p("d")))), S(1f)), S(p("c")))),
            "serlu" => Where(positive, Mul(x, S(p("lambda"))), Mul(Mul(x, Exp(x)), S(p("lambda") * p("alpha")))),
            "garrote-shrink" => Where(Gt(abs, p("lambda")), Sub(x, Div(S(p("lambda") * p("lambda")), x)), S(0f)),
            "firm-shrink" => FirmShrink(g, x, abs, p("lambda1"), p("lambda2")),
            "scad-shrink" => Scad(g, x, abs, p("lambda"), p("a")),
            "nonneg-soft-threshold" => Relu(Sub(x, S(p("lambda")))),
            "crrelu" => Add(Relu(x), Mul(Mul(x, Exp(Mul(Square(x), S(-0.5f)))), S(p("eps")))),
            "smelu" => Where(Op("LessOrEqual", x, S(-p("beta"))), S(0f),
                Where(Ge(x, p("beta")), x, Div(Square(Add(x, S(p("beta")))), S(4 * p("beta"))))),
            "squareplus" => Mul(Add(x, Op("Sqrt", Add(Square(x), S(p("b"))))), S(0.5f)),
            "isrlu" => Where(positive, x, Div(x, Op("Sqrt", Add(Mul(Square(x), S(p("alpha"))), S(1f))))),
            "sqlu" => Where(Gt(x, 0f), x, Where(Ge(x, -2f), Add(x, Mul(Square(x), S(0.25f))), S(-1f))),
            "gcu" => Mul(x, Op("Cos", x)),
            "asu" => Mul(x, Op("Sin", x)),
            "spder" => Mul(Op("Sin", x), Op("Sqrt", abs)),
            "gabor" => Mul(Op("Cos", Mul(x, S(p("omega")))), Exp(Op("Neg", Square(Mul(x, S(p("scale"))))))),
            "dsu" => Mul(Sub(Sinc(Sub(x, S(MathF.PI))), Sinc(Add(x, S(MathF.PI)))), S(MathF.PI / 2)),
            "ssu" => Mul(Sinc(Sub(x, S(MathF.PI))), S(MathF.PI)),
            "hosc" => Tanh(Mul(Op("Sin", x), S(p("beta")))),
            "sinlu" => Mul(Add(x, Mul(Op("Sin", Mul(x, S(p("b")))), S(p("a")))), Sigmoid(x)),
            "snake" => Add(x, Div(Square(Op("Sin", Mul(x, S(p("a"))))), S(p("a")))),
            "snake-beta" => Add(x, Div(Square(Op("Sin", Mul(x, S(p("alpha"))))), S(p("beta")))),
            "sine" => Op("Sin", Mul(x, S(p("omega")))),
            _ => null,
        };
    }

    /// <summary>Σ cᵢuⁱ by Horner's rule.</summary>
    private static string Horner(OnnxGraph g, string u, float[] c)
    {
        string y = g.Scalar("c", c[^1]);
        for (int i = c.Length - 2; i >= 0; i--) y = g.Node("Add", [g.Node("Mul", [y, u]), g.Scalar("c", c[i])]);
        return y;
    }

    /// <summary>t − t·|t|/4.</summary>
    private static string SquareNonlinearity(OnnxGraph g, string t) =>
        g.Node("Sub", [t, g.Node("Mul", [g.Node("Mul", [t, g.Node("Abs", [t])]), g.Scalar("quarter", 0.25f)])]);

    /// <summary>−2t³/γ³ + 3t/(2γ) + ½ on t = clamp(x, ±γ/2) (the polynomial is 0 and 1 at the ends).</summary>
    private static string SmoothStep(OnnxGraph g, string t, float gamma)
    {
        var cube = g.Node("Mul", [g.Node("Mul", [t, t]), t]);
        return g.Node("Add", [g.Node("Add", [g.Node("Mul", [cube, g.Scalar("c", -2f / (gamma * gamma * gamma))]), g.Node("Mul", [t, g.Scalar("c", 3f / (2 * gamma))])]), g.Scalar("half", 0.5f)]);
    }

    /// <summary>PLAN's pieces p(|x|), mirrored as 1 − p(|x|) for x &lt; 0.</summary>
    private static string Plan(OnnxGraph g, string x, string abs)
    {
        string Piece(float slope, float offset) => g.Node("Add", [g.Node("Mul", [abs, g.Scalar("slope", slope)]), g.Scalar("offset", offset)]);
        string Ge(float v) => g.Node("GreaterOrEqual", [abs, g.Scalar("c", v)]);
        var p = g.Node("Where", [Ge(5f), g.Scalar("one", 1f), g.Node("Where", [Ge(2.375f), Piece(0.03125f, 0.84375f),
            g.Node("Where", [Ge(1f), Piece(0.125f, 0.625f), Piece(0.25f, 0.5f)])])]);
        return g.Node("Where", [g.Node("GreaterOrEqual", [x, g.Scalar("zero", 0f)]), p, g.Node("Sub", [g.Scalar("one", 1f), p])]);
    }

    /// <summary>Fixed APA gate exp(−softplus(ln λ − κx)/λ), and AGLU = x·gate.</summary>
    private static string ApaFixed(OnnxGraph g, string name, string x, float kappa, float lambda)
    {
        var u = g.Node("Sub", [g.Scalar("log_lambda", MathF.Log(lambda)), g.Node("Mul", [x, g.Scalar("kappa", kappa)])]);
        var gate = g.Node("Exp", [g.Node("Mul", [g.Node("Softplus", [u]), g.Scalar("minus_inv_lambda", -1f / lambda)])]);
        return name == "aglu" ? g.Node("Mul", [x, gate]) : gate;
    }

    /// <summary>Firm shrinkage: 0 for |x| ≤ λ₁, sign(x)·λ₂(|x| − λ₁)/(λ₂ − λ₁) for |x| ≤ λ₂, x beyond.</summary>
    private static string FirmShrink(OnnxGraph g, string x, string abs, float l1, float l2)
    {
        var middle = g.Node("Mul", [g.Node("Mul", [g.Node("Sign", [x]), g.Node("Sub", [abs, g.Scalar("l1", l1)])]), g.Scalar("k", l2 / (l2 - l1))]);
        return g.Node("Where", [g.Node("LessOrEqual", [abs, g.Scalar("l1", l1)]), g.Scalar("zero", 0f),
            g.Node("Where", [g.Node("LessOrEqual", [abs, g.Scalar("l2", l2)]), middle, x])]);
    }

    /// <summary>SCAD: sign(x)(|x| − λ)₊ for |x| ≤ 2λ, ((a − 1)x − sign(x)aλ)/(a − 2) for |x| ≤ aλ, x beyond.</summary>
    private static string Scad(OnnxGraph g, string x, string abs, float lambda, float a)
    {
        var sign = g.Node("Sign", [x]);
        var inner = g.Node("Mul", [sign, g.Node("Relu", [g.Node("Sub", [abs, g.Scalar("lambda", lambda)])])]);
        var middle = g.Node("Div", [g.Node("Sub", [g.Node("Mul", [x, g.Scalar("a1", a - 1)]), g.Node("Mul", [sign, g.Scalar("a_lambda", a * lambda)])]), g.Scalar("a2", a - 2)]);
        return g.Node("Where", [g.Node("LessOrEqual", [abs, g.Scalar("two_lambda", 2 * lambda)]), inner,
            g.Node("Where", [g.Node("LessOrEqual", [abs, g.Scalar("a_lambda", a * lambda)]), middle, x])]);
    }
}
