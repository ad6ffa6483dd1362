namespace Activa.Kan.Symbolic;

/// <summary>
/// A KAN written as one closed-form formula per output over x1…xn (<see cref="KanSymbolic.Formula"/>), with an
/// evaluator. <see cref="Evaluate"/> uses the fitted constants at full precision; <see cref="Expressions"/> shows them
/// rounded to <see cref="Digits"/> significant digits.
/// </summary>
public sealed class SymbolicFormula
{
    private readonly SymbolicExpression[] _outputs;

    internal SymbolicFormula(int inputs, SymbolicExpression[] outputs, int digits)
    {
        Inputs = inputs;
        _outputs = outputs;
        Digits = digits;
        Expressions = [.. outputs.Select(o => o.Format(digits))];
    }

    /// <summary>Input variables x1…xn.</summary>
    public int Inputs { get; }

    /// <summary>Outputs y1…ym.</summary>
    public int Outputs => _outputs.Length;

    /// <summary>Significant digits of the constants in <see cref="Expressions"/>.</summary>
    public int Digits { get; }

    /// <summary>The formula of each output, e.g. "0.9996*sin(3.142*x1) + 1.001*(x2)^2 - 0.0004".</summary>
    public IReadOnlyList<string> Expressions { get; }

    /// <summary>Every output at the inputs <paramref name="x"/> (x[0] is x1), in double precision.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> values.</exception>
    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        if (x.Length != Inputs) throw new ArgumentException($"The formula has {Inputs} inputs, got {x.Length} values.", nameof(x));
        var y = new double[_outputs.Length];
        for (int j = 0; j < y.Length; j++) y[j] = _outputs[j].Evaluate(x);
        return y;
    }

    /// <summary>One line per output: "y1 = …".</summary>
    public override string ToString() => string.Join(Environment.NewLine, Expressions.Select((e, j) => $"y{j + 1} = {e}"));
}
