using static Activa.Activations.ActivationProperties;

namespace Activa.Activations.Learnable;

/// <summary>
/// PReLU: f(x) = max(0, x) + a·min(0, x), with the negative slope a learned — one a for the layer (the default, as
/// torch.nn.PReLU()), one per channel (as torch.nn.PReLU(C)) or one per group of channels; a starts at 0.25.
/// ∂f/∂x = 1 for x &gt; 0, a otherwise (a at x = 0, as PyTorch); ∂f/∂a = min(0, x).
/// He, Zhang, Ren &amp; Sun, "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet
/// Classification", ICCV 2015.
/// </summary>
public sealed class PRelu : LearnableActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("prelu", "max(0, x) + a·min(0, x)",
        "He, Zhang, Ren & Sun, Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification, ICCV", 2015,
        Monotone | ZeroCentred)
    { Aliases = ["parametric-relu"], Parameters = [new("init", 0.25, "initial negative slope a"), .. OptionReader.LayerSharing], Family = "rectifier",
      Torch = "F.prelu(x, torch.tensor([0.25]))" };

    /// <summary>Negative slopes a, one per parameter set [Groups] (torch's name "weight").</summary>
    public Tensor Weight { get; }

    /// <summary>Creates the activation from registry options ("init", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public PRelu(int channels, ActivationOptions options) : base(channels, Info, options) => Weight = PerSet("weight", options.Float(Info, "init"));

    /// <summary>Creates the activation for <paramref name="channels"/> channels with slope <paramref name="init"/>.</summary>
    public PRelu(int channels, float init = 0.25f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("init", init))) { }

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0) => x > 0 ? x : Weight[set] * x;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Call().Apply(this, input);

    internal override SetCall Call() => SetCall.Of<PReluKernel>(Weight.ToArray(), [Weight], sums => [SetKernel.Gradient(sums, 1, 0, _ => 1)]);

    internal override bool FusesAfterLinear => true;
}

/// <summary>PReLU kernel: C0 = a; G0 = Σ g·min(0, x).</summary>
internal readonly struct PReluKernel : ISetKernel
{
    public static int CoefficientCount => 1;
    public static int GradientCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => TV.IfGreater(x, 0f, x, x * c.C0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        acc.G0 = TV.Fma(g, TV.MinNative(x, 0f), acc.G0);
        return TV.IfGreater(x, 0f, g, g * c.C0);
    }
}
