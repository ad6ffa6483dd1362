using System.Globalization;

namespace Activa.Cli.Report;

/// <summary>Number formats of the report (invariant culture; "n/a" for NaN).</summary>
internal static class Fmt
{
    /// <summary>Four decimals (losses, AUC, MSE).</summary>
    public static string F4(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Three decimals (activation statistics).</summary>
    public static string F3(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A fraction in [0, 1] as a percentage with two decimals.</summary>
    public static string Pct(double v) => double.IsFinite(v) ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) + " %" : "n/a";

    /// <summary>An integer with thousands separators.</summary>
    public static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>An integer as is.</summary>
    public static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
