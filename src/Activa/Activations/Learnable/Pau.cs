namespace Activa.Activations.Learnable;

/// <summary>
/// Padé Activation Unit: the learnable rational function F(x) = P(x)/Q(x), P(x) = Σ_{i=0..m} aᵢxⁱ, with a pole-free
/// denominator chosen by <see cref="RationalVersion"/> — by default version B, the paper's "safe PAU"
/// Q(x) = 1 + |Σ_{j=1..n} bⱼxʲ|; A: Q = 1 + Σ |bⱼ|·|x|ʲ (the original CUDA code); C: Q = 0.1 + |Σ_{j=0..n−1} bⱼxʲ|;
/// D: B with numerator coefficients multiplied by fresh U(1 − ε, 1 + ε) noise at each training forward.
/// Molina, Schramowski &amp; Kersting, "Padé Activation Units: End-to-end Learning of Flexible Activation Functions in
/// Deep Networks", ICLR 2020; versions as in the rational_activations library (Delfosse et al.).
/// </summary>
/// <remarks>
/// <para>Degrees default to m = 5, n = 4 (10 coefficients per set) and one set serves the layer (the paper's choice);
/// per-channel and per-group sets are options. The coefficients start as the least-squares fit
/// (<see cref="Rational.Fit(string, int, int, double, double, RationalVersion)"/>, computed by Activa) of a named
/// activation on [lo, hi] = [−3, 3]: leaky ReLU (slope 0.01, the paper's default), ReLU, GELU, SiLU, tanh, sigmoid or
/// the identity; <see cref="FitTo(Func{double, double}, double, double)"/> refits to any function.</para>
/// <para>Forward is one fused Horner pass; backward is one fused pass giving dF/dx = (P′ − F·Q′)/Q and reducing
/// dF/daᵢ = xⁱ/Q and dF/dbⱼ = −(F/Q)·∂Q/∂bⱼ per set. Where an absolute value sits at 0, the input derivative uses
/// sign(0) = 0 (as autograd would) and the coefficient derivatives use the right derivative (+1), so that a
/// denominator initialised to exactly 0 (the identity fit) can still learn.</para>
/// </remarks>
public sealed class Pau : LearnableActivation
{
    /// <summary>Named initial shapes, in the order of the "init" option.</summary>
    public static IReadOnlyList<string> InitTargets { get; } = ["leaky-relu", "relu", "gelu", "silu", "tanh", "sigmoid", "identity"];

    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("pau",
        "P(x)/Q(x), P = Σ_{i=0..m} aᵢxⁱ, Q = 1 + |Σ_{j=1..n} bⱼxʲ| (version B; A: 1 + Σ|bⱼ||x|ʲ, C: 0.1 + |Σ_{j=0..n−1} bⱼxʲ|, D: B + numerator noise)",
        "Molina, Schramowski & Kersting, Padé Activation Units: End-to-end Learning of Flexible Activation Functions in Deep Networks, ICLR", 2020,
        ActivationProperties.None)
    {
        Aliases = ["rational", "pade", "padé"], Family = "rational",
        Parameters = [
            new("m", 5, "numerator degree (0 to 10)", ParameterRange.Integers(0, Rational.MaxDegree)),
            new("n", 4, "denominator degree (1 to 10)", ParameterRange.Integers(1, Rational.MaxDegree)),
            new("version", 1, "denominator: 0 A = 1 + Σ|bⱼxʲ|, 1 B = 1 + |Σ bⱼxʲ| (safe PAU), 2 C = 0.1 + |Σ_{j<n} bⱼxʲ|, 3 D = B with numerator noise in training",
                ParameterRange.Integers(0, 3)),
            new("init", 0, "initial shape, least-squares fit on [lo, hi]: 0 leaky-relu, 1 relu, 2 gelu, 3 silu, 4 tanh, 5 sigmoid, 6 identity",
                ParameterRange.Integers(0, 6)),
            new("negative_slope", 0.01, "slope for x < 0 of the leaky-relu initialisation"),
            new("lo", -3, "start of the initial fit's range"),
            new("hi", 3, "end of the initial fit's range"),
            new("noise", 0.1, "version D: half-width ε of the multiplicative U(1 − ε, 1 + ε) numerator noise", new(0, 1, MaxOpen: true)),
            .. OptionReader.LayerSharing],
    };

    private readonly Generator? _generator;

