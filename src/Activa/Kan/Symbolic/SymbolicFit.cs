using System.Globalization;

namespace Activa.Kan.Symbolic;

/// <summary>A fit y ≈ a·f(c·x + d) + b of one function to samples, with its coefficient of determination.</summary>
/// <param name="Function">The function f.</param>
/// <param name="A">Outer scale a.</param>
/// <param name="B">Outer shift b.</param>
/// <param name="C">Inner scale c.</param>
/// <param name="D">Inner shift d.</param>
/// <param name="R2">R² = 1 − SSE/SST on the samples (1 for a constant target matched exactly; can be negative).</param>
public sealed record SymbolicFit(SymbolicFunction Function, double A, double B, double C, double D, double R2)
{
    /// <summary>a·f(c·x + d) + b.</summary>
    public double Evaluate(double x) => A * Function.Value(C * x + D) + B;

    /// <summary>The fit written over <paramref name="variable"/> with constants rounded to <paramref name="digits"/>
    /// significant digits, e.g. "0.9998*sin(3.142*x + 0.0001) + 0.001" (a fit of f = x as the line it is).</summary>
    public string Format(string variable = "x", int digits = 4)
    {
        string text = Function.Name == "x" // a·(c·x + d) + b is the line (a·c)·x + (a·d + b)
            ? $"{Number(A * C, digits)}*{variable} + {Number(A * D + B, digits)}"
            : $"{Number(A, digits)}*{Function.Format($"{Number(C, digits)}*{variable} + {Number(D, digits)}")} + {Number(B, digits)}";
        return text.Replace("+ -", "- ", StringComparison.Ordinal);
    }

    /// <summary><paramref name="value"/> rounded to <paramref name="digits"/> significant digits, invariant culture.</summary>
    internal static string Number(double value, int digits) =>
        value.ToString("G" + digits, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Function.Name}: R² {R2:F5}, {Format()}");
}
