namespace Activa.Activations;

/// <summary>A hyper-parameter of a fixed activation, with its default.</summary>
/// <param name="Name">Option name, e.g. "alpha".</param>
/// <param name="Default">Value used when none is given.</param>
/// <param name="Description">What it controls.</param>
public sealed record ActivationParameter(string Name, double Default, string Description);

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
