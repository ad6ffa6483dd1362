using System.Reflection;


namespace Activa.Activations.Learnable;

/// <summary>
/// The registry of learnable activations: every non-abstract <see cref="LearnableActivation"/> subclass in this
/// assembly with a <c>public static ActivationInfo Info</c> and a constructor <c>(int channels, ActivationOptions options)</c>.
/// <c>LearnableActivations.Create("prelu", 512)</c>; <see cref="CreateModule"/> also accepts any fixed activation spec.
/// </summary>
public static class LearnableActivations
{
    private sealed record Entry(ActivationInfo Info, ConstructorInfo Constructor);

    private static readonly Lazy<Dictionary<string, Entry>> Registry = new(() =>
    {
        var byName = new Dictionary<string, Entry>();
        foreach (var type in typeof(LearnableActivation).Assembly.GetTypes())
        {
            if (type.IsAbstract || !type.IsSubclassOf(typeof(LearnableActivation))) continue;
            var info = type.GetProperty("Info", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ActivationInfo
                ?? throw new InvalidOperationException($"{type.Name} has no public static ActivationInfo Info.");
            var ctor = type.GetConstructor([typeof(int), typeof(ActivationOptions)])
                ?? throw new InvalidOperationException($"{type.Name} has no constructor (int channels, ActivationOptions options).");
            foreach (var name in info.Aliases.Prepend(info.Name))
                if (!byName.TryAdd(Key(name), new Entry(info, ctor)))
                    throw new InvalidOperationException($"Learnable activation name '{name}' is registered twice.");
        }
        return byName;
    });

    private static string Key(string name) => name.Trim().Replace('_', '-').ToLowerInvariant();

    /// <summary>Catalogue entries of the learnable activations, sorted by name.</summary>
    public static IReadOnlyList<ActivationInfo> Catalog => [.. Registry.Value.Values.Select(e => e.Info).Distinct().OrderBy(i => i.Name, StringComparer.Ordinal)];

    /// <summary>Primary names, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Catalog.Select(i => i.Name)];

    /// <summary>True when <paramref name="name"/> is a learnable activation.</summary>
    public static bool Exists(string name) => Registry.Value.ContainsKey(Key(SpecName(name)));

    /// <summary>Creates learnable activation <paramref name="spec"/> (e.g. "prelu(init=0.1)") for <paramref name="channels"/> channels.</summary>
    /// <exception cref="ArgumentException">Unknown name or bad options.</exception>
    public static LearnableActivation Create(string spec, int channels)
    {
        var name = SpecName(spec);
        if (!Registry.Value.TryGetValue(Key(name), out var entry))
            throw new ArgumentException($"Unknown learnable activation '{name}'. Valid: {string.Join(", ", Names)}.");
        int open = spec.IndexOf('(');
        var options = open < 0 ? ActivationOptions.None : ActivationOptions.Parse(spec[(open + 1)..spec.LastIndexOf(')')]);
        options.Validate(entry.Info);
        try
        {
            return (LearnableActivation)entry.Constructor.Invoke([channels, options]);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw inner;
        }
    }

    /// <summary>Checks that <paramref name="spec"/> names an activation <see cref="CreateModule"/> can build.</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the closest) or a bad option.</exception>
    public static void Validate(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var trimmed = spec.Trim();
        if (trimmed.StartsWith(Activation.FixedPrefix, StringComparison.OrdinalIgnoreCase) || !Exists(trimmed)) Activation.Create(trimmed);
    }

    /// <summary>
    /// A module for <paramref name="spec"/>: a learnable activation when the name is one, else a fixed <see cref="Nn.Act"/>.
    /// Names that are both (aglu, apa, cauchy, elephant, polyrelu, sine, snake, xatlu) give the learnable module; prefix
    /// <see cref="Activation.FixedPrefix"/> ("fixed:snake(a=2)") for the fixed one.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown activation or a bad option.</exception>
    public static Nn.Module CreateModule(string spec, int channels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var trimmed = spec.Trim();
        return trimmed.StartsWith(Activation.FixedPrefix, StringComparison.OrdinalIgnoreCase) || !Exists(trimmed)
            ? new Nn.Act(trimmed)
            : Create(trimmed, channels);
    }

    private static string SpecName(string spec) => spec.IndexOf('(') is var i and >= 0 ? spec[..i] : spec;
}
