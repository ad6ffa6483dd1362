using System.Globalization;

namespace Activa.Kan;

/// <summary>
/// A real function of x1..xn written as text, such as "exp(sin(pi*x1) + x2^2)": the targets of the KAN paper's
/// toy fitting tasks (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756, §3.1).
/// </summary>
/// <remarks>
/// Grammar: numbers (1, 0.5, 2e-3), the constants pi and e, variables x1, x2, ... (1-based), + − * / ^ with the
/// usual precedence (^ binds tighter than unary minus and is right-associative: −x^2 = −(x²), 2^3^2 = 2^9), parentheses,
/// and the functions sin cos tan exp log sqrt tanh abs. "π", "·", "×" and the minus sign "−" are accepted as well.
/// Evaluation is in double precision; log and sqrt of negatives give NaN as in <see cref="Math"/>.
/// </remarks>
public sealed class Formula
{
    private readonly Func<double[], double> _eval;

    private Formula(string text, Func<double[], double> eval, int variables)
    {
        Text = text;
        _eval = eval;
        Variables = variables;
    }

    /// <summary>The formula as given.</summary>
    public string Text { get; }

    /// <summary>Number of inputs n: the highest variable index used (x3 alone makes n = 3).</summary>
    public int Variables { get; }

    /// <summary>The functions a formula may call.</summary>
    public static IReadOnlyList<string> Functions => [.. FormulaParser.Functions.Keys];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormulaException">A syntax error, an unknown name or x0; the message gives the position.</exception>
    public static Formula Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (eval, variables) = new FormulaParser(text).ParseAll();
        return new Formula(text, eval, variables);
    }

    /// <summary>The value at <paramref name="x"/> (x[0] is x1); needs at least <see cref="Variables"/> values.</summary>
    public double Evaluate(params double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length < Variables)
            throw new ArgumentException($"The formula '{Text}' has {Variables} variables, got {x.Length} values.", nameof(x));
        return _eval(x);
    }

    /// <summary>
    /// <paramref name="count"/> samples with every input drawn uniformly from [<paramref name="lo"/>, <paramref name="hi"/>]
    /// (the KAN paper's protocol uses [−1, 1]): inputs [count, n] and targets [count, 1].
    /// </summary>
    /// <exception cref="ArgumentException">A non-positive count, an empty range, or a non-finite target (e.g. log of a negative).</exception>
    public (Tensor X, Tensor Y) Sample(int count, Generator generator, float lo = -1f, float hi = 1f)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The sample count must be positive.");
        if (!(lo < hi)) throw new ArgumentException($"The input range needs lo < hi, got [{lo}, {hi}].", nameof(lo));
        int n = Math.Max(1, Variables);
        var x = new float[count * n];
        var y = new float[count];
        var point = new double[n];
        for (int r = 0; r < count; r++)
        {
            for (int i = 0; i < n; i++)
            {
                x[r * n + i] = lo + (hi - lo) * generator.NextFloat();
                point[i] = x[r * n + i];
            }
            double v = _eval(point);
            if (!double.IsFinite(v))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The formula '{Text}' is {v} at ({string.Join(", ", point.Select(p => p.ToString("G4", CultureInfo.InvariantCulture)))}); choose one that is finite on [{lo}, {hi}]^{n}."));
            y[r] = (float)v;
        }
        return (Tensor.FromArray(x, count, n), Tensor.FromArray(y, count, 1));
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
