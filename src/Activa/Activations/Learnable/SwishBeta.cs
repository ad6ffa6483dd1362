using static Activa.Activations.ActivationProperties;

namespace Activa.Activations.Learnable;

/// <summary>
/// Swish with a learnable β: f(x) = x·σ(βx), σ the logistic sigmoid; β starts at 1 (SiLU). β = 0 gives x/2 and
/// β → ∞ approaches ReLU. ∂f/∂x = σ + βx·σ(1 − σ); ∂f/∂β = x²·σ(1 − σ). One exponential per element and pass: σ is
/// evaluated as 1/(1 + e^(−|βx|)) or its complement, which never overflows.
/// Ramachandran, Zoph &amp; Le, "Searching for Activation Functions", arXiv:1710.05941 (ICLR workshop) 2017.
/// </summary>
public sealed class SwishBeta : LearnableActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("swish-beta", "x·σ(βx)",
        "Ramachandran, Zoph & Le, Searching for Activation Functions, arXiv:1710.05941", 2017,
        Smooth | SelfGated | ZeroCentred)
    { Aliases = ["learnable-swish", "swish-b"], Parameters = [new("beta", 1.0, "initial β"), .. OptionReader.LayerSharing], Family = "self-gated",
      Lower = -0.27846454276107380, Torch = "F.silu(x)" };

    /// <summary>β, one per parameter set [Groups].</summary>
    public Tensor Beta { get; }

    /// <summary>Creates the activation from registry options ("beta", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public SwishBeta(int channels, ActivationOptions options) : base(channels, Info, options) => Beta = PerSet("beta", options.Float(Info, "beta"));

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="beta"/>.</summary>
    public SwishBeta(int channels, float beta = 1f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("beta", beta))) { }

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0) => x / (1 + Math.Exp(-Beta[set] * x));

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Call().Apply(this, input);

    internal override SetCall Call() => SetCall.Of<SwishBetaKernel>(Beta.ToArray(), [Beta], sums => [SetKernel.Gradient(sums, 1, 0, _ => 1)]);

    internal override bool FusesAfterLinear => true;
}

/// <summary>Swish-β kernel: C0 = β; G0 = Σ g·x²·σ(1 − σ).</summary>
internal readonly struct SwishBetaKernel : ISetKernel
{
    public static int CoefficientCount => 1;
    public static int GradientCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => x * LearnableMath.Sigmoid(c.C0 * x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var bx = c.C0 * x;
        var s = LearnableMath.Sigmoid(bx);
        var t = g * (s - s * s);              // g·σ(1 − σ)
        acc.G0 = TV.Fma(t * x, x, acc.G0);
        // βx is clamped in the product only: where it overflows, t is 0 and 0·∞ must not become NaN.
        return TV.Fma(t, TV.MaxNative(-1e30f, TV.MinNative(1e30f, bx)), g * s);
    }
}
