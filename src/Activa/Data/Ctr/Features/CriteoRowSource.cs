namespace Activa.Data.Ctr.Features;

/// <summary>
/// The Criteo display-advertising layout: a tab-separated file without header, 40 columns per line — the 0/1 label,
/// 13 integer features I1..I13 (may be empty) and 26 categorical features C1..C26 (32-bit hex strings, may be empty).
/// Use it with <see cref="FeatureSchema.Criteo"/>. Streams like <see cref="CsvRowSource"/>.
/// </summary>
public static class CriteoRowSource
{
    /// <summary>Number of integer features (I1..I13).</summary>
    public const int NumericCount = 13;
    /// <summary>Number of categorical features (C1..C26).</summary>
    public const int CategoricalCount = 26;

    /// <summary>The 40 column names: label, I1..I13, C1..C26.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [.. Enumerable.Range(1, NumericCount).Select(i => $"I{i}").Prepend("label"),
         .. Enumerable.Range(1, CategoricalCount).Select(i => $"C{i}")];

    /// <summary>Opens a Criteo TSV file (no header).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static CsvRowSource Open(string path) => CsvRowSource.WithoutHeader(path, '\t', Columns);
}
