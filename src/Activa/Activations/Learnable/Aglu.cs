namespace Activa.Activations.Learnable;

/// <summary>
/// AGLU, the hidden-layer form of Adaptive Parametric Activation: f(x) = x·APA(x) = x·(λ·e^(−κx) + 1)^(−1/λ), with
/// learnable κ and λ &gt; 0 starting at 1 (SiLU). κ ≈ 1.702, λ = 1 approximates GELU; κ → ∞ approaches ReLU.
/// Evaluated in the stable form x·exp(−softplus(ln λ − κx)/λ); λ is stored as ρ = ln λ ("log_lambda", clamped to
/// [ln 10⁻⁴, ln 10⁴] when used). See <see cref="Apa"/> for the gate alone and the gradient formulas; here
/// ∂f/∂x = APA + x·APA·κs/λ, ∂f/∂κ = x²·APA·s/λ, ∂f/∂ρ = x·APA·(softplus(u) − s)/λ with u = ln λ − κx, s = σ(u).
/// Alexandridis, Deng, Nguyen &amp; Luo, "Adaptive Parametric Activation", ECCV 2024.
/// </summary>
public sealed class Aglu : ApaGateActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("aglu", "x·(λ·e^(−κx) + 1)^(−1/λ)",
        "Alexandridis, Deng, Nguyen & Luo, Adaptive Parametric Activation, ECCV", 2024,
        ActivationProperties.Smooth | ActivationProperties.SelfGated | ActivationProperties.ZeroCentred)
    { Parameters = ApaCore.Parameters, Lower = -0.27846454276107380, Family = "self-gated", Torch = "F.silu(x)" };

    /// <summary>Creates the activation from registry options ("kappa", "lambda", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public Aglu(int channels, ActivationOptions options) : base(channels, Info, options, timesX: true) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial κ and λ.</summary>
    public Aglu(int channels, float kappa = 1f, float lambda = 1f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("kappa", kappa), ("lambda", lambda))) { }
}

/// <summary>AGLU kernel: C0 = κ, C1 = ρ, C2 = 1/λ; G0 = Σ g·∂y/∂κ, G1 = Σ g·∂y/∂ρ.</summary>
internal readonly struct AgluKernel : ISetKernel
{
    public static int CoefficientCount => 3;
    public static int GradientCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => x * ApaCore.Gate(x, c, out _, out _, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var gate = ApaCore.Gate(x, c, out var u, out var e, out var sp);
        var s = ApaCore.Sigma(u, e);
        var gg = g * gate;
        var h = gg * x * c.C2;
        var hs = h * s;
        acc.G0 = TV.Fma(hs, x, acc.G0);
        acc.G1 = TV.Fma(h, sp - s, acc.G1);
        return TV.Fma(hs, c.C0, gg);
    }
}
