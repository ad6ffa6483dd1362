namespace Activa.Activations.Learnable;

/// <summary>A gate g(x) in (0, 1) with its derivative, for the expanded-gating activations.</summary>
internal interface IGateFunction
{
    /// <summary>g(x).</summary>
    static abstract TV Gate<TV>(TV x) where TV : struct, IFloatLanes<TV>;
    /// <summary>g(x), with g′(x) in <paramref name="derivative"/>.</summary>
    static abstract TV Gate<TV>(TV x, out TV derivative) where TV : struct, IFloatLanes<TV>;
    /// <summary>g(x) in double.</summary>
    static abstract double Reference(double x);
}

/// <summary>
/// Kernel of the expanded self-gated activations f(x) = x·((1 + 2α)·g(x) − α): C0 = 1 + 2α, C1 = α;
/// ∂f/∂x = (1 + 2α)(g + x·g′) − α, G0 = Σ g_out·∂f/∂α = Σ g_out·x·(2g − 1).
/// </summary>
internal readonly struct ExpandedGateKernel<TGate> : ISetKernel where TGate : struct, IGateFunction
{
    public static int CoefficientCount => 2;
    public static int GradientCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => x * TV.Fma(TGate.Gate(x), c.C0, -c.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var gate = TGate.Gate(x, out var d);
        var gx = g * x;
        acc.G0 = TV.Fma(gx, TV.Fma(gate, 2f, -1f), acc.G0);
        return g * TV.Fma(TV.Fma(x, d, gate), c.C0, -c.C1);
    }
}

/// <summary>
/// Base of the expanded self-gated activations (<see cref="XAtlu"/>, <see cref="XGelu"/>, <see cref="XSilu"/>):
/// f(x) = x·((1 + 2α)·g(x) − α) for a fixed gate g, with α learnable (one per set, registered as "alpha", starting at 0),
/// so the gate ranges over (−α, 1 + α) instead of (0, 1); ∂f/∂x = (1 + 2α)(g + x·g′) − α, ∂f/∂α = x·(2g − 1). The
/// paper learns one α per MLP block (layer sharing, the default).
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public abstract class ExpandedGatingActivation : LearnableActivation
{
    private readonly GateOps _gate;

    private protected ExpandedGatingActivation(int channels, ActivationInfo info, ActivationOptions options, GateOps gate) : base(channels, info, options)
    {
        _gate = gate;
        Alpha = PerSet("alpha", options.Float(info, "alpha"));
    }

    /// <summary>α, one per parameter set [Groups].</summary>
    public Tensor Alpha { get; }

    /// <summary>The catalogue entry of the expanded form of gate <paramref name="gate"/> ("atlu", "gelu", "silu"): one paper, one parameter.</summary>
    private protected static ActivationInfo Entry(string gate, string formula, double lower, string? torch = null) =>
        new("x" + gate, formula, "Huang, Expanded Gating Ranges Improve Activation Functions, arXiv:2405.20768", 2024,
            ActivationProperties.Smooth | ActivationProperties.SelfGated | ActivationProperties.ZeroCentred)
        { Aliases = ["expanded-" + gate], Parameters = AlphaParameters, Lower = lower, Family = "self-gated", Torch = torch };

    private protected static ActivationParameter[] AlphaParameters { get; } =
        [new("alpha", 0.0, "initial α (gate range expansion)"), .. OptionReader.LayerSharing];

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0) => _gate.Reference(x, Alpha[set]);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => _gate.Apply(this, input, Alpha);
}

/// <summary>The gate-specific part of <see cref="ExpandedGatingActivation"/>: its kernel and its double reference.</summary>
internal abstract class GateOps
{
    public abstract double Reference(double x, double alpha);
    public abstract Tensor Apply(ExpandedGatingActivation activation, Tensor input, Tensor alpha);
}

/// <summary><see cref="GateOps"/> of gate <typeparamref name="TGate"/>.</summary>
internal sealed class GateOps<TGate> : GateOps where TGate : struct, IGateFunction
{
    public static readonly GateOps<TGate> Instance = new();

    public override double Reference(double x, double alpha) => x * ((1 + 2 * alpha) * TGate.Reference(x) - alpha);

