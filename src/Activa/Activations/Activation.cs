namespace Activa.Activations;

/// <summary>
/// The registry of activations by name. <c>Activation.Create("gelu")</c>, <c>Activation.Create("elu(alpha=0.5)")</c>;
/// names are case-insensitive and '-' and '_' are interchangeable; aliases are accepted; an unknown name gets
/// an error listing the closest matches. Every struct implementing <see cref="IFixedActivation{TSelf}"/> in this
/// assembly is registered automatically, plus the stochastic <see cref="RRelu"/>.
/// </summary>
public static class Activation
{
    /// <summary>
    /// Optional prefix of a fixed activation's name ("fixed:snake"): the registry ignores it, and model builders read it
    /// as "the fixed one" where a learnable activation shares the name.
    /// </summary>
    public const string FixedPrefix = "fixed:";

    /// <summary>The general activation and fixed values that <paramref name="name"/> stands for, or null when it is not a specialisation.</summary>
    public static Specialisation? SpecialisationOf(string name) =>
        ActivationRegistry.TryFind(name, learnable: false) is { } e ? Specialisation.All.FirstOrDefault(s => s.Info == e.Info) : null;

    /// <summary>Every catalogue entry, sorted by name.</summary>
    public static IReadOnlyList<ActivationInfo> Catalog => ActivationRegistry.Catalog(learnable: false);

    /// <summary>All primary names, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Catalog.Select(i => i.Name)];

    /// <summary>True when <paramref name="name"/> (or an alias) is registered.</summary>
    public static bool Exists(string name) => ActivationRegistry.TryFind(name, learnable: false) != null;

    /// <summary>The catalogue entry of <paramref name="name"/> or an alias.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the closest names.</exception>
    public static ActivationInfo Info(string name) => ActivationRegistry.Find(name, learnable: false).Info;

    /// <summary>
    /// Creates an activation from a spec: a name or alias, optionally with hyper-parameters in parentheses,
    /// e.g. "leaky-relu(negative_slope=0.2)".
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, unknown parameter, or malformed spec.</exception>
    public static IActivation Create(string spec)
    {
        var (name, options) = ActivationRegistry.ParseSpec(spec);
        return Create(name, options);
    }

    /// <summary>Creates activation <paramref name="name"/> with the given hyper-parameters (defaults for the rest).</summary>
    public static IActivation Create(string name, ActivationOptions? options) =>
        ActivationRegistry.Find(name, learnable: false).Fixed!(options ?? ActivationOptions.None);
}
