namespace Activa.Activations;

/// <summary>
/// RReLU, the randomized leaky ReLU: f(x) = x for x &gt; 0, a·x otherwise, where in training each element draws
/// its own slope a ~ U(lower, upper) (from <see cref="Generator.Default"/>) and in evaluation a = (lower + upper) / 2.
/// Defaults lower = 1/8, upper = 1/3 as PyTorch. Xu, Wang, Chen &amp; Li, "Empirical Evaluation of Rectified
/// Activations in Convolutional Network", arXiv:1505.00853, 2015.
/// </summary>
public sealed class RRelu : IActivation
{
    /// <summary>Catalogue entry (properties at the evaluation slope).</summary>
    public static ActivationInfo Info { get; } = new("rrelu", "x if x > 0, a·x otherwise; a ~ U(l, u) in training, (l + u)/2 in evaluation",
        "Xu, Wang, Chen & Li, Empirical Evaluation of Rectified Activations in Convolutional Network, arXiv:1505.00853", 2015,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Aliases = ["randomized-leaky-relu"],
        Parameters = [new("lower", 1.0 / 8, "smallest random slope"), new("upper", 1.0 / 3, "largest random slope")],
        Family = "rectifier", Torch = "F.rrelu(x, training=False)",
    };

    private readonly float _lower, _upper;

    /// <summary>Creates it with the given bounds (defaults 1/8 and 1/3).</summary>
    public RRelu(ActivationOptions? options = null)
    {
        options ??= ActivationOptions.None;
        options.Validate(Info);
        options.Require(Info, options.Get(Info, "lower") <= options.Get(Info, "upper"), "lower ≤ upper");
        _lower = options.Float(Info, "lower");
        _upper = options.Float(Info, "upper");
        Spec = options.Names.Any() ? $"rrelu({options})" : "rrelu";
    }

    private float MeanSlope => (_lower + _upper) / 2;

    /// <inheritdoc/>
    ActivationInfo IActivation.Info => Info;

    /// <inheritdoc/>
    public string Spec { get; }

    /// <inheritdoc/>
    /// <remarks>In evaluation this is leaky ReLU with the mean slope, one fused pass (in place where safe); in training
    /// always out of place.</remarks>
    public Tensor Forward(Tensor x, bool training = false, bool inPlace = false)
    {
        if (!training)
            return inPlace ? x.ApplyInPlace(new LeakyReluOp(MeanSlope), "rrelu", DerivativeInput.Input)
                : x.Apply(new LeakyReluOp(MeanSlope), "rrelu", DerivativeInput.Input);
        var xs = x.Contiguous().AsSpan();
        var factor = Tensor.Uniform(x.Shape.ToArray(), _lower, _upper);
        var f = factor.AsSpan();
        for (int i = 0; i < f.Length; i++) if (xs[i] > 0) f[i] = 1f; // slope at 0, as PyTorch (leaky_relu in evaluation, rrelu_with_noise in training)
        return x.Mul(factor); // the factor is a constant: d/dx = factor
    }

    /// <inheritdoc/>
    public float Value(float x) => x > 0 ? x : MeanSlope * x;

    /// <inheritdoc/>
    public float Derivative(float x) => x > 0 ? 1f : MeanSlope;

    /// <inheritdoc/>
    public double Reference(double x) => x > 0 ? x : ((double)_lower + _upper) / 2 * x;
}
