using System.Text.Json;

namespace Activa.Bench;

/// <summary>Small helpers the CTR benchmarks share: median, percentiles, JSON output.</summary>
internal static class BenchStats
{
    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>The <paramref name="percent"/>-th percentile (linear between the two nearest ranks, as numpy's default).</summary>
    public static double Percentile(IEnumerable<double> values, double percent)
    {
        var v = values.Order().ToArray();
        double rank = percent / 100 * (v.Length - 1);
        int lo = (int)Math.Floor(rank), hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }

    /// <summary>Writes <paramref name="fields"/> as JSON to <paramref name="path"/>, creating its folder.</summary>
    public static void WriteJson(string path, object fields)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(fields));
    }
}
