namespace Activa.Activations.Learnable;

/// <summary>
/// Adaptive Parametric Activation, the gate: APA(x) = (λ·e^(−κx) + 1)^(−1/λ) with learnable κ and λ &gt; 0, both
/// starting at 1 (the logistic sigmoid). λ → 0 gives the Gumbel CDF exp(−e^(−κx)); κ → ∞ a step. For hidden
/// layers use <see cref="Aglu"/> = x·APA(x); this is the gate alone (for heads and attention), named separately
/// because some code calls the gate "AGLU".
/// Alexandridis, Deng, Nguyen &amp; Luo, "Adaptive Parametric Activation", ECCV 2024.
/// </summary>
/// <remarks>
/// <para>Stable form: APA = exp(−softplus(ln λ − κx)/λ), softplus(u) = max(u, 0) + ln(1 + e^(−|u|)), so no power of
/// a large number is ever formed; two exponentials and one logarithm per element.</para>
/// <para>Positivity of λ: the parameter is ρ = ln λ ("log_lambda"), so λ = e^ρ is positive for every ρ an optimiser
/// can reach; ρ is clamped to [ln 10⁻⁴, ln 10⁴] when used (the authors clamp λ ≥ 10⁻⁴), with zero gradient beyond.</para>
/// <para>Gradients, with u = ln λ − κx, s = σ(u) = softplus′(u): ∂ln APA/∂x = κs/λ, ∂ln APA/∂κ = xs/λ,
/// ∂ln APA/∂ρ = (softplus(u) − s)/λ. The last accounts for λ appearing both inside the softplus and in the
/// exponent −1/λ. The authors' code is known to get the λ gradient wrong; the tests check ours against finite
/// differences of a double-precision reference.</para>
/// </remarks>
public sealed class Apa : ApaGateActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("apa", "(λ·e^(−κx) + 1)^(−1/λ)",
        "Alexandridis, Deng, Nguyen & Luo, Adaptive Parametric Activation, ECCV", 2024,
        ActivationProperties.Monotone | ActivationProperties.Smooth)
    { Aliases = ["apa-gate"], Parameters = ApaCore.Parameters, Lower = 0, Upper = 1, Family = "sigmoidal", Torch = "torch.sigmoid(x)" };

    /// <summary>Creates the activation from registry options ("kappa", "lambda", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public Apa(int channels, ActivationOptions options) : base(channels, Info, options, timesX: false) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial κ and λ.</summary>
    public Apa(int channels, float kappa = 1f, float lambda = 1f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("kappa", kappa), ("lambda", lambda))) { }
}

/// <summary>
/// Base of <see cref="Apa"/> and <see cref="Aglu"/>: the gate exp(−softplus(ρ − κx)/λ) with learnable κ ("kappa") and
/// ρ = ln λ ("log_lambda"), one of each per parameter set.
/// </summary>
public abstract class ApaGateActivation : LearnableActivation
{
    private readonly bool _timesX;

    private protected ApaGateActivation(int channels, ActivationInfo info, ActivationOptions options, bool timesX) : base(channels, info, options)
    {
        _timesX = timesX;
        Kappa = PerSet("kappa", options.Float(info, "kappa"));
        LogLambda = PerSet("log_lambda", (float)Math.Log(options.Float(info, "lambda")));
    }

    /// <summary>κ, one per parameter set [Groups].</summary>
    public Tensor Kappa { get; }
    /// <summary>ρ = ln λ, one per parameter set [Groups].</summary>
    public Tensor LogLambda { get; }

    /// <summary>λ = e^ρ of each parameter set (clamped as used).</summary>
    public float[] Lambda => ApaCore.Lambdas(LogLambda);

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0) => (_timesX ? x : 1) * ApaCore.Gate(x, Kappa[set], LogLambda[set]);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        var rho = LogLambda.ToArray();
        var coef = ApaCore.Coefficients(Kappa, LogLambda);
        Func<double[], Tensor?[]> grads = sums => ApaCore.Gradients(sums, rho);
        return _timesX ? Apply<AgluKernel>(input, coef, [Kappa, LogLambda], grads) : Apply<ApaKernel>(input, coef, [Kappa, LogLambda], grads);
    }
}

