using Activa.Nn;
using static Activa.Activations.ActivationProperties;
using static Activa.Activations.ParameterRange;

namespace Activa.Activations.Learnable;

/// <summary>
/// SIREN's sine activation: f(x) = sin(ω₀·x), ω₀ a fixed hyper-parameter (default 30); ∂f/∂x = ω₀·cos(ω₀x).
/// It has no learnable parameter: it derives from <see cref="LearnableActivation"/> (one layer-wide set of zero
/// parameters) so that it is created by name from the same registry and placed like the other activations of a
/// layer. Use it after a <see cref="Linear"/> layer initialised by <see cref="InitLinear"/>, which gives the sine
/// network the activation statistics the paper's scheme relies on.
/// Sitzmann, Martel, Bergman, Lindell &amp; Wetzstein, "Implicit Neural Representations with Periodic Activation
/// Functions", NeurIPS 2020.
/// </summary>
public sealed class Siren : LearnableActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("sine", "sin(ω₀·x)",
        "Sitzmann, Martel, Bergman, Lindell & Wetzstein, Implicit Neural Representations with Periodic Activation Functions, NeurIPS", 2020,
        Smooth | ZeroCentred | Periodic)
    { Aliases = ["siren"], Parameters = [new("omega0", 30.0, "frequency ω₀ (> 0)", Positive)], Lower = -1, Upper = 1, Family = "periodic",
      Torch = "torch.sin(30 * x)" };

    /// <summary>The frequency ω₀.</summary>
    public float Omega0 { get; }

    /// <summary>Creates the activation from registry options ("omega0").</summary>
    /// <exception cref="ArgumentException">ω₀ not positive; the exception names the option.</exception>
    public Siren(int channels, ActivationOptions options) : base(channels, Info, options) => Omega0 = options.Float(Info, "omega0");

    /// <summary>Creates the activation for <paramref name="channels"/> channels with frequency <paramref name="omega0"/>.</summary>
    public Siren(int channels, float omega0 = 30f) : this(channels, OptionReader.Make(("omega0", omega0))) { }

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0) => Math.Sin(Omega0 * x);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Apply<SineKernel>(input, [Omega0], [], null);

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, omega0={Omega0}";

    /// <summary>
    /// SIREN initialisation of <paramref name="layer"/>'s weight, drawn from <paramref name="generator"/>: U(−1/n, 1/n)
    /// for the first layer (<paramref name="first"/>), U(−√(6/n)/ω₀, √(6/n)/ω₀) for the others, n = in-features.
    /// The first layer's range lets ω₀ stretch the input over several periods; the hidden layers' range makes
    /// ω₀·(Wx + b) roughly standard normal-like so that every layer's sine output is arcsine distributed. The bias
    /// is left as the layer made it (the paper keeps PyTorch's default bias initialisation).
    /// </summary>
    /// <exception cref="ArgumentException">ω₀ not positive and finite.</exception>
    public static void InitLinear(Linear layer, bool first, float omega0, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(generator);
        if (!(omega0 > 0) || !float.IsFinite(omega0)) throw new ArgumentException($"Siren.InitLinear: omega0 must be positive, got {omega0}.", nameof(omega0));
        int n = layer.InFeatures;
        float bound = first ? 1f / n : (float)(Math.Sqrt(6.0 / n) / omega0);
        var w = Tensor.Uniform([layer.OutFeatures, n], -bound, bound, generator);
        using (Tensor.NoGrad()) layer.Weight.CopyFrom(w);
    }
}

/// <summary>Sine kernel: C0 = ω₀; no parameter gradients.</summary>
internal readonly struct SineKernel : ISetKernel
{
    public static int CoefficientCount => 1;
    public static int GradientCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => LearnableMath.Sin(c.C0 * x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV> =>
        g * c.C0 * LearnableMath.Cos(c.C0 * x);
}
