using System.Globalization;
using Activa.Activations;

namespace Activa.Plots;

/// <summary>
/// Short text forms of catalogue metadata, shared by <c>activa zoo</c> and <see cref="CatalogDocument"/>:
/// property marks, bounds as an interval, parameters with defaults, and the order of families.
/// </summary>
public static class CatalogFormat
{
    /// <summary>The families in the order the catalogue presents them; unknown families follow alphabetically.</summary>
    public static IReadOnlyList<string> FamilyOrder { get; } =
        ["rectifier", "exponential", "sigmoidal", "self-gated", "periodic", "radial", "shrinkage", "other"];

    /// <summary>Each property with its short mark and meaning, in display order.</summary>
    public static IReadOnlyList<(ActivationProperties Property, string Mark, string Meaning)> Marks { get; } =
    [
        (ActivationProperties.Monotone, "M", "monotone (non-decreasing)"),
        (ActivationProperties.Smooth, "S", "smooth (C¹)"),
        (ActivationProperties.ZeroCentred, "Z", "zero-centred (f(0) = 0, both signs)"),
        (ActivationProperties.Sparse, "0", "sparse (exactly 0 on an interval)"),
        (ActivationProperties.SelfGated, "G", "self-gated (x·gate(x))"),
        (ActivationProperties.Periodic, "P", "periodic (possibly around a linear trend)"),
    ];

    /// <summary>The declared properties as marks, e.g. "M S Z" (see <see cref="Marks"/>); "—" when none.</summary>
    public static string PropertyMarks(ActivationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var marks = Marks.Where(m => info.Has(m.Property)).Select(m => m.Mark).ToArray();
        return marks.Length == 0 ? "—" : string.Join(' ', marks);
    }

    /// <summary>The declared properties in words, e.g. "monotone, smooth"; "none declared" when none.</summary>
    public static string PropertyWords(ActivationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var words = Marks.Where(m => info.Has(m.Property)).Select(m => m.Meaning).ToArray();
        return words.Length == 0 ? "none declared" : string.Join(", ", words);
    }

    /// <summary>The range of f at default parameters as an interval, e.g. "[−1, ∞)", "(0, 1)" written with the
    /// declared bounds: "(−∞, ∞)" when unbounded.</summary>
    /// <remarks>Finite bounds are shown closed: the catalogue declares greatest lower / least upper bounds,
    /// not whether they are attained.</remarks>
    public static string Bounds(ActivationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        string lo = info.BoundedBelow ? "[" + Number(info.Lower) : "(−∞";
        string hi = info.BoundedAbove ? Number(info.Upper) + "]" : "∞)";
        return $"{lo}, {hi}";
    }

    /// <summary>Parameters with defaults, e.g. "alpha=1, beta=0.5"; "—" when none.</summary>
    public static string Parameters(ActivationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.Parameters.Length == 0 ? "—" : string.Join(", ", info.Parameters.Select(p => $"{p.Name}={Number(p.Default)}"));
    }

    /// <summary>A number compactly and culture-invariantly, with a Unicode minus: 1, 0.5, −1.6733.</summary>
    public static string Number(double v)
    {
        if (double.IsPositiveInfinity(v)) return "∞";
        if (double.IsNegativeInfinity(v)) return "−∞";
        string s = Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);
        return s.StartsWith('-') ? "−" + s[1..] : s;
    }

    /// <summary>Families present in <paramref name="catalog"/>, in <see cref="FamilyOrder"/> then alphabetical order.</summary>
    public static IReadOnlyList<string> Families(IEnumerable<ActivationInfo> catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var present = catalog.Select(i => i.Family).Distinct(StringComparer.Ordinal).ToList();
        return [.. FamilyOrder.Where(present.Contains), .. present.Except(FamilyOrder).Order(StringComparer.Ordinal)];
    }

    /// <summary>True when <paramref name="text"/> occurs (case-insensitively) in the name, an alias, the formula or the paper.</summary>
    public static bool Matches(ActivationInfo info, string text)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (string.IsNullOrEmpty(text)) return true;
        bool In(string? s) => s != null && s.Contains(text, StringComparison.OrdinalIgnoreCase);
        string dashed = text.Replace('_', '-');
        return In(info.Name) || info.Name.Contains(dashed, StringComparison.OrdinalIgnoreCase)
            || info.Aliases.Any(In) || In(info.Formula) || In(info.Paper);
    }
}
