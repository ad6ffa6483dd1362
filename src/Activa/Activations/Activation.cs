namespace Activa.Activations;

/// <summary>
/// The registry of activations by name: <c>Activation.Create("relu")</c> gives a function on tensors.
/// Names are case-insensitive; an unknown name gets an error that lists the closest matches.
/// </summary>
public static class Activation
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Registry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["identity"] = x => x,
        ["relu"] = x => x.Relu(),
        ["sigmoid"] = x => x.Sigmoid(),
        ["tanh"] = x => x.Tanh(),
    };

    /// <summary>All registered names, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Registry.Keys.Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public static bool Exists(string name) => Registry.ContainsKey(name);

    /// <summary>The activation called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the closest names.</exception>
    public static Func<Tensor, Tensor> Create(string name)
    {
        if (Registry.TryGetValue(name, out var f)) return f;
        var close = Names.OrderBy(n => EditDistance(n, name.ToLowerInvariant())).Take(3);
        throw new ArgumentException($"Unknown activation '{name}'. Did you mean: {string.Join(", ", close)}? Valid names: {string.Join(", ", Names)}.");
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
