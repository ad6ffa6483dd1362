namespace Activa.Activations.Learnable;

/// <summary>
/// Learnable Cauchy activation of XNet: f(x) = (λ₁x + λ₂)/(x² + d²) with λ₁, λ₂ and d learnable, all starting at 1.
/// With q = 1/(x² + d²): ∂f/∂x = q·(λ₁ − 2x·f), ∂f/∂λ₁ = x·q, ∂f/∂λ₂ = q, ∂f/∂d = −2d·f·q.
/// d enters only as d², which is floored at 10⁻⁸ (|d| ≥ 10⁻⁴ in effect) so that x = 0 never divides by zero; below
/// the floor the d gradient is 0, as for the floored function. The fixed-parameter form is the "cauchy" entry of
/// the fixed catalogue.
/// Li, Xia &amp; Zhang, "Cauchy activation function and XNet", arXiv:2409.19221, 2024.
/// </summary>
public sealed class Cauchy : LearnableActivation
{
    /// <summary>Smallest d² used.</summary>
    public const float MinD2 = 1e-8f;

    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("cauchy", "λ₁x/(x² + d²) + λ₂/(x² + d²)",
        "Li, Xia & Zhang, Cauchy activation function and XNet, arXiv:2409.19221", 2024,
        ActivationProperties.Smooth)
    {
        Aliases = ["xnet-cauchy", "learnable-cauchy"], Lower = (1 - Math.Sqrt(2)) / 2, Upper = (1 + Math.Sqrt(2)) / 2, Family = "radial",
        Parameters = [new("lambda1", 1.0, "initial λ₁ (odd part)"), new("lambda2", 1.0, "initial λ₂ (even part)"),
            new("d", 1.0, "initial width d (d² ≥ 1e-8)", ParameterRange.AtLeast(1e-4)), .. OptionReader.LayerSharing],
    };

    /// <summary>λ₁ [Groups].</summary>
    public Tensor Lambda1 { get; }
    /// <summary>λ₂ [Groups].</summary>
    public Tensor Lambda2 { get; }
    /// <summary>d [Groups].</summary>
    public Tensor D { get; }

    /// <summary>Creates the activation from registry options ("lambda1", "lambda2", "d", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public Cauchy(int channels, ActivationOptions options) : base(channels, Info, options)
    {
        Lambda1 = PerSet("lambda1", options.Float(Info, "lambda1"));
        Lambda2 = PerSet("lambda2", options.Float(Info, "lambda2"));
        D = PerSet("d", options.Float(Info, "d"));
    }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with the given initial values.</summary>
    public Cauchy(int channels, float lambda1 = 1f, float lambda2 = 1f, float d = 1f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("lambda1", lambda1), ("lambda2", lambda2), ("d", d))) { }

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0)
    {
        double d = D[set], d2 = Math.Max(d * d, (double)MinD2);
        return (Lambda1[set] * x + Lambda2[set]) / (x * x + d2);
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        var l1 = Lambda1.ToArray();
        var l2 = Lambda2.ToArray();
        var d = D.ToArray();
        var coef = new float[3 * Groups];
        for (int s = 0; s < Groups; s++)
        {
            coef[3 * s] = l1[s];
            coef[3 * s + 1] = l2[s];
            coef[3 * s + 2] = MathF.Max(d[s] * d[s], MinD2);
        }
        return Apply<CauchyKernel>(input, coef, [Lambda1, Lambda2, D], sums =>
        [
            SetKernel.Gradient(sums, 3, 0, _ => 1),
            SetKernel.Gradient(sums, 3, 1, _ => 1),
            SetKernel.Gradient(sums, 3, 2, s => d[s] * d[s] >= MinD2 ? -2.0 * d[s] : 0),
        ]);
    }
}

/// <summary>Cauchy kernel: C0 = λ₁, C1 = λ₂, C2 = d²; G0 = Σ g·x·q, G1 = Σ g·q, G2 = Σ g·f·q (times −2d afterwards).</summary>
internal readonly struct CauchyKernel : ISetKernel
{
    public static int CoefficientCount => 3;
    public static int GradientCount => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => TV.Fma(c.C0, x, c.C1) / TV.Fma(x, x, c.C2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        // u = x·q and y stay finite for every x (both → 0 as |x| → ∞), so f′ = λ₁q − 2u·y has no ∞·0.
        var q = 1f / TV.Fma(x, x, c.C2);
        var u = x * q;
        var y = TV.Fma(c.C0, u, c.C1 * q);
        var gq = g * q;
        acc.G0 = TV.Fma(g, u, acc.G0);
        acc.G1 += gq;
        acc.G2 = TV.Fma(gq, y, acc.G2);
        return g * TV.Fma(-2f * u, y, c.C0 * q);
    }
}