    public override Tensor Apply(ExpandedGatingActivation activation, Tensor input, Tensor alpha)
    {
        var a = alpha.ToArray();
        var coef = new float[2 * a.Length];
        for (int s = 0; s < a.Length; s++)
        {
            coef[2 * s] = 1 + 2 * a[s];
            coef[2 * s + 1] = a[s];
        }
        return activation.Apply<ExpandedGateKernel<TGate>>(input, coef, [alpha], sums => [SetKernel.Gradient(sums, 1, 0, _ => 1)]);
    }
}

/// <summary>g(x) = ½ + arctan(x)/π; g′(x) = 1/(π(1 + x²)).</summary>
internal readonly struct ArctanGate : IGateFunction
{
    private const float InvPi = (float)(1 / Math.PI);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Gate<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.CauchyCdf(x);
    public static TV Gate<TV>(TV x, out TV derivative) where TV : struct, IFloatLanes<TV>
    {
        derivative = InvPi / TV.Fma(x, x, 1f);
        return Gate(x);
    }
    public static double Reference(double x) => 0.5 + Math.Atan(x) / Math.PI;
}

/// <summary>g(x) = Φ(x) = ½(1 + erf(x/√2)); g′(x) = e^(−x²/2)/√(2π).</summary>
internal readonly struct GaussianGate : IGateFunction
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Gate<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Fma(TV.Erf(x * InvSqrt2), 0.5f, 0.5f);
    public static TV Gate<TV>(TV x, out TV derivative) where TV : struct, IFloatLanes<TV>
    {
        derivative = InvSqrt2Pi * TV.Exp(x * x * -0.5f);
        return Gate(x);
    }
    public static double Reference(double x) => 0.5 * (1 + RefMath.Erf(x / Math.Sqrt(2)));
}

/// <summary>g(x) = σ(x); g′(x) = σ(1 − σ).</summary>
internal readonly struct SigmoidGate : IGateFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Gate<TV>(TV x) where TV : struct, IFloatLanes<TV> => LearnableMath.Sigmoid(x);
    public static TV Gate<TV>(TV x, out TV derivative) where TV : struct, IFloatLanes<TV>
    {
        var s = LearnableMath.Sigmoid(x);
        derivative = s - s * s;
        return s;
    }
    public static double Reference(double x) => RefMath.Sigmoid(x);
}

/// <summary>
/// Expanded ArcTan Linear Unit (xatlu): f(x) = x·((1 + 2α)·g(x) − α) with g(x) = ½ + arctan(x)/π (see
/// <see cref="ExpandedGatingActivation"/>). With α = 0 it is ATLU, x·(½ + arctan(x)/π), whose first derivative increases
/// monotonically; its infimum is −1/π.
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public sealed class XAtlu : ExpandedGatingActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = Entry("atlu", "x·((1 + 2α)·(½ + arctan(x)/π) − α)", -1 / Math.PI);

    /// <summary>Creates the activation from registry options ("alpha", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public XAtlu(int channels, ActivationOptions options)
        : base(channels, Info, options, GateOps<ArctanGate>.Instance) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="alpha"/>.</summary>
    public XAtlu(int channels, float alpha = 0f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("alpha", alpha))) { }
}

/// <summary>
/// Expanded GELU (xgelu): f(x) = x·((1 + 2α)·g(x) − α) with g(x) = Φ(x), the standard normal CDF (see
/// <see cref="ExpandedGatingActivation"/>). With α = 0 it is GELU.
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public sealed class XGelu : ExpandedGatingActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = Entry("gelu", "x·((1 + 2α)·Φ(x) − α)", -0.16997120280217394, "F.gelu(x)");

    /// <summary>Creates the activation from registry options ("alpha", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public XGelu(int channels, ActivationOptions options)
        : base(channels, Info, options, GateOps<GaussianGate>.Instance) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="alpha"/>.</summary>
    public XGelu(int channels, float alpha = 0f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("alpha", alpha))) { }
}

/// <summary>
/// Expanded SiLU (xsilu): f(x) = x·((1 + 2α)·g(x) − α) with g(x) = σ(x) (see <see cref="ExpandedGatingActivation"/>).
/// With α = 0 it is SiLU.
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public sealed class XSilu : ExpandedGatingActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = Entry("silu", "x·((1 + 2α)·σ(x) − α)", -0.27846454276107380, "F.silu(x)");

    /// <summary>Creates the activation from registry options ("alpha", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public XSilu(int channels, ActivationOptions options)
        : base(channels, Info, options, GateOps<SigmoidGate>.Instance) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="alpha"/>.</summary>
    public XSilu(int channels, float alpha = 0f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("alpha", alpha))) { }
}
