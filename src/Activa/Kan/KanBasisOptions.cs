using System.Globalization;

namespace Activa.Kan;

/// <summary>
/// The options of a basis spec such as "bspline(grid=10, order=3)" or "afkan(f=silu, combine=quad1)": named values,
/// read with typed getters whose errors name the basis and the option. Every option given must be read by the basis's
/// factory, so a misspelt option is an error rather than silently ignored.
/// </summary>
public sealed class KanBasisOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The basis name the options belong to (for messages).</summary>
    public string Basis { get; }

    private KanBasisOptions(string basis) => Basis = basis;

    /// <summary>Splits <paramref name="spec"/> into its name and options.</summary>
    /// <exception cref="ArgumentException">Unbalanced parentheses, an option without '=', or an option given twice.</exception>
    public static (string Name, KanBasisOptions Options) Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec = spec.Trim();
        int open = spec.IndexOf('(');
        string name = (open < 0 ? spec : spec[..open]).Trim().ToLowerInvariant();
        var options = new KanBasisOptions(name);
        if (open < 0) return (name, options);
        if (!spec.EndsWith(')')) throw new ArgumentException($"KAN basis spec '{spec}' has '(' but does not end with ')'.");
        foreach (var part in spec[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"KAN basis spec '{spec}': option '{part}' is not name=value.");
            string key = part[..eq].Trim();
            if (!options._values.TryAdd(key, part[(eq + 1)..].Trim()))
                throw new ArgumentException($"KAN basis spec '{spec}': option '{key}' is given twice.");
        }
        return (name, options);
    }

    /// <summary>Integer option <paramref name="name"/> in [min, max], or <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        if (!Take(name, out var text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new ArgumentException($"KAN basis '{Basis}': '{name}' must be an integer in [{min}, {max}], got '{text}'.", name);
        return v;
    }

    /// <summary>Finite real option <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public float Float(string name, float fallback)
    {
        if (!Take(name, out var text)) return fallback;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
            throw new ArgumentException($"KAN basis '{Basis}': '{name}' must be a finite number, got '{text}'.", name);
        return v;
    }

    /// <summary>Option <paramref name="name"/>, one of <paramref name="allowed"/> (case-insensitive), or <paramref name="fallback"/>.</summary>
    public string Choice(string name, string fallback, IReadOnlyCollection<string> allowed)
    {
        if (!Take(name, out var text)) return fallback;
        var match = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new ArgumentException($"KAN basis '{Basis}': '{name}' must be one of {string.Join(", ", allowed)}, got '{text}'.", name);
    }

    /// <summary>True/false option <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public bool Bool(string name, bool fallback)
    {
        if (!Take(name, out var text)) return fallback;
        return text.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new ArgumentException($"KAN basis '{Basis}': '{name}' must be true or false, got '{text}'.", name),
        };
    }

    /// <summary>Throws when an option was given that the basis did not read.</summary>
    /// <exception cref="ArgumentException">An unknown option, with the ones the basis reads.</exception>
    public void CheckAllRead(IEnumerable<string> known)
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"KAN basis '{Basis}' has no option '{unknown[0]}'; its options: {string.Join(", ", known)}.");
    }

    private bool Take(string name, out string text)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out text!);
    }
}
