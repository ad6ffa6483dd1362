using System.Globalization;

namespace Activa.Activations;

/// <summary>A hyper-parameter of a fixed activation, with its default and the values it admits.</summary>
/// <param name="Name">Option name, e.g. "alpha".</param>
/// <param name="Default">Value used when none is given.</param>
/// <param name="Description">What it controls.</param>
/// <param name="Must">The values it admits beyond being finite (null: any finite value), checked by <see cref="ActivationOptions.Validate(ActivationInfo)"/>.</param>
public sealed record ActivationParameter(string Name, double Default, string Description, ParameterRange? Must = null);

/// <summary>
/// A declared constraint on one hyper-parameter: an interval whose ends are open or closed, optionally integers only
/// or excluding 0, e.g. <c>new("a", 1.0, "width a (&gt; 0)", ParameterRange.Positive)</c>. Constraints between
/// parameters are checked in the activation's <c>Create</c> with <see cref="ActivationOptions.Require(ActivationInfo, bool, string)"/>.
/// </summary>
/// <param name="Min">Lower end (−∞ for none).</param>
/// <param name="Max">Upper end (+∞ for none).</param>
/// <param name="MinOpen">The lower end itself is excluded.</param>
/// <param name="MaxOpen">The upper end itself is excluded.</param>
/// <param name="Integer">Only whole numbers.</param>
/// <param name="NonZero">0 is excluded.</param>
public sealed record ParameterRange(double Min = double.NegativeInfinity, double Max = double.PositiveInfinity,
    bool MinOpen = false, bool MaxOpen = false, bool Integer = false, bool NonZero = false)
{
    /// <summary>&gt; 0.</summary>
    public static ParameterRange Positive { get; } = Above(0);
    /// <summary>≥ 0.</summary>
    public static ParameterRange NonNegative { get; } = AtLeast(0);
    /// <summary>&gt; <paramref name="min"/>.</summary>
    public static ParameterRange Above(double min) => new(min, MinOpen: true);
    /// <summary>≥ <paramref name="min"/>.</summary>
    public static ParameterRange AtLeast(double min) => new(min);
    /// <summary>In [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static ParameterRange Within(double min, double max) => new(min, max);
    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static ParameterRange Integers(int min, int max) => new(min, max, Integer: true);

    /// <summary>True when <paramref name="value"/> satisfies the constraint.</summary>
    public bool Admits(double value) =>
        (MinOpen ? value > Min : value >= Min) && (MaxOpen ? value < Max : value <= Max)
        && (!Integer || value == Math.Floor(value)) && (!NonZero || value != 0);

    /// <summary>What an admitted value is, to follow "must be": "&gt; 0", "≥ 0", "in [−1, 1]", "an integer in [1, 16]".</summary>
    public override string ToString()
    {
        bool below = !double.IsNegativeInfinity(Min), above = !double.IsPositiveInfinity(Max);
        string range = below && above ? $"in {(MinOpen ? '(' : '[')}{Format(Min)}, {Format(Max)}{(MaxOpen ? ')' : ']')}"
            : below ? $"{(MinOpen ? ">" : "≥")} {Format(Min)}"
            : above ? $"{(MaxOpen ? "<" : "≤")} {Format(Max)}" : "";
        string kind = Integer ? (range.Length > 0 ? $"an integer {range}" : "an integer") : range;
        return NonZero ? (kind.Length > 0 ? $"{kind} and non-zero" : "non-zero") : kind;
    }

    /// <summary>A number as the messages write it (invariant, shortest round trip).</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// What the catalogue knows about an activation: its names, formula, paper, declared properties and
/// hyper-parameters. Bounds and properties describe the function at its default hyper-parameters.
/// </summary>
/// <param name="Name">Registry name (lower case, words joined by '-').</param>
/// <param name="Formula">The formula in plain Unicode, e.g. "x·σ(x)".</param>
/// <param name="Paper">Authors, title and venue of the paper that introduced (or popularised) it.</param>
/// <param name="Year">Year of that paper.</param>
/// <param name="Properties">Declared properties.</param>
public sealed record ActivationInfo(string Name, string Formula, string Paper, int Year, ActivationProperties Properties)
{
    /// <summary>Other names accepted by the registry.</summary>
    public string[] Aliases { get; init; } = [];
    /// <summary>Hyper-parameters and their defaults.</summary>
    public ActivationParameter[] Parameters { get; init; } = [];
    /// <summary>Greatest lower bound of f (−∞ when unbounded below).</summary>
    public double Lower { get; init; } = double.NegativeInfinity;
    /// <summary>Least upper bound of f (+∞ when unbounded above).</summary>
    public double Upper { get; init; } = double.PositiveInfinity;
    /// <summary>Family for grouping in the catalogue: "rectifier", "exponential", "sigmoidal", "self-gated", "periodic", "radial", "shrinkage", "other".</summary>
    public string Family { get; init; } = "other";
    /// <summary>
    /// The equivalent PyTorch expression in terms of <c>x</c>, <c>F</c> (torch.nn.functional) and <c>torch</c> at
    /// the default hyper-parameters, when PyTorch has the activation; tests compare against fixtures it produced.
    /// </summary>
    public string? Torch { get; init; }

    /// <summary>Bounded below.</summary>
    public bool BoundedBelow => !double.IsNegativeInfinity(Lower);
    /// <summary>Bounded above.</summary>
    public bool BoundedAbove => !double.IsPositiveInfinity(Upper);
    /// <summary>True when <paramref name="p"/> is declared.</summary>
    public bool Has(ActivationProperties p) => (Properties & p) == p;
}