    /// <summary>Numerator coefficients a₀ … a_m per set [Groups, m + 1].</summary>
    public Tensor Numerator { get; }
    /// <summary>Denominator coefficients per set [Groups, n]: b₁ … b_n (version C: b₀ … b_{n−1}).</summary>
    public Tensor Denominator { get; }
    /// <summary>Numerator degree m.</summary>
    public int M { get; }
    /// <summary>Denominator degree n.</summary>
    public int N { get; }
    /// <summary>Denominator form.</summary>
    public RationalVersion Version { get; }
    /// <summary>Version D's noise half-width ε.</summary>
    public double Noise { get; }
    /// <summary>The fit the coefficients were initialised from (or last set by <see cref="FitTo(Func{double, double}, double, double)"/>).</summary>
    public RationalFit InitialFit { get; private set; }

    /// <summary>Creates the unit from options (see <see cref="Info"/>).</summary>
    /// <exception cref="ArgumentException">A value out of range (the message names the parameter).</exception>
    public Pau(int channels, ActivationOptions options) : this(channels, options ?? ActivationOptions.None, null, null) { }

    /// <summary>Creates the unit.</summary>
    /// <param name="channels">Channels (dimension 1 of the input).</param>
    /// <param name="m">Numerator degree.</param>
    /// <param name="n">Denominator degree.</param>
    /// <param name="version">Denominator form (default B, the safe PAU).</param>
    /// <param name="init">Any fixed activation spec of the <see cref="Activation"/> registry to fit initially, e.g. "leaky-relu", "gelu", "elu(alpha=0.5)".</param>
    /// <param name="lo">Start of the fit's range.</param>
    /// <param name="hi">End of the fit's range.</param>
    /// <param name="sharing">Parameter sharing.</param>
    /// <param name="groups">Groups for <see cref="ParameterSharing.Group"/>.</param>
    /// <param name="noise">Version D's noise half-width.</param>
    /// <param name="generator">Source of version D's noise (default <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException">A value out of range or an unknown activation.</exception>
    public Pau(int channels, int m = 5, int n = 4, RationalVersion version = RationalVersion.B, string init = "leaky-relu",
        double lo = -3, double hi = 3, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1, double noise = 0.1,
        Generator? generator = null)
        : this(channels, OptionReader.Make(sharing, groups, ("m", m), ("n", n), ("version", (int)version), ("lo", lo), ("hi", hi), ("noise", noise)),
            init ?? throw new ArgumentNullException(nameof(init)), generator) { }

    /// <summary>The unit from validated options, fitted initially to <paramref name="init"/> (null: the options' "init" shape).</summary>
    private Pau(int channels, ActivationOptions o, string? init, Generator? generator) : base(channels, Info, o)
    {
        M = (int)o.Get(Info, "m");
        N = (int)o.Get(Info, "n");
        Version = (RationalVersion)(int)o.Get(Info, "version");
        Noise = o.Get(Info, "noise");
        double lo = o.Get(Info, "lo"), hi = o.Get(Info, "hi"), slope = o.Get(Info, "negative_slope");
        o.Require(Info, lo < hi, "lo < hi", "hi");
        int shape = (int)o.Get(Info, "init");
        init ??= shape == 0 && slope != 0.01 ? FormattableString.Invariant($"leaky-relu(negative_slope={slope:R})") : InitTargets[shape];
        if (!Activation.Exists(init.Split('(')[0])) throw new ArgumentException($"pau: unknown activation '{init}' for the initial fit.", nameof(init));
        _generator = generator;
        Numerator = RegisterParameter("numerator", Tensor.Zeros(Groups, M + 1));
        Denominator = RegisterParameter("denominator", Tensor.Zeros(Groups, N));
        InitialFit = Rational.Fit(init, M, N, lo, hi, Version);
        SetCoefficients(InitialFit);
    }

