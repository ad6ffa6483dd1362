namespace Activa.Kan;

/// <summary>A formula that does not parse: the message names the position (1-based character) and what was expected there.</summary>
public sealed class FormulaException : ArgumentException
{
    /// <summary>The formula text.</summary>
    public string Formula { get; }

    /// <summary>1-based position of the offending character (Formula.Length + 1 at the end).</summary>
    public int Position { get; }

    /// <summary>Creates the exception for <paramref name="formula"/> at 0-based <paramref name="index"/>.</summary>
    public FormulaException(string formula, int index, string problem)
        : base($"Bad formula at position {index + 1}: {problem}.\n  {formula}\n  {new string(' ', Math.Max(0, index))}^")
    {
        Formula = formula;
        Position = index + 1;
    }
}
