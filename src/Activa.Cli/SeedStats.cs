using System.Globalization;

namespace Activa.Cli;

/// <summary>How the compare commands print a metric over seeds.</summary>
internal static class SeedStats
{
    /// <summary>"mean ± sample sd" with 4 decimals, or just the value for one seed.</summary>
    public static string Format(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average(), sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return v.Length > 1 ? string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {sd:F4}") : mean.ToString("F4", CultureInfo.InvariantCulture);
    }
}
