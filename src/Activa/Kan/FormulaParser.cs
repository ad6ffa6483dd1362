using System.Globalization;

namespace Activa.Kan;

/// <summary>
/// Recursive-descent parser of <see cref="Formula"/> text into a tree of closures:
/// sum := product (('+'|'−') product)*; product := unary (('*'|'/') unary)*; unary := ('−'|'+') unary | power;
/// power := atom ('^' unary)?; atom := number | constant | variable | function '(' sum ')' | '(' sum ')'.
/// </summary>
internal sealed class FormulaParser
{
    internal static readonly Dictionary<string, Func<double, double>> Functions = new(StringComparer.Ordinal)
    {
        ["sin"] = Math.Sin, ["cos"] = Math.Cos, ["tan"] = Math.Tan, ["exp"] = Math.Exp, ["log"] = Math.Log,
        ["sqrt"] = Math.Sqrt, ["tanh"] = Math.Tanh, ["abs"] = Math.Abs,
    };

    private readonly string _text;
    private int _pos;
    private int _variables;

    public FormulaParser(string text) => _text = text;

    public (Func<double[], double> Eval, int Variables) ParseAll()
    {
        SkipSpace();
        if (_pos == _text.Length) throw Error("the formula is empty");
        var f = Sum();
        if (_pos < _text.Length)
            throw Error(Peek() == ')' ? "')' without a matching '('" : $"expected an operator, got '{Peek()}'");
        return (f, _variables);
    }

    private Func<double[], double> Sum()
    {
        var left = Product();
        while (true)
        {
            if (Accept('+')) { var (a, b) = (left, Product()); left = x => a(x) + b(x); }
            else if (AcceptMinus()) { var (a, b) = (left, Product()); left = x => a(x) - b(x); }
            else return left;
        }
    }

    private Func<double[], double> Product()
    {
        var left = Unary();
        while (true)
        {
            if (Accept('*') || Accept('·') || Accept('×')) { var (a, b) = (left, Unary()); left = x => a(x) * b(x); }
            else if (Accept('/')) { var (a, b) = (left, Unary()); left = x => a(x) / b(x); }
            else return left;
        }
    }

    private Func<double[], double> Unary()
    {
        if (AcceptMinus()) { var a = Unary(); return x => -a(x); }
        if (Accept('+')) return Unary();
        return Power();
    }

    private Func<double[], double> Power()
    {
        var b = Atom();
        if (!Accept('^')) return b;
        var e = Unary(); // right-associative, and 2^-1 is allowed
        return x => Math.Pow(b(x), e(x));
    }

    private Func<double[], double> Atom()
    {
        SkipSpace();
        if (_pos == _text.Length) throw Error("the formula ends where a number, variable, function or '(' was expected");
        char c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = Sum();
            Expect(')');
            return inner;
        }
        if (char.IsAsciiDigit(c) || c == '.') return Number();
        if (c == 'π') { _pos++; SkipSpace(); return _ => Math.PI; }
        if (char.IsAsciiLetter(c)) return Name();
        throw Error($"unexpected '{c}'");
    }

    private Func<double[], double> Number()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
        // an exponent only when digits follow: "2e3" is 2000, "2e" is an error below, "2*e" is 2·e
        if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
        {
            int save = _pos++;
            if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
            if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            else _pos = save;
        }
        string token = _text[start.._pos];
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            throw Error($"'{token}' is not a number", start);
        SkipSpace();
        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '('))
            throw Error($"expected an operator after the number {token} (write 2*x1, not 2x1)");
        return _ => v;
    }

    private Func<double[], double> Name()
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiLetterOrDigit(_text[_pos])) _pos++;
        string name = _text[start.._pos];
        SkipSpace();
        if (Functions.TryGetValue(name, out var fn))
        {
            if (!Accept('(')) throw Error($"expected '(' after the function {name}");
            var arg = Sum();
            Expect(')');
            return x => fn(arg(x));
        }
        if (name == "pi") return _ => Math.PI;
        if (name == "e") return _ => Math.E;
        if (name.Length > 1 && name[0] == 'x' && name[1..].All(char.IsAsciiDigit))
        {
            if (!int.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index < 1 || index > 1000)
                throw Error($"variables are x1, x2, ... (at most x1000), got {name}", start);
            _variables = Math.Max(_variables, index);
            int slot = index - 1;
            return x => x[slot];
        }
        throw Error($"unknown name '{name}' (variables x1, x2, ...; constants pi, e; functions {string.Join(", ", Functions.Keys)})", start);
    }

    private void Expect(char c)
    {
        if (!Accept(c))
            throw Error(_pos == _text.Length ? $"the formula ends where '{c}' was expected" : $"expected '{c}', got '{Peek()}'");
    }

    private bool AcceptMinus() => Accept('-') || Accept('−');

    private bool Accept(char c)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            SkipSpace();
            return true;
        }
        return false;
    }

    private char Peek() => _text[_pos];

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private FormulaException Error(string problem, int? at = null) => new(_text, at ?? _pos, problem);
}
