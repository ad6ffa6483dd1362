using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// Hard sigmoid (PyTorch form): f(x) = relu6(x + 3)/6 = min(max(x/6 + ½, 0), 1); f'(x) = 1/6 for −3 &lt; x &lt; 3,
/// else 0 (0 at both kinks, as PyTorch).
/// Howard et al., "Searching for MobileNetV3", ICCV 2019.
/// </summary>
internal readonly struct HardSigmoidOp : IFixedActivation<HardSigmoidOp>
{
    private const float Sixth = 1f / 6f;

    public static ActivationInfo Info { get; } = new("hard-sigmoid", "min(max(x + 3, 0), 6) / 6",
        "Howard, Sandler, Chu, Chen, Chen, Tan, Wang, Zhu, Pang, Vasudevan, Le & Adam, Searching for MobileNetV3, ICCV", 2019,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["hardsigmoid", "h-sigmoid"],
        Lower = 0, Upper = 1, Family = "sigmoidal", Torch = "F.hardsigmoid(x)",
    };
    public double Reference(double x) => Math.Min(Math.Max(x + 3, 0), 6) / 6;

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RectifierLanes.Clamp(TV.Fma(x, Sixth, 0.5f), 0f, 1f);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.Window(x, -3f, 3f, Sixth);
}

/// <summary>
/// Hard tanh: f(x) = min(max(x, a), b) (min_val a = −1, max_val b = 1); f'(x) = 1 for a &lt; x &lt; b, else 0
/// (0 at both bounds, as PyTorch).
/// Collobert, Weston, Bottou, Karlen, Kavukcuoglu &amp; Kuksa, "Natural Language Processing (Almost) from Scratch", JMLR 2011.
/// </summary>
internal readonly struct HardTanhOp(float minVal, float maxVal) : IFixedActivation<HardTanhOp>
{
    public static ActivationInfo Info { get; } = new("hard-tanh", "min(max(x, a), b)",
        "Collobert, Weston, Bottou, Karlen, Kavukcuoglu & Kuksa, Natural Language Processing (Almost) from Scratch, JMLR", 2011,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Aliases = ["hardtanh"],
        Parameters = [new("min_val", -1.0, "lower bound a"), new("max_val", 1.0, "upper bound b (> a)")],
        Lower = -1, Upper = 1, Family = "sigmoidal", Torch = "F.hardtanh(x)",
    };
    public static HardTanhOp Create(ActivationOptions options)
    {
        options.Require(Info, options.Get(Info, "min_val") < options.Get(Info, "max_val"), "min_val < max_val");
        return new(options.Float(Info, "min_val"), options.Float(Info, "max_val"));
    }
    public double Reference(double x) => Math.Min(Math.Max(x, minVal), maxVal);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => RectifierLanes.Clamp(x, minVal, maxVal);
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.Window(x, minVal, maxVal, 1f);
}

/// <summary>
/// Softsign: f(x) = x / (1 + |x|); f'(x) = 1/(1 + |x|)² = (1 − |y|)², computed from the output.
/// Glorot &amp; Bengio, "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010.
/// </summary>
internal readonly struct SoftsignOp : IFixedActivation<SoftsignOp>
{
    public static ActivationInfo Info { get; } = new("softsign", "x / (1 + |x|)",
        "Glorot & Bengio, Understanding the difficulty of training deep feedforward neural networks, AISTATS", 2010,
        ActivationProperties.Monotone | ActivationProperties.Smooth | ActivationProperties.ZeroCentred)
    {
        Lower = -1, Upper = 1, Family = "sigmoidal", Torch = "F.softsign(x)",
    };
    public static DerivativeInput Uses => DerivativeInput.Output;
    public double Reference(double x) => x / (1 + Math.Abs(x));

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => x / (1f + TV.Abs(x));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>
    {
        TV t = 1f - TV.Abs(y);
        return t * t;
    }
}
