using Activa.Kernels;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations;

/// <summary>
/// Softplus: f(x) = ln(1 + e^{βx})/β, and x where βx &gt; threshold (β = 1, threshold = 20, exactly as PyTorch);
/// f'(x) = σ(βx), and 1 where βx &gt; threshold.
/// Dugas, Bengio, Bélisle, Nadeau &amp; Garcia, "Incorporating Second-Order Functional Knowledge for Better Option
/// Pricing", NIPS 2001.
/// </summary>
internal readonly struct SoftplusOp(float beta, float threshold) : IFixedActivation<SoftplusOp>
{
    private readonly float _invBeta = 1f / beta;

    public static ActivationInfo Info { get; } = new("softplus", "ln(1 + e^(βx))/β (x where βx > threshold)",
        "Dugas, Bengio, Bélisle, Nadeau & Garcia, Incorporating Second-Order Functional Knowledge for Better Option Pricing, NIPS", 2001,
        ActivationProperties.Monotone | ActivationProperties.Smooth)
    {
        Parameters = [new("beta", 1.0, "sharpness β (> 0)", Positive), new("threshold", 20.0, "above βx > threshold the function is x")],
        Lower = 0, Family = "rectifier", Torch = "F.softplus(x)",
    };
    public static SoftplusOp Create(ActivationOptions options) => new(options.Float(Info, "beta"), options.Float(Info, "threshold"));
    public double Reference(double x) => beta * x > threshold ? x : RefMath.Softplus(beta * x) / beta;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        TV u = beta * x;
        return TV.Select(TV.GreaterThan(u, threshold), x, TV.Softplus(u) * _invBeta);
    }
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV u = beta * x;
        return TV.Select(TV.GreaterThan(u, threshold), 1f, TV.Sigmoid(u));
    }
}

/// <summary>
/// Log-sigmoid: f(x) = ln σ(x) = −softplus(−x); f'(x) = σ(−x) = 1 − σ(x).
/// The LogSigmoid module of Torch7: Collobert, Kavukcuoglu &amp; Farabet, "Torch7: A Matlab-like Environment for
/// Machine Learning", BigLearn NIPS Workshop 2011.
/// </summary>
internal readonly struct LogSigmoidOp : IFixedActivation<LogSigmoidOp>
{
    public static ActivationInfo Info { get; } = new("log-sigmoid", "ln σ(x) = −ln(1 + e^(−x))",
        "Collobert, Kavukcuoglu & Farabet, Torch7: A Matlab-like Environment for Machine Learning, BigLearn NIPS Workshop", 2011,
        ActivationProperties.Monotone | ActivationProperties.Smooth)
    {
        Aliases = ["logsigmoid"],
        Upper = 0, Family = "sigmoidal", Torch = "F.logsigmoid(x)",
    };
    public double Reference(double x) => -RefMath.Softplus(-x);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => -TV.Softplus(-x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.Sigmoid(-x);
}
