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
