namespace Activa.Kan.Symbolic;

/// <summary>
/// The functions symbolic suggestion tries by default, drawn from the activation zoo where it has them (sin, tanh,
/// sigmoid, gaussian, x², x³, |x|) plus the algebraic and transcendental ones the zoo has no use for (exp, log, sqrt,
/// 1/x), each singularity-safe (see <see cref="SymbolicFunction.Rule"/>).
/// </summary>
public static class SymbolicLibrary
{
    /// <summary>Smallest |argument| that 1/x and log see, and the cap of exp's argument.</summary>
    private const double Tiny = 1e-4, ExpCap = 50;

    /// <summary>The default library, simplest first.</summary>
    public static IReadOnlyList<SymbolicFunction> Default { get; } =
    [
        SymbolicFunction.FromActivation("x", "identity", 1, "{0}"),
        SymbolicFunction.FromActivation("x^2", "square", 2, "({0})^2"),
        SymbolicFunction.FromActivation("x^3", "cube", 3, "({0})^3"),
        SymbolicFunction.FromActivation("sin", "sine(omega=1)", 2, "sin({0})"),
        SymbolicFunction.FromActivation("abs", "abs", 2, "abs({0})"),
        new SymbolicFunction("exp", 2, "exp({0})", z => Math.Exp(Math.Min(z, ExpCap)), z => z > ExpCap ? 0 : Math.Exp(z),
            $"the argument is capped at {ExpCap}"),
        new SymbolicFunction("log", 2, "log({0})", z => Math.Log(Math.Max(z, Tiny)), z => z > Tiny ? 1 / z : 0,
            $"the argument is raised to at least {Tiny:G}"),
        new SymbolicFunction("sqrt", 2, "sqrt({0})", z => Math.Sqrt(Math.Max(z, 0)), z => z > Tiny ? 0.5 / Math.Sqrt(z) : 0,
            "negative arguments count as 0"),
        new SymbolicFunction("1/x", 2, "1/({0})", z => 1 / AwayFromZero(z), z => Math.Abs(z) > Tiny ? -1 / (z * z) : 0,
            $"arguments closer to 0 than {Tiny:G} count as ±{Tiny:G}"),
        SymbolicFunction.FromActivation("tanh", "tanh", 3, "tanh({0})"),
        SymbolicFunction.FromActivation("sigmoid", "sigmoid", 3, "sigmoid({0})"),
        SymbolicFunction.FromActivation("gaussian", "gaussian", 3, "exp(-({0})^2)"),
    ];

    /// <summary>Names of the default functions.</summary>
    public static IReadOnlyList<string> Names => [.. Default.Select(f => f.Name)];

    /// <summary>The default function called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static SymbolicFunction Get(string name) =>
        Default.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown symbolic function '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name));

    private static double AwayFromZero(double z) => Math.Abs(z) >= Tiny ? z : z < 0 ? -Tiny : Tiny;
}
