namespace Activa.Activations.Learnable;

/// <summary>
/// The learnable activations of the registry (<see cref="ActivationRegistry"/>): every non-abstract
/// <see cref="LearnableActivation"/> subclass with a <c>public static ActivationInfo Info</c> and a constructor
/// <c>(int channels, ActivationOptions options)</c>. <c>LearnableActivations.Create("prelu", 512)</c>;
/// <see cref="CreateModule"/> also accepts any fixed activation spec.
/// </summary>
public static class LearnableActivations
{
    /// <summary>Catalogue entries of the learnable activations, sorted by name.</summary>
    public static IReadOnlyList<ActivationInfo> Catalog => ActivationRegistry.Catalog(learnable: true);

    /// <summary>Primary names, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Catalog.Select(i => i.Name)];

    /// <summary>True when <paramref name="name"/> is a learnable activation.</summary>
    public static bool Exists(string name) => !IsFixed(name) && ActivationRegistry.TryFind(SpecName(name), learnable: true) != null;

    /// <summary>Creates learnable activation <paramref name="spec"/> (e.g. "prelu(init=0.1)") for <paramref name="channels"/> channels.</summary>
    /// <exception cref="ArgumentException">Unknown name or bad options.</exception>
    public static LearnableActivation Create(string spec, int channels)
    {
        var (name, options) = ActivationRegistry.ParseSpec(spec);
        var entry = ActivationRegistry.Find(name, learnable: true);
        options.Validate(entry.Info, learnable: true);
        return entry.Learnable!(channels, options);
    }

    /// <summary>Checks that <paramref name="spec"/> names an activation <see cref="CreateModule"/> can build.</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the closest) or a bad option.</exception>
    public static void Validate(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Exists(spec.Trim())) Activation.Create(spec.Trim());
    }

    /// <summary>
    /// A module for <paramref name="spec"/>: a learnable activation when the name is one, else a fixed <see cref="Nn.Act"/>.
    /// Names that are both (aglu, apa, cauchy, elephant, polyrelu, sine, snake, xatlu) give the learnable module; prefix
    /// <see cref="Activation.FixedPrefix"/> ("fixed:snake(a=2)") for the fixed one, which computes with the same kernel at
    /// frozen coefficients.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown activation or a bad option.</exception>
    public static Nn.Module CreateModule(string spec, int channels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var trimmed = spec.Trim();
        return Exists(trimmed) ? Create(trimmed, channels) : new Nn.Act(trimmed);
    }

    private static bool IsFixed(string spec) => spec.TrimStart().StartsWith(Activation.FixedPrefix, StringComparison.OrdinalIgnoreCase);

    private static string SpecName(string spec) => spec.IndexOf('(') is var i and >= 0 ? spec[..i] : spec;
}
