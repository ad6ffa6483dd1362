using System.Reflection;

namespace Activa.Activations;

/// <summary>
/// The one registry of activations behind <see cref="Activation"/> (fixed) and <see cref="LearnableActivations"/>:
/// name → catalogue entry + factory, for both kinds, under one name rule (case-insensitive, '-' and '_' alike, the
/// optional <see cref="Activation.FixedPrefix"/> ignored) and one spec syntax ("name(key=value, ...)").
/// Found by reflection: every <see cref="IFixedActivation{TSelf}"/> struct, RReLU, every <see cref="Specialisation"/>,
/// and every non-abstract <see cref="LearnableActivation"/> with a static <c>Info</c> and a constructor
/// <c>(int channels, ActivationOptions options)</c>. Adding an activation is adding its type: no list to edit.
/// </summary>
internal static class ActivationRegistry
{
    /// <summary>A registered activation: its entry and how to make it.</summary>
    internal sealed record Entry(ActivationInfo Info, Func<ActivationOptions, IActivation>? Fixed = null,
        Func<int, ActivationOptions, LearnableActivation>? Learnable = null, Func<Specialisation, IActivation>? Specialise = null);

    private sealed record Kind(Dictionary<string, Entry> ByName, ActivationInfo[] Catalog);

    private static readonly Lazy<(Kind Fixed, Kind Learnable)> Tables = new(() => (Index(FixedEntries()), Index(LearnableEntries())));

    /// <summary>The key a name is looked up by.</summary>
    public static string Key(string name)
    {
        var key = name.Trim();
        if (key.StartsWith(Activation.FixedPrefix, StringComparison.OrdinalIgnoreCase)) key = key[Activation.FixedPrefix.Length..].Trim();
        return key.Replace('_', '-').ToLowerInvariant();
    }

    /// <summary>Splits "name(key=value, ...)" into the name and its options.</summary>
    /// <exception cref="ArgumentException">A '(' without a closing ')', or malformed options.</exception>
    public static (string Name, ActivationOptions Options) ParseSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int open = spec.IndexOf('(');
        if (open < 0) return (spec, ActivationOptions.None);
        if (!spec.TrimEnd().EndsWith(')')) throw new ArgumentException($"Activation spec '{spec}' has '(' but does not end with ')'.");
        return (spec[..open], ActivationOptions.Parse(spec[(open + 1)..spec.LastIndexOf(')')]));
    }

    /// <summary>The entry of <paramref name="name"/> among the fixed or the learnable activations, or null.</summary>
    public static Entry? TryFind(string name, bool learnable) => Of(learnable).ByName.GetValueOrDefault(Key(name));

    /// <summary>The entry of <paramref name="name"/> among the fixed or the learnable activations.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the closest names of that kind.</exception>
    public static Entry Find(string name, bool learnable)
    {
        if (TryFind(name, learnable) is { } e) return e;
        var kind = Of(learnable);
        var close = kind.ByName.Keys.OrderBy(n => EditDistance(n, Key(name))).ThenBy(n => n, StringComparer.Ordinal).Take(5);
        string what = learnable ? "learnable activation" : "activation";
        string all = learnable ? $"{kind.Catalog.Length} learnable activations" : $"'activa zoo' lists all {kind.Catalog.Length}";
        throw new ArgumentException($"Unknown {what} '{name}'. Closest: {string.Join(", ", close)}. {all}.");
    }

    /// <summary>The catalogue entries of one kind, sorted by name.</summary>
    public static IReadOnlyList<ActivationInfo> Catalog(bool learnable) => Of(learnable).Catalog;

    private static Kind Of(bool learnable) => learnable ? Tables.Value.Learnable : Tables.Value.Fixed;

    private static Kind Index(List<Entry> entries)
    {
        var byName = new Dictionary<string, Entry>();
        foreach (var e in entries)
            foreach (var name in e.Info.Aliases.Prepend(e.Info.Name))
                if (!byName.TryAdd(Key(name), e))
                    throw new InvalidOperationException($"Activation name '{name}' is registered twice ({byName[Key(name)].Info.Name} and {e.Info.Name}).");
        return new Kind(byName, [.. entries.Select(e => e.Info).OrderBy(i => i.Name, StringComparer.Ordinal)]);
    }

    private static List<Entry> FixedEntries()
    {
        var make = typeof(ActivationRegistry).GetMethod(nameof(FixedEntry), BindingFlags.NonPublic | BindingFlags.Static)!;
        var entries = typeof(ActivationRegistry).Assembly.GetTypes()
            .Where(t => t.IsValueType && !t.IsGenericTypeDefinition && t.GetInterfaces().Any(i =>
                i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFixedActivation<>) && i.GenericTypeArguments[0] == t))
            .Select(t => (Entry)make.MakeGenericMethod(t).Invoke(null, null)!)
            .Append(new Entry(RRelu.Info, o => new RRelu(o)))
            .ToList();
        var general = entries.ToDictionary(e => e.Info.Name);
        foreach (var special in Specialisation.All)
        {
            var of = general.GetValueOrDefault(special.Of)?.Specialise
                     ?? throw new InvalidOperationException($"Specialisation '{special.Info.Name}' names '{special.Of}', which is not a fixed activation.");
            of(special); // invalid fixed values fail here, when the registry is built
            entries.Add(new Entry(special.Info, o =>
            {
                o.Validate(special.Info);
                return of(special);
            }));
        }
        return entries;
    }

    private static Entry FixedEntry<TOp>() where TOp : struct, IFixedActivation<TOp> =>
        new(TOp.Info, o => new ActivationFunction<TOp>(o), Specialise: s => new ActivationFunction<TOp>(s));

    private static List<Entry> LearnableEntries() =>
    [
        .. typeof(ActivationRegistry).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(LearnableActivation)))
            .Select(t =>
            {
                var info = t.GetProperty("Info", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ActivationInfo
                           ?? throw new InvalidOperationException($"{t.Name} has no public static ActivationInfo Info.");
                var ctor = t.GetConstructor([typeof(int), typeof(ActivationOptions)])
                           ?? throw new InvalidOperationException($"{t.Name} has no constructor (int channels, ActivationOptions options).");
                // Unwrapped, so that a bad option reaches the caller as the constructor's own ArgumentException.
                return new Entry(info, Learnable: (channels, options) =>
                    (LearnableActivation)ctor.Invoke(BindingFlags.DoNotWrapExceptions, null, [channels, options], null));
            }),
    ];

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
