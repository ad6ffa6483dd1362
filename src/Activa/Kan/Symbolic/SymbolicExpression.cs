using System.Text;

namespace Activa.Kan.Symbolic;

/// <summary>
/// The expression tree a symbolic KAN composes into: affine terms of one input, constants, a·f(c·(inner) + d), and
/// sums. Every node evaluates in double precision (the exact constants) and formats with rounded ones.
/// </summary>
internal abstract class SymbolicExpression
{
    /// <summary>The value at inputs <paramref name="x"/> (x[0] is x1).</summary>
    public abstract double Evaluate(ReadOnlySpan<double> x);

    /// <summary>The expression as text with constants rounded to <paramref name="digits"/> significant digits.</summary>
    public abstract string Format(int digits);

    /// <summary>k times this expression.</summary>
    public abstract SymbolicExpression Scale(double k);

    /// <summary>a·f(c·this + d), folding the affine map into the argument when this is an affine term of one input or a constant.</summary>
    public SymbolicExpression Apply(SymbolicFit fit)
    {
        if (fit.Function.Name == "x") return Scale(fit.A * fit.C).Plus(fit.A * fit.D);
        return Simplified() switch
        {
            ConstantTerm k => new ConstantTerm(fit.A * fit.Function.Value(fit.C * k.Value + fit.D)),
            LinearTerm l => new FunctionTerm(fit.Function, fit.A, fit.C * l.Slope, new LinearTerm(l.Input, 1, 0), fit.C * l.Offset + fit.D),
            var e => new FunctionTerm(fit.Function, fit.A, fit.C, e, fit.D),
        };
    }

    /// <summary>This plus a constant.</summary>
    public SymbolicExpression Plus(double constant) => SumTerm.Of([this], constant);

    /// <summary>The same expression in its simplest node type (a sum of one affine term becomes that term).</summary>
    public virtual SymbolicExpression Simplified() => this;

    internal static string Number(double v, int digits) => SymbolicFit.Number(v, digits);
}

/// <summary>A constant.</summary>
internal sealed class ConstantTerm(double value) : SymbolicExpression
{
    public double Value { get; } = value;
    public override double Evaluate(ReadOnlySpan<double> x) => Value;
    public override string Format(int digits) => Number(Value, digits);
    public override SymbolicExpression Scale(double k) => new ConstantTerm(k * Value);
}

/// <summary>slope·x_(input+1) + offset.</summary>
internal sealed class LinearTerm(int input, double scale, double offset) : SymbolicExpression
{
    public int Input { get; } = input;
    public double Slope { get; } = scale;
    public double Offset { get; } = offset;
    public override double Evaluate(ReadOnlySpan<double> x) => Slope * x[Input] + Offset;
    public override SymbolicExpression Scale(double k) => new LinearTerm(Input, k * Slope, k * Offset);

    public override string Format(int digits)
    {
        string v = Variable(Input);
        string term = Slope == 1 ? v : Slope == -1 ? "-" + v : $"{Number(Slope, digits)}*{v}";
        return Offset == 0 ? term : Join(term, Offset, digits);
    }

    internal static string Variable(int input) => $"x{input + 1}";

    internal static string Join(string term, double constant, int digits) =>
        constant < 0 ? $"{term} - {Number(-constant, digits)}" : $"{term} + {Number(constant, digits)}";
}

/// <summary>a·f(c·inner + d).</summary>
internal sealed class FunctionTerm(SymbolicFunction function, double a, double c, SymbolicExpression inner, double d) : SymbolicExpression
{
    public override double Evaluate(ReadOnlySpan<double> x) => a * function.Value(c * inner.Evaluate(x) + d);
    public override SymbolicExpression Scale(double k) => new FunctionTerm(function, k * a, c, inner, d);

    public override string Format(int digits)
    {
        string innerText = inner is LinearTerm { Slope: 1, Offset: 0 } ? inner.Format(digits) : $"({inner.Format(digits)})";
        string argument = c == 1 ? innerText : c == -1 ? "-" + innerText : $"{Number(c, digits)}*{innerText}";
        if (d != 0) argument = LinearTerm.Join(argument, d, digits);
        string f = function.Format(argument);
        return a == 1 ? f : a == -1 ? "-" + f : $"{Number(a, digits)}*{f}";
    }
}

/// <summary>Σ terms + constant, with affine terms of the same input merged.</summary>
internal sealed class SumTerm : SymbolicExpression
{
    private readonly List<SymbolicExpression> _terms;
    private readonly double _constant;

    private SumTerm(List<SymbolicExpression> terms, double constant) => (_terms, _constant) = (terms, constant);

    /// <summary>The sum of <paramref name="parts"/> plus <paramref name="constant"/>, flattened: nested sums opened,
    /// constants and offsets gathered, affine terms merged per input.</summary>
    public static SymbolicExpression Of(IEnumerable<SymbolicExpression> parts, double constant)
    {
        var terms = new List<SymbolicExpression>();
        var linear = new SortedDictionary<int, double>();
        void Add(SymbolicExpression e)
        {
            switch (e)
            {
                case SumTerm s:
                    constant += s._constant;
                    foreach (var t in s._terms) Add(t);
                    break;
                case ConstantTerm k:
                    constant += k.Value;
                    break;
                case LinearTerm l:
                    linear[l.Input] = linear.GetValueOrDefault(l.Input) + l.Slope;
                    constant += l.Offset;
                    break;
                default:
                    terms.Add(e);
                    break;
            }
        }
        foreach (var p in parts) Add(p);
        var all = linear.Where(kv => kv.Value != 0).Select(kv => (SymbolicExpression)new LinearTerm(kv.Key, kv.Value, 0)).Concat(terms).ToList();
        return new SumTerm(all, constant);
    }

    public override double Evaluate(ReadOnlySpan<double> x)
    {
        double s = _constant;
        foreach (var t in _terms) s += t.Evaluate(x);
        return s;
    }

    public override SymbolicExpression Scale(double k) => new SumTerm([.. _terms.Select(t => t.Scale(k))], k * _constant);

    public override SymbolicExpression Simplified() => _terms.Count switch
    {
        0 => new ConstantTerm(_constant),
        1 when _terms[0] is LinearTerm l => new LinearTerm(l.Input, l.Slope, l.Offset + _constant),
        _ => this,
    };

    public override string Format(int digits)
    {
        if (_terms.Count == 0) return Number(_constant, digits);
        var text = new StringBuilder(_terms[0].Format(digits));
        foreach (var t in _terms.Skip(1))
        {
            string s = t.Format(digits);
            text.Append(s.StartsWith('-') ? $" - {s[1..]}" : $" + {s}");
        }
        return _constant == 0 ? text.ToString() : LinearTerm.Join(text.ToString(), _constant, digits);
    }
}
