using System.Reflection;

namespace Activa.Activations;

/// <summary>
/// The registry of activations by name. <c>Activation.Create("gelu")</c>, <c>Activation.Create("elu(alpha=0.5)")</c>;
/// names are case-insensitive and '-' and '_' are interchangeable; aliases are accepted; an unknown name gets
/// an error listing the closest matches. Every struct implementing <see cref="IFixedActivation{TSelf}"/> in this
/// assembly is registered automatically, plus the stochastic <see cref="RRelu"/>.
/// </summary>
public static class Activation
{
    private sealed record Entry(ActivationInfo Info, Func<ActivationOptions, IActivation> Create, Func<Specialisation, IActivation>? Specialise = null);

    private static readonly Lazy<(Dictionary<string, Entry> ByName, ActivationInfo[] Catalog)> Registry = new(Build);

    /// <summary>
    /// Optional prefix of a fixed activation's name ("fixed:snake"): the registry ignores it, and model builders read it
    /// as "the fixed one" where a learnable activation shares the name.
    /// </summary>
    public const string FixedPrefix = "fixed:";

    private static string Key(string name)
    {
        var key = name.Trim();
        if (key.StartsWith(FixedPrefix, StringComparison.OrdinalIgnoreCase)) key = key[FixedPrefix.Length..].Trim();
        return key.Replace('_', '-').ToLowerInvariant();
    }

    private static (Dictionary<string, Entry>, ActivationInfo[]) Build()
    {
        var entries = new List<Entry>();
        var make = typeof(Activation).GetMethod(nameof(EntryFor), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in typeof(Activation).Assembly.GetTypes())
        {
            if (!type.IsValueType || type.IsGenericTypeDefinition) continue;
            bool isFixed = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFixedActivation<>) && i.GenericTypeArguments[0] == type);
            if (isFixed) entries.Add((Entry)make.MakeGenericMethod(type).Invoke(null, null)!);
        }
        entries.Add(new Entry(RRelu.Info, o => new RRelu(o)));
        var general = entries.ToDictionary(e => e.Info.Name);
        foreach (var special in Specialisation.All)
        {
            var of = general.GetValueOrDefault(special.Of)?.Specialise
                     ?? throw new InvalidOperationException($"Specialisation '{special.Info.Name}' names '{special.Of}', which is not a fixed activation.");
            of(special); // fails here, at registry build, if the fixed values are invalid
            entries.Add(new Entry(special.Info, o =>
            {
                o.Validate(special.Info);
                return of(special);
            }));
        }

        var byName = new Dictionary<string, Entry>();
        foreach (var e in entries)
            foreach (var name in e.Info.Aliases.Prepend(e.Info.Name))
                if (!byName.TryAdd(Key(name), e))
                    throw new InvalidOperationException($"Activation name '{name}' is registered twice ({byName[Key(name)].Info.Name} and {e.Info.Name}).");
        return (byName, [.. entries.Select(e => e.Info).OrderBy(i => i.Name, StringComparer.Ordinal)]);
    }

    private static Entry EntryFor<TOp>() where TOp : struct, IFixedActivation<TOp> =>
        new(TOp.Info, o => new ActivationFunction<TOp>(o), s => new ActivationFunction<TOp>(s));

    /// <summary>The general activation and fixed values that <paramref name="name"/> stands for, or null when it is not a specialisation.</summary>
    public static Specialisation? SpecialisationOf(string name) =>
        Exists(name) ? Specialisation.All.FirstOrDefault(s => s.Info == Info(name)) : null;

    /// <summary>Every catalogue entry, sorted by name.</summary>
    public static IReadOnlyList<ActivationInfo> Catalog => Registry.Value.Catalog;

    /// <summary>All primary names, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Catalog.Select(i => i.Name)];

    /// <summary>True when <paramref name="name"/> (or an alias) is registered.</summary>
    public static bool Exists(string name) => Registry.Value.ByName.ContainsKey(Key(name));

    /// <summary>The catalogue entry of <paramref name="name"/> or an alias.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the closest names.</exception>
    public static ActivationInfo Info(string name) => Find(name).Info;

    /// <summary>
    /// Creates an activation from a spec: a name or alias, optionally with hyper-parameters in parentheses,
    /// e.g. "leaky-relu(negative_slope=0.2)".
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, unknown parameter, or malformed spec.</exception>
    public static IActivation Create(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int open = spec.IndexOf('(');
        if (open < 0) return Create(spec, null);
        if (!spec.TrimEnd().EndsWith(')')) throw new ArgumentException($"Activation spec '{spec}' has '(' but does not end with ')'.");
        return Create(spec[..open], ActivationOptions.Parse(spec[(open + 1)..spec.LastIndexOf(')')]));
    }

    /// <summary>Creates activation <paramref name="name"/> with the given hyper-parameters (defaults for the rest).</summary>
    public static IActivation Create(string name, ActivationOptions? options) => Find(name).Create(options ?? ActivationOptions.None);

    private static Entry Find(string name)
    {
        if (Registry.Value.ByName.TryGetValue(Key(name), out var e)) return e;
        var close = Registry.Value.ByName.Keys.OrderBy(n => EditDistance(n, Key(name))).ThenBy(n => n, StringComparer.Ordinal).Take(5);
        throw new ArgumentException($"Unknown activation '{name}'. Closest: {string.Join(", ", close)}. 'activa zoo' lists all {Catalog.Count}.");
    }

    /// <summary>Levenshtein distance, for suggestions.</summary>
    internal static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
