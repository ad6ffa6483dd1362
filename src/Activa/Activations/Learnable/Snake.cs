using static Activa.Activations.ActivationProperties;

namespace Activa.Activations.Learnable;

/// <summary>
/// Snake: f(x) = x + sin²(a·x)/a with a learnable frequency a, starting at 1; monotone for every a, periodic around
/// the identity, so a network can extrapolate periodic signals. ∂f/∂x = 1 + sin(2ax);
/// ∂f/∂a = x·sin(2ax)/a − sin²(ax)/a².
/// Guard a → 0: a is used as sign(a)·max(|a|, 10⁻⁶) (a = 0 as +10⁻⁶), which keeps 1/a finite; f then tends to its
/// limit x + a·x². The gradient of a is evaluated at that value and passed on unchanged (straight through), so a
/// parameter that wanders into the guard band can leave it again.
/// Ziyin, Hartwig &amp; Ueda, "Neural Networks Fail to Learn Periodic Functions and How to Fix It", NeurIPS 2020.
/// </summary>
public sealed class Snake : LearnableActivation
{
    /// <summary>Smallest |a| used.</summary>
    public const float MinA = 1e-6f;

    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("snake", "x + sin²(a·x)/a",
        "Ziyin, Hartwig & Ueda, Neural Networks Fail to Learn Periodic Functions and How to Fix It, NeurIPS", 2020,
        Monotone | Smooth | ZeroCentred | Periodic)
    { Parameters = [new("a", 1.0, "initial frequency a (non-zero; |a| < 1e-6 is used as ±1e-6)", new(NonZero: true)), .. OptionReader.LayerSharing],
      Family = "periodic", Torch = "x + torch.sin(x) ** 2" };

    /// <summary>Frequencies a [Groups].</summary>
    public Tensor A { get; }

    /// <summary>Creates the activation from registry options ("a", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public Snake(int channels, ActivationOptions options) : base(channels, Info, options) => A = PerSet("a", options.Float(Info, "a"));

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial frequency <paramref name="a"/>.</summary>
    public Snake(int channels, float a = 1f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("a", a))) { }

    /// <summary>a as used: sign(a)·max(|a|, 10⁻⁶).</summary>
    internal static float Guard(float a) => MathF.Abs(a) >= MinA ? a : a < 0 ? -MinA : MinA;

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0)
    {
        double a = Guard(A[set]), s = Math.Sin(a * x);
        return x + s * s / a;
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        var a = A.ToArray();
        var coef = new float[2 * Groups];
        var inv = new double[Groups];
        for (int s = 0; s < Groups; s++)
        {
            float ag = Guard(a[s]);
            coef[2 * s] = ag;
            coef[2 * s + 1] = 1f / ag;
            inv[s] = 1.0 / ag;
        }
        return Apply<SnakeKernel>(input, coef, [A], sums => [SetKernel.Gradient(sums, 1, 0, s => inv[s])]);
    }
}

/// <summary>Snake kernel: C0 = a, C1 = 1/a; G0 = Σ g·(x·sin(2ax) − sin²(ax)/a) (times 1/a afterwards).</summary>
internal readonly struct SnakeKernel : ISetKernel
{
    public static int CoefficientCount => 2;
    public static int GradientCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>
    {
        var s = LearnableMath.Sin(c.C0 * x);
        return TV.Fma(s * s, c.C1, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        LearnableMath.SinCos(c.C0 * x, out var s, out var co);
        var s2x = 2f * s * co;                       // sin(2ax)
        acc.G0 = TV.Fma(g, TV.Fma(s2x, x, -(s * s * c.C1)), acc.G0);
        return TV.Fma(g, s2x, g);
    }
}
