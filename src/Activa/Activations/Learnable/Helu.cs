using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations.Learnable;

/// <summary>
/// HeLU, the hysteresis ReLU: forward f(x) = max(0, x), exactly ReLU (so inference is a plain ReLU); backward passes
/// the gradient wherever x &gt; −δ, i.e. ∂f/∂x is taken as 1[x &gt; −δ] (δ = 0.05 by default) instead of ReLU's 1[x &gt; 0].
/// The backward is deliberately not the derivative of the forward: inputs slightly below zero still learn, which
/// counters dying units. No learnable parameter; it is a <see cref="LearnableActivation"/> with zero parameters because
/// its custom backward cannot be expressed as a fixed activation (whose derivative must match the forward).
/// Kimhi, Kashani, Mendelson &amp; Baskin, "Hysteresis Activation Function for Efficient Inference", NeurIPS 2024
/// workshop (ENLSP), arXiv:2411.10573.
/// </summary>
public sealed class Helu : LearnableActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("helu", "max(0, x); backward 1[x > −δ]",
        "Kimhi, Kashani, Mendelson & Baskin, Hysteresis Activation Function for Efficient Inference, NeurIPS ENLSP workshop, arXiv:2411.10573", 2024,
        Monotone | Sparse)
    { Aliases = ["hysteresis-relu"], Lower = 0, Family = "rectifier", Torch = "F.relu(x)",
      Parameters = [new("delta", 0.05, "hysteresis δ ≥ 0: the gradient passes for x > −δ", NonNegative)] };

    /// <summary>The hysteresis δ.</summary>
    public float Delta { get; }

    /// <summary>Creates the activation from registry options ("delta").</summary>
    /// <exception cref="ArgumentException">δ negative; the exception names the option.</exception>
    public Helu(int channels, ActivationOptions options) : base(channels, Info, options) => Delta = options.Float(Info, "delta");

    /// <summary>Creates the activation for <paramref name="channels"/> channels with hysteresis <paramref name="delta"/>.</summary>
    public Helu(int channels, float delta = 0.05f) : this(channels, OptionReader.Make(("delta", delta))) { }

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0) => x > 0 ? x : 0;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Apply<HeluKernel>(input, [-Delta], [], null);

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, delta={Delta}";
}

/// <summary>HeLU kernel: C0 = −δ; no parameter gradients.</summary>
internal readonly struct HeluKernel : ISetKernel
{
    public static int CoefficientCount => 1;
    public static int GradientCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => TV.IfGreater(x, 0f, x, 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV> => TV.IfGreater(x, c.C0, g, 0f);
}
