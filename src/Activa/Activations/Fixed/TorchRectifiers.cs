using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// ReLU6: f(x) = min(max(0, x), 6); f'(x) = 1 for 0 &lt; x &lt; 6, else 0 (0 at both kinks, as PyTorch).
/// Krizhevsky, "Convolutional Deep Belief Networks on CIFAR-10", unpublished manuscript, University of Toronto, 2010.
/// </summary>
internal readonly struct Relu6Op : IFixedActivation<Relu6Op>
{
    public static ActivationInfo Info { get; } = new("relu6", "min(max(0, x), 6)",
        "Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10, unpublished manuscript (University of Toronto)", 2010,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Lower = 0, Upper = 6, Family = "rectifier", Torch = "F.relu6(x)",
    };
    public double Reference(double x) => Math.Min(Math.Max(0, x), 6);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RectifierLanes.Clamp(x, 0f, 6f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.Window(x, 0f, 6f, 1f);
}

/// <summary>
/// Leaky ReLU: f(x) = x for x &gt; 0, a·x otherwise (negative_slope a = 0.01); f'(x) = 1 for x &gt; 0, else a
/// (a at the kink, as PyTorch).
/// Maas, Hannun &amp; Ng, "Rectifier Nonlinearities Improve Neural Network Acoustic Models", ICML 2013.
/// </summary>
internal readonly struct LeakyReluOp(float negativeSlope) : IFixedActivation<LeakyReluOp>
{
    public static ActivationInfo Info { get; } = new("leaky-relu", "x if x > 0, a·x otherwise",
        "Maas, Hannun & Ng, Rectifier Nonlinearities Improve Neural Network Acoustic Models, ICML", 2013,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Aliases = ["leakyrelu", "lrelu"],
        Parameters = [new("negative_slope", 0.01, "slope a for x < 0")],
        Family = "rectifier", Torch = "F.leaky_relu(x, 0.01)",
    };
    public static LeakyReluOp Create(ActivationOptions options) => new(options.Float(Info, "negative_slope"));
    public double Reference(double x) => x > 0 ? x : negativeSlope * x;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), x, x * negativeSlope);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), 1f, negativeSlope);
}

/// <summary>
/// Threshold: f(x) = x for x &gt; t, else v (threshold t = 0, value v = 0 by default, where it equals ReLU;
/// torch.nn.Threshold has no defaults, these are ours); f'(x) = 1 for x &gt; t, else 0 (0 at x = t, as PyTorch).
/// The Threshold module of Torch7: Collobert, Kavukcuoglu &amp; Farabet, "Torch7: A Matlab-like Environment for
/// Machine Learning", BigLearn NIPS Workshop 2011.
/// </summary>
internal readonly struct ThresholdOp(float threshold, float value) : IFixedActivation<ThresholdOp>
{
    public static ActivationInfo Info { get; } = new("threshold", "x if x > t, v otherwise",
        "Collobert, Kavukcuoglu & Farabet, Torch7: A Matlab-like Environment for Machine Learning, BigLearn NIPS Workshop", 2011,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Parameters = [new("threshold", 0.0, "inputs at or below t are replaced"), new("value", 0.0, "the replacement v")],
        Lower = 0, Family = "rectifier", Torch = "F.threshold(x, 0.0, 0.0)",
    };
    public static ThresholdOp Create(ActivationOptions options) => new(options.Float(Info, "threshold"), options.Float(Info, "value"));
    public double Reference(double x) => x > threshold ? x : value;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.LessThanOrEqual(x, threshold), value, x);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAbove(x, threshold);
}
