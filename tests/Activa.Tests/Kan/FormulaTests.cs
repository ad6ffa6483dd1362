using Activa.Kan;

namespace Activa.Tests.Kan;

public class FormulaTests
{
    [Theory]
    [InlineData("exp(sin(pi*x1)+x2^2)", 0.3, -0.7)]
    [InlineData("x1*x2", 0.3, -0.7)]
    [InlineData("2 - 3 * x1 / 4 + x2", 0.3, -0.7)]
    [InlineData("cos(x1)^2 + tan(x2) - sqrt(abs(x1)) + log(2 + x2) + tanh(e * x1)", 0.3, -0.7)]
    public void EvaluatesLikeTheSameExpressionInCSharp(string text, double a, double b)
    {
        double expected = text switch
        {
            "exp(sin(pi*x1)+x2^2)" => Math.Exp(Math.Sin(Math.PI * a) + b * b),
            "x1*x2" => a * b,
            "2 - 3 * x1 / 4 + x2" => 2 - 3 * a / 4 + b,
            _ => Math.Pow(Math.Cos(a), 2) + Math.Tan(b) - Math.Sqrt(Math.Abs(a)) + Math.Log(2 + b) + Math.Tanh(Math.E * a),
        };
        var f = Formula.Parse(text);
        Assert.Equal(2, f.Variables);
        Assert.Equal(expected, f.Evaluate(a, b), 12);
    }

    [Fact]
    public void PrecedenceAndAssociativityFollowMathematics()
    {
        Assert.Equal(-4, Formula.Parse("-x1^2").Evaluate(2), 12);      // −(x²), not (−x)²
        Assert.Equal(512, Formula.Parse("2^3^2").Evaluate(), 9);         // right-associative
        Assert.Equal(0.5, Formula.Parse("2^-1").Evaluate(), 12);
        Assert.Equal(1, Formula.Parse("8 / 4 / 2").Evaluate(), 12);      // left-associative
        Assert.Equal(14, Formula.Parse("2 + 3 * 4").Evaluate(), 12);
        Assert.Equal(-1, Formula.Parse("3 - 2 - 2").Evaluate(), 12);
        Assert.Equal(2e-3, Formula.Parse("2e-3").Evaluate(), 15);
        Assert.Equal(2 * Math.E, Formula.Parse("2*e").Evaluate(), 12);
        Assert.Equal(Math.PI * 0.5 - 1, Formula.Parse("π·x1 − 1").Evaluate(0.5), 12);
    }

    [Fact]
    public void VariablesCountUpToTheHighestIndex()
    {
        var f = Formula.Parse("exp(0.5*(sin(pi*(x1^2+x2^2)) + sin(pi*(x3^2+x4^2))))");
        Assert.Equal(4, f.Variables);
        Assert.Equal(3, Formula.Parse("x3").Variables);
        Assert.Equal(0, Formula.Parse("pi").Variables);
        Assert.Throws<ArgumentException>(() => f.Evaluate(1, 2, 3));
    }

    [Theory]
    [InlineData("exp(sin(pi*x1)+x2^2", 20, "')'")]
    [InlineData("x1 + * x2", 6, "unexpected '*'")]
    [InlineData("sinh(x1)", 1, "unknown name 'sinh'")]
    [InlineData("x0 + 1", 1, "x1, x2")]
    [InlineData("2x1", 2, "2*x1")]
    [InlineData("x1 + 1)", 7, "without a matching")]
    [InlineData("x1 $ 2", 4, "expected an operator")]
    [InlineData("sin x1", 5, "expected '('")]
    [InlineData("", 1, "empty")]
    [InlineData("1.2.3", 1, "not a number")]
    public void BadFormulasNameThePosition(string text, int position, string fragment)
    {
        var e = Assert.Throws<FormulaException>(() => Formula.Parse(text));
        Assert.Equal(position, e.Position);
        Assert.Contains($"position {position}", e.Message);
        Assert.Contains(fragment, e.Message);
        Assert.IsAssignableFrom<ArgumentException>(e);
    }

    [Fact]
    public void SamplesAreUniformInTheRangeWithTargetsFromTheFormula()
    {
        var f = Formula.Parse("x1 + 10*x2");
        var (x, y) = f.Sample(2000, new Generator(1));
        Assert.Equal([2000, 2], x.Shape);
        Assert.Equal([2000, 1], y.Shape);
        var xv = x.ToArray();
        var yv = y.ToArray();
        Assert.All(xv, v => Assert.InRange(v, -1f, 1f));
        Assert.InRange(xv.Average(), -0.05, 0.05);
        Assert.InRange(xv.Select(v => v * v).Average(), 1 / 3.0 - 0.03, 1 / 3.0 + 0.03); // E[x²] of U(−1, 1)
        for (int r = 0; r < 2000; r++) Assert.Equal((float)(xv[2 * r] + 10.0 * xv[2 * r + 1]), yv[r]); // computed in double, rounded once
        var (x2, _) = f.Sample(2000, new Generator(1));
        Assert.Equal(xv, x2.ToArray());
    }

    [Fact]
    public void ANonFiniteTargetIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => Formula.Parse("log(x1)").Sample(100, new Generator(2)));
        Assert.Contains("log(x1)", e.Message);
    }
}
