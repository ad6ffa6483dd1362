namespace Activa.Kan;

/// <summary>
/// The KAN bases by name: <c>KanBases.Create("bspline(grid=10)", inputs)</c>. Each entry lists its options with their
/// defaults, shown by <c>activa kan bases</c> and in error messages.
/// </summary>
public static class KanBases
{
    /// <summary>A basis family: its name, a one-line description with the paper, its options, and its factory.</summary>
    public sealed record Entry(string Name, string Description, string[] Options, Func<int, KanBasisOptions, KanBasis> Create);

    private static readonly Entry[] All =
    [
        new("bspline", "B-splines of order k on G intervals per input, grid updatable from data and extendable (KAN, Liu et al. 2024)",
            ["grid=5", "order=3", "lo=-1", "hi=1"],
            (inputs, o) => new BSplineBasis(inputs, o.Int("grid", 5, 1, 1000), o.Int("order", 3, 0, 8), o.Float("lo", -1f), o.Float("hi", 1f))),
        new("chebyshev", "Chebyshev polynomials T_0..T_d of tanh(x) (ChebyKAN, 2024)",
            ["degree=4"],
            (inputs, o) => new ChebyshevBasis(inputs, o.Int("degree", 4, 1, 64))),
        new("fourier", "cos(kx) and sin(kx) for k = 1..K, period 2π (FourierKAN, 2024)",
            ["grid=5"],
            (inputs, o) => new FourierBasis(inputs, o.Int("grid", 5, 1, 256))),
        new("rbf", "Gaussians exp(−((x − c_i)/h)²) on G centres uniform over [lo, hi] (FastKAN, Li 2024)",
            ["grid=8", "lo=-2", "hi=2"],
            (inputs, o) => new RbfBasis(inputs, o.Int("grid", 8, 2, 1000), o.Float("lo", -2f), o.Float("hi", 2f))),
        new("relu-kan", "[ReLU(e_i − x)·ReLU(x − s_i)]²·16/(e_i − s_i)⁴ on G + k intervals, bounds learnable with train=true (ReLU-KAN, Qiu et al. 2024)",
            ["grid=5", "order=3", "lo=-1", "hi=1", "train=false"],
            (inputs, o) => new ReluKanBasis(inputs, o.Int("grid", 5, 1, 1000), o.Int("order", 3, 0, 16), o.Float("lo", -1f), o.Float("hi", 1f),
                o.Bool("train", false))),
        new("afkan", "h(f(x − s_i), f(e_i − x)) for an activation f and a combination h, on ReLU-KAN's intervals (AF-KAN, Ta et al. 2025)",
            ["grid=5", "order=3", "lo=-1", "hi=1", $"f=silu ({string.Join("|", AfKanBasis.Functions)})",
                $"combine=quad1 ({string.Join("|", AfKanBasis.Combinations)})", "train=false"],
            (inputs, o) => new AfKanBasis(inputs, o.Choice("f", "silu", [.. AfKanBasis.Functions]), o.Choice("combine", "quad1", [.. AfKanBasis.Combinations]),
                o.Int("grid", 5, 1, 1000), o.Int("order", 3, 0, 16), o.Float("lo", -1f), o.Float("hi", 1f), o.Bool("train", false))),
        new("grkan", "one rational P(x)/Q_g(x) per input, numerator shared, denominator per group of inputs, then the linear map (GR-KAN, Yang & Wang 2025)",
            ["groups=8", "init=gelu (identity|gelu)"],
            (inputs, o) => new GroupRationalBasis(inputs, o.Int("groups", 8, 1, 65536), o.Choice("init", "gelu", [.. GroupRationalBasis.Inits]))),
    ];

    /// <summary>Every basis family, in registry order.</summary>
    public static IReadOnlyList<Entry> Entries => All;

    /// <summary>Basis names.</summary>
    public static IReadOnlyList<string> Names => [.. All.Select(e => e.Name)];

    /// <summary>Builds basis <paramref name="spec"/> (a name with optional options) for <paramref name="inputs"/> inputs.</summary>
    /// <exception cref="ArgumentException">An unknown basis (the message lists them) or a bad option.</exception>
    public static KanBasis Create(string spec, int inputs)
    {
        var (name, options) = KanBasisOptions.Parse(spec);
        var entry = All.FirstOrDefault(e => e.Name == name)
            ?? throw new ArgumentException($"Unknown KAN basis '{name}'. Valid bases: {string.Join(", ", Names)}.");
        var basis = entry.Create(inputs, options);
        options.CheckAllRead(entry.Options);
        return basis;
    }

    /// <summary>Checks that <paramref name="spec"/> names a basis with valid options.</summary>
    /// <exception cref="ArgumentException">As <see cref="Create"/>.</exception>
    public static void Validate(string spec) => Create(spec, 1);
}
