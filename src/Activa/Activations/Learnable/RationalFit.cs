namespace Activa.Activations.Learnable;

/// <summary>
/// Coefficients of a rational function P(x)/Q(x) fitted to a target on [<see cref="Lo"/>, <see cref="Hi"/>], with
/// the fit's errors measured on a dense grid (20,001 points) of that range.
/// </summary>
/// <param name="Numerator">a₀ … a_m.</param>
/// <param name="Denominator">b₁ … b_n (version C: b₀ … b_{n−1}).</param>
/// <param name="Version">Denominator form.</param>
/// <param name="Lo">Start of the fitted range.</param>
/// <param name="Hi">End of the fitted range.</param>
/// <param name="MaxError">max |P/Q − f| on the grid.</param>
/// <param name="RmsError">Root mean square of P/Q − f on the grid.</param>
public sealed record RationalFit(double[] Numerator, double[] Denominator, RationalVersion Version, double Lo, double Hi, double MaxError, double RmsError)
{
    /// <summary>P(x)/Q(x) with these coefficients.</summary>
    public double Evaluate(double x) => Rational.Evaluate(x, Numerator, Denominator, Version);
}