    /// <summary>Sets every parameter set to <paramref name="fit"/>'s coefficients (degrees and version must match).</summary>
    /// <exception cref="ArgumentException">Degrees or version differ.</exception>
    public void SetCoefficients(RationalFit fit)
    {
        if (fit.Numerator.Length != M + 1 || fit.Denominator.Length != N || fit.Version != Version)
            throw new ArgumentException($"pau: the fit has degrees {fit.Numerator.Length - 1}/{fit.Denominator.Length} version {fit.Version}, the unit {M}/{N} version {Version}.", nameof(fit));
        var a = new float[Groups * (M + 1)];
        var b = new float[Groups * N];
        for (int s = 0; s < Groups; s++)
        {
            for (int i = 0; i <= M; i++) a[s * (M + 1) + i] = (float)fit.Numerator[i];
            for (int j = 0; j < N; j++) b[s * N + j] = (float)fit.Denominator[j];
        }
        using (Tensor.NoGrad())
        {
            Numerator.CopyFrom(Tensor.FromArray(a, Groups, M + 1));
            Denominator.CopyFrom(Tensor.FromArray(b, Groups, N));
        }
    }

    /// <summary>Refits every set to <paramref name="f"/> on [<paramref name="lo"/>, <paramref name="hi"/>] and returns the fit.</summary>
    public RationalFit FitTo(Func<double, double> f, double lo = -3, double hi = 3) => Refit(Rational.Fit(f, M, N, lo, hi, Version));

    /// <summary>Refits every set to fixed activation <paramref name="spec"/> on [<paramref name="lo"/>, <paramref name="hi"/>] and returns the fit.</summary>
    public RationalFit FitTo(string spec, double lo = -3, double hi = 3) => Refit(Rational.Fit(spec, M, N, lo, hi, Version));

    private RationalFit Refit(RationalFit fit)
    {
        SetCoefficients(fit);
        return InitialFit = fit;
    }

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0)
    {
        var a = Numerator.ToArray();
        var b = Denominator.ToArray();
        var na = new double[M + 1];
        var nb = new double[N];
        for (int i = 0; i <= M; i++) na[i] = a[set * (M + 1) + i];
        for (int j = 0; j < N; j++) nb[j] = b[set * N + j];
        return Rational.Evaluate(x, na, nb, Version);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Call().Apply(this, input);

    internal override bool FusesAfterLinear => true;

    /// <summary>This step's kernel and coefficients (the numerator noised in training for version D).</summary>
    internal override SetCall Call()
    {
        float[]? noise = null;
        if (Version == RationalVersion.D && Training && Noise > 0)
        {
            var gen = _generator ?? Generator.Default;
            noise = new float[Groups * (M + 1)];
            for (int i = 0; i < noise.Length; i++) noise[i] = (float)(1 - Noise + 2 * Noise * gen.NextDouble());
        }
        // Degrees up to 5/4 run on K = 10 slots (the default B/D written out), higher ones on 10/10.
        bool small = M <= 5 && N <= 4;
        return (Version, small) switch
        {
            (RationalVersion.B or RationalVersion.D, true) when M == 5 && N == 4 => Call<PauSafe54>(noise),
            (RationalVersion.A, true) => Call<PauKernel<PauFormA, PauSlots54>>(noise),
            (RationalVersion.A, false) => Call<PauKernel<PauFormA, PauSlots1010>>(noise),
            (RationalVersion.C, true) => Call<PauKernel<PauFormC, PauSlots54>>(noise),
            (RationalVersion.C, false) => Call<PauKernel<PauFormC, PauSlots1010>>(noise),
            (_, true) => Call<PauKernel<PauFormB, PauSlots54>>(noise),
            _ => Call<PauKernel<PauFormB, PauSlots1010>>(noise),
        };
    }

    /// <summary>Kernel <typeparamref name="TOp"/> with the coefficients per set in its slots (unused slots 0), numerator noised.</summary>
    private SetCall Call<TOp>(float[]? noise) where TOp : struct, ISetKernel, IPauSlots
    {
        int k = TOp.CoefficientCount, nb = TOp.M + 1;
        var a = Numerator.ToArray();
        var b = Denominator.ToArray();
        var coef = new float[Groups * k];
        for (int s = 0; s < Groups; s++)
        {
            for (int i = 0; i <= M; i++) coef[s * k + i] = a[s * (M + 1) + i] * (noise?[s * (M + 1) + i] ?? 1f);
            for (int j = 0; j < N; j++) coef[s * k + nb + j] = b[s * N + j];
        }
        return SetCall.Of<TOp>(coef, [Numerator, Denominator], sums =>
            [SetKernel.Gradients(sums, Groups, k, 0, M + 1, noise), SetKernel.Gradients(sums, Groups, k, nb, N)]);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, m={M}, n={N}, version={Version}, {SharingRepr()}";
}