/// <summary>What <see cref="Apa"/> and <see cref="Aglu"/> share: options, coefficients, the gate and its gradients.</summary>
internal static class ApaCore
{
    public static readonly double MinRho = Math.Log(1e-4), MaxRho = Math.Log(1e4);

    public static ActivationParameter[] Parameters { get; } =
    [
        new("kappa", 1.0, "initial κ (slope of the gate)"),
        new("lambda", 1.0, "initial λ (asymmetry; 1 gives the sigmoid), from 1e-4 to 1e4; stored as ln λ", ParameterRange.Within(0.9999e-4, 1.0001e4)),
        .. OptionReader.LayerSharing,
    ];

    private static double Rho(float rho) => Math.Clamp(rho, MinRho, MaxRho);

    public static float[] Lambdas(Tensor rho) => [.. rho.ToArray().Select(r => (float)Math.Exp(Rho(r)))];

    /// <summary>ρ = ln λ as the kernel reads it (clamped), for a fixed λ: what a learnable set initialised at λ holds.</summary>
    public static float FrozenRho(float lambda) => (float)Rho((float)Math.Log(lambda));

    /// <summary>1/λ as the kernel reads it (C2), for a fixed λ.</summary>
    public static float FrozenInvLambda(float lambda) => (float)Math.Exp(-Rho((float)Math.Log(lambda)));

    /// <summary>Per set: κ, ρ (clamped), 1/λ.</summary>
    public static float[] Coefficients(Tensor kappa, Tensor rho)
    {
        var k = kappa.ToArray();
        var r = rho.ToArray();
        var coef = new float[k.Length * 3];
        for (int s = 0; s < k.Length; s++)
        {
            double rc = Rho(r[s]);
            coef[3 * s] = k[s];
            coef[3 * s + 1] = (float)rc;
            coef[3 * s + 2] = (float)Math.Exp(-rc);
        }
        return coef;
    }

    /// <summary>Gradients of κ and ρ from the per-set sums; ρ values (as of the forward) outside the clamp get 0.</summary>
    public static Tensor?[] Gradients(double[] sums, float[] r)
    {
        return
        [
            SetKernel.Gradient(sums, 2, 0, _ => 1),
            SetKernel.Gradient(sums, 2, 1, s => r[s] >= MinRho && r[s] <= MaxRho ? 1 : 0),
        ];
    }

    /// <summary>APA in double: exp(−softplus(ρ − κx)/λ).</summary>
    public static double Gate(double x, double kappa, double rho)
    {
        double rc = Rho((float)rho), u = rc - kappa * x;
        double sp = Math.Max(u, 0) + Math.Log(1 + Math.Exp(-Math.Abs(u)));
        return Math.Exp(-sp * Math.Exp(-rc));
    }

    /// <summary>The gate with the pieces its gradient reuses: u = ρ − κx, e = e^(−|u|), sp = softplus(u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Gate<TV>(TV x, in Coefs<TV> c, out TV u, out TV e, out TV sp) where TV : struct, IFloatLanes<TV>
    {
        u = TV.Fma(-c.C0, x, c.C1);
        e = TV.Exp(-TV.Abs(u));
        sp = TV.MaxNative(u, 0f) + LearnableMath.Log1p(e);
        return TV.Exp(-(sp * c.C2));
    }

    /// <summary>σ(u) from e = e^(−|u|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigma<TV>(TV u, TV e) where TV : struct, IFloatLanes<TV>
    {
        var r = 1f / (1f + e);
        return TV.IfGreater(0f, u, e * r, r);
    }
}

/// <summary>APA kernel: C0 = κ, C1 = ρ, C2 = 1/λ; G0 = Σ g·∂y/∂κ, G1 = Σ g·∂y/∂ρ.</summary>
internal readonly struct ApaKernel : ISetKernel
{
    public static int CoefficientCount => 3;
    public static int GradientCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => ApaCore.Gate(x, c, out _, out _, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var gate = ApaCore.Gate(x, c, out var u, out var e, out var sp);
        var s = ApaCore.Sigma(u, e);
        var h = g * gate * c.C2;
        var hs = h * s;
        acc.G0 = TV.Fma(hs, x, acc.G0);
        acc.G1 = TV.Fma(h, sp - s, acc.G1);
        return hs * c.C0;
    }
}
