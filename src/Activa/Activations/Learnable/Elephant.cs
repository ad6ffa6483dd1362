namespace Activa.Activations.Learnable;

/// <summary>
/// Learnable Elephant activation: f(x) = 1/(1 + |x/a|^d), a bump of width a and sharpness d, both learnable (a = 1,
/// d = 4 at the start); sparse outputs and sparse gradients away from 0. The fixed-parameter form (integer d) is the
/// "elephant" entry of the fixed catalogue.
/// Lan &amp; Mahmood, "Elephant Neural Networks: Born to Be a Continual Learner", arXiv:2310.01365, 2023.
/// </summary>
/// <remarks>
/// <para>Parametrisation: a = e^ρₐ ("log_a") and d = e^ρ_d ("log_d"), so a ≠ 0 and d &gt; 0 for every value an
/// optimiser can reach; each ρ is clamped to [−30, 30] when used (gradient 0 beyond), which keeps every
/// intermediate finite.</para>
/// <para>With p = |x/a|^d, w = p/(1 + p): ∂f/∂x = −d·f·w/x, ∂f/∂ρₐ = d·f·w, ∂f/∂ρ_d = −d·f·w·ln|x/a|.
/// At x = 0 the input gradient is defined as 0 (the limit for d &gt; 1, the symmetric subgradient at d = 1; for
/// d &lt; 1 the function has a cusp there) and p = 0 exactly. p is computed as exp(d·ln|x/a|) with the exponent
/// clamped to [−87, 88].</para>
/// </remarks>
public sealed class Elephant : LearnableActivation
{
    private const double MaxRho = 30;

    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("elephant", "1/(1 + |x/a|^d)",
        "Lan & Mahmood, Elephant Neural Networks: Born to Be a Continual Learner, arXiv:2310.01365", 2023,
        ActivationProperties.Smooth)
    {
        Aliases = ["learnable-elephant"], Lower = 0, Upper = 1, Family = "radial",
        Parameters = [new("a", 1.0, "initial width a (> 0); stored as ln a", ParameterRange.Within(1e-13, 1e13)),
            new("d", 4.0, "initial sharpness d (> 0); stored as ln d", ParameterRange.Within(1e-13, 1e13)), .. OptionReader.LayerSharing],
    };

    /// <summary>ρₐ = ln a [Groups].</summary>
    public Tensor LogA { get; }
    /// <summary>ρ_d = ln d [Groups].</summary>
    public Tensor LogD { get; }

    /// <summary>Creates the activation from registry options ("a", "d", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public Elephant(int channels, ActivationOptions options) : base(channels, Info, options)
    {
        LogA = PerSet("log_a", (float)Math.Log(options.Float(Info, "a")));
        LogD = PerSet("log_d", (float)Math.Log(options.Float(Info, "d")));
    }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial width and sharpness.</summary>
    public Elephant(int channels, float a = 1f, float d = 4f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("a", a), ("d", d))) { }

    private static double Clamp(float rho) => Math.Clamp(rho, -MaxRho, MaxRho);
    private static bool Inside(float rho) => rho >= -MaxRho && rho <= MaxRho;

    /// <summary>Widths a = e^ρₐ as used.</summary>
    public float[] A => [.. LogA.ToArray().Select(r => (float)Math.Exp(Clamp(r)))];
    /// <summary>Sharpness d = e^ρ_d as used.</summary>
    public float[] D => [.. LogD.ToArray().Select(r => (float)Math.Exp(Clamp(r)))];

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0)
    {
        double a = (float)Math.Exp(Clamp(LogA[set])), d = (float)Math.Exp(Clamp(LogD[set]));
        return x == 0 ? 1 : 1 / (1 + Math.Pow(Math.Abs(x) / a, d));
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        var ra = LogA.ToArray();
        var rd = LogD.ToArray();
        var coef = new float[2 * Groups];
        var d = new double[Groups];
        for (int s = 0; s < Groups; s++)
        {
            float ds = (float)Math.Exp(Clamp(rd[s]));
            coef[2 * s] = (float)(1 / (double)(float)Math.Exp(Clamp(ra[s])));
            coef[2 * s + 1] = ds;
            d[s] = ds;
        }
        return Apply<ElephantKernel>(input, coef, [LogA, LogD], sums =>
        [
            SetKernel.Gradient(sums, 2, 0, s => Inside(ra[s]) ? d[s] : 0),
            SetKernel.Gradient(sums, 2, 1, s => Inside(rd[s]) ? -d[s] : 0),
        ]);
    }
}

/// <summary>Elephant kernel: C0 = 1/a, C1 = d; G0 = Σ g·f·w, G1 = Σ g·f·w·ln|x/a| (times d and −d afterwards).</summary>
internal readonly struct ElephantKernel : ISetKernel
{
    public static int CoefficientCount => 2;
    public static int GradientCount => 2;

    private const float MinNormal = 1.17549435e-38f;

    /// <summary>f, with p = |x/a|^d (0 at x = 0) and ln|x/a| (floored at the smallest normal float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Core<TV>(TV x, in Coefs<TV> c, out TV p, out TV lnz) where TV : struct, IFloatLanes<TV>
    {
        lnz = TV.Log(TV.MaxNative(TV.Abs(x) * c.C0, MinNormal));
        p = TV.IfEqual(x, 0f, 0f, LearnableMath.ExpClamped(c.C1 * lnz));
        return 1f / (1f + p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV> => Core(x, c, out _, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var f = Core(x, c, out var p, out var lnz);
        var gfw = g * f * (p * f);
        acc.G0 += gfw;
        acc.G1 = TV.Fma(gfw, lnz, acc.G1);
        return TV.IfEqual(x, 0f, 0f, -(gfw * c.C1) / x);
    }
}
