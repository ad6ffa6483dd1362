using Activa.Kan;
using Activa.Kan.Symbolic;
using Activa.Models;
using Activa.Nn;

namespace Activa.Tests.Kan;

public class SymbolicTests
{
    private static double[] Range(double lo, double hi, int n) => [.. Enumerable.Range(0, n).Select(k => lo + (hi - lo) * k / (n - 1))];

    [Theory]
    [InlineData("sin", -2.0, 2.0)]
    [InlineData("exp", -1.0, 1.5)]
    [InlineData("x^2", -1.0, 1.0)]
    public void RecoversSinExpAndSquareOnSyntheticEdges(string name, double lo, double hi)
    {
        Func<double, double> truth = name switch
        {
            "sin" => x => 1.5 * Math.Sin(2 * x + 0.3) - 0.2,
            "exp" => x => 0.7 * Math.Exp(1.3 * x) + 0.1,
            _ => x => -2 * (x - 0.4) * (x - 0.4) + 1,
        };
        var xs = Range(lo, hi, 101);
        var ys = xs.Select(truth).ToArray();
        var fits = SymbolicFitter.Suggest(xs, ys, top: 3);
        Assert.Equal(3, fits.Count);
        Assert.Equal(name, fits[0].Function.Name);
        Assert.True(fits[0].R2 > 0.999, $"{name}: R² {fits[0].R2}");
        foreach (double x in Range(lo, hi, 37)) Assert.Equal(truth(x), fits[0].Evaluate(x), 1e-3);
        Assert.True(SymbolicFitter.Score(fits[0]) <= SymbolicFitter.Score(fits[1]) && SymbolicFitter.Score(fits[1]) <= SymbolicFitter.Score(fits[2]));
    }

    [Fact]
    public void TheFittedConstantsOfSinAreThoseOfTheTarget()
    {
        var xs = Range(-1, 1, 81);
        var fit = SymbolicFitter.Fit(xs, [.. xs.Select(x => 0.8 * Math.Sin(Math.PI * x) + 0.25)], SymbolicLibrary.Get("sin"));
        // a·sin(c·x + d) + b is also −a·sin(−c·x − d) + b: compare the products that identify it
        Assert.Equal(0.8 * Math.PI, fit.A * fit.C, 1e-4);
        Assert.Equal(Math.PI, Math.Abs(fit.C), 1e-4);
        Assert.Equal(0.25, fit.B, 1e-5);
        Assert.Equal(1, fit.R2, 1e-9);
    }

    [Theory]
    [InlineData("log")]
    [InlineData("sqrt")]
    [InlineData("1/x")]
    public void SingularFunctionsAreFiniteEverywhere(string name)
    {
        var f = SymbolicLibrary.Get(name);
        foreach (double z in new[] { -1e6, -3, -1e-9, 0, 1e-300, 2, 1e8, double.Epsilon })
        {
            Assert.True(double.IsFinite(f.Value(z)), $"{name}({z}) = {f.Value(z)}");
            Assert.True(double.IsFinite(f.Derivative(z)), $"{name}'({z}) = {f.Derivative(z)}");
        }
    }

    [Fact]
    public void FittingTheWholeLibraryOnRangesThroughEverySingularityGivesNoNaN()
    {
        // the range crosses 0, where log, sqrt and 1/x are singular; the targets include a steep one
        var xs = Range(-2, 2, 101);
        foreach (var target in new Func<double, double>[] { x => Math.Tanh(3 * x), x => Math.Abs(x), x => 1 / (x - 0.013), x => Math.Sqrt(Math.Abs(x)) })
        {
            var ys = xs.Select(target).ToArray();
            var fits = SymbolicFitter.Suggest(xs, ys, top: SymbolicLibrary.Default.Count);
            Assert.Equal(SymbolicLibrary.Default.Count, fits.Count);
            foreach (var fit in fits)
            {
                Assert.True(double.IsFinite(fit.A) && double.IsFinite(fit.B) && double.IsFinite(fit.C) && double.IsFinite(fit.D) && double.IsFinite(fit.R2), fit.ToString());
                foreach (double x in xs) Assert.True(double.IsFinite(fit.Evaluate(x)), $"{fit} at {x}");
            }
        }
        var abs = SymbolicFitter.Suggest(xs, [.. xs.Select(Math.Abs)], top: 1)[0];
        Assert.Equal("abs", abs.Function.Name);
    }

    [Fact]
    public void AConstantEdgeFitsExactlyWithTheSimplestFunction()
    {
        var xs = Range(-1, 1, 20);
        var best = SymbolicFitter.Suggest(xs, [.. xs.Select(_ => 0.75)], top: 1)[0];
        Assert.Equal("x", best.Function.Name);
        Assert.Equal(1, best.R2);
        Assert.Equal(0.75, best.Evaluate(0.3), 12);
        Assert.Equal("0*x + 0.75", best.Format());
        Assert.Equal("2*sin(3*t + 0.5) - 1", new SymbolicFit(SymbolicLibrary.Get("sin"), 2, -1, 3, 0.5, 1).Format("t"));
        Assert.Equal("-1.5*x + 2.5", new SymbolicFit(SymbolicLibrary.Get("x"), 3, 1, -0.5, 0.5, 1).Format());
    }

    [Fact]
    public void BadSamplesAreRejectedWithTheReason()
    {
        var xs = Range(-1, 1, 10);
        Assert.Contains("10 x values but 9", Assert.Throws<ArgumentException>(() => SymbolicFitter.Suggest(xs, xs.AsSpan(0, 9))).Message);
        var ys = xs.ToArray();
        ys[4] = double.NaN;
        Assert.Contains("sample 4", Assert.Throws<ArgumentException>(() => SymbolicFitter.Suggest(xs, ys)).Message);
        Assert.Contains("top", Assert.Throws<ArgumentException>(() => SymbolicFitter.Suggest(xs, xs, top: 0)).Message);
        Assert.Contains("Valid: x, x^2", Assert.Throws<ArgumentException>(() => SymbolicLibrary.Get("cosh")).Message);
    }

    /// <summary>A 2 → 1 KAN trained on sin(πx1) + x2²: its two edges are sin and x², and the formula is the network.</summary>
    [Fact]
    public void AKanTrainedOnASymbolicTargetGetsTheRightFunctionsAndAFormulaThatMatchesIt()
    {
        var g = new Generator(21);
        var x = Tensor.Uniform([512, 2], -1f, 1f, g);
        var xv = x.ToArray();
        var y = Tensor.FromArray([.. Enumerable.Range(0, 512).Select(r => MathF.Sin(MathF.PI * xv[2 * r]) + xv[2 * r + 1] * xv[2 * r + 1])], 512, 1);
        var model = KanNetwork.Build(new ModelConfig { Model = "kan", Inputs = 2, Hidden = [], Outputs = 1, Basis = "bspline(grid=8)" }, g);
        var opt = new Activa.Optim.Adam(model.Parameters(), lr: 0.02f);
        for (int step = 0; step < 300; step++)
        {
            opt.ZeroGrad();
            Activa.Losses.Loss.Mse(model.Forward(x), y).Backward();
            opt.Step();
        }
        var suggestions = KanSymbolic.SuggestEdges(model, x, top: 3);
        Assert.Equal(2, suggestions.Count);
        Assert.Equal("sin", suggestions[0].Best!.Function.Name);
        Assert.Equal("x^2", suggestions[1].Best!.Function.Name);
        Assert.All(suggestions, s => Assert.True(s.Best!.R2 > 0.99, s.Best!.ToString()));

        var formula = KanSymbolic.Formula(model, suggestions, minR2: 0.99);
        Assert.Contains("sin(", formula.Expressions[0]);
        Assert.Contains("x2", formula.Expressions[0]);
        var test = Tensor.Uniform([200, 2], -1f, 1f, new Generator(22));
        var net = model.Forward(test).ToArray();
        var tv = test.ToArray();
        double err = 0, truthErr = 0;
        for (int r = 0; r < 200; r++)
        {
            double f = formula.Evaluate([tv[2 * r], tv[2 * r + 1]])[0];
            err += Math.Pow(f - net[r], 2);
            truthErr += Math.Pow(f - (Math.Sin(Math.PI * tv[2 * r]) + tv[2 * r + 1] * tv[2 * r + 1]), 2);
        }
        Assert.True(Math.Sqrt(err / 200) < 0.03, $"RMSE formula vs network {Math.Sqrt(err / 200):G3}");
        Assert.True(Math.Sqrt(truthErr / 200) < 0.05, $"RMSE formula vs target {Math.Sqrt(truthErr / 200):G3}");
    }

    /// <summary>The formula of a two-layer KAN with input standardisation is exactly the composition of its edge fits.</summary>
    [Fact]
    public void TheFormulaComposesTheEdgeFitsLayerByLayer()
    {
        var g = new Generator(23);
        var first = new KanLayer(2, 2, new BSplineBasis(2, 5, 3), generator: g);
        var second = new KanLayer(2, 1, new BSplineBasis(2, 5, 3, -3f, 3f), generator: g);
        using (Tensor.NoGrad())
        {
            first.Bias!.CopyFrom(Tensor.FromArray([0.3f, -0.1f], 2));
            second.Bias!.CopyFrom(Tensor.FromArray([0.05f], 1));
        }
        var model = new Sequential(new Flatten(), new Standardize(0.5f, 2f), first, second);
        var samples = Tensor.Uniform([300, 2], -1.5f, 2.5f, new Generator(24));
        var suggestions = KanSymbolic.SuggestEdges(model, samples, top: 1);
        Assert.Equal(6, suggestions.Count);
        var formula = KanSymbolic.Formula(model, suggestions, minR2: double.NegativeInfinity, digits: 5);
        Assert.Equal(2, formula.Inputs);
        Assert.Equal(1, formula.Outputs);
        SymbolicFit Fit(int l, int i, int j) => suggestions.Single(s => s.Edge == new KanEdge(l, i, j)).Best!;
        foreach (var (a, b) in new[] { (-1.5, 2.5), (0.0, 0.0), (1.2, -0.7), (2.4, 1.9) })
        {
            double[] xs = [(a - 0.5) / 2, (b - 0.5) / 2];
            double[] h = [0.3, -0.1];
            for (int j = 0; j < 2; j++)
            for (int i = 0; i < 2; i++) h[j] += Fit(0, i, j).Evaluate(xs[i]);
            double expected = 0.05f + Fit(1, 0, 0).Evaluate(h[0]) + Fit(1, 1, 0).Evaluate(h[1]);
            Assert.Equal(expected, formula.Evaluate([a, b])[0], 1e-6);
        }
        Assert.StartsWith("y1 = ", formula.ToString());
    }

    [Fact]
    public void EdgesWithoutAGoodFitAreListedAndPrunedEdgesAreSkipped()
    {
        var layer = new KanLayer(3, 1, new BSplineBasis(3, 5, 3), generator: new Generator(25));
        using (Tensor.NoGrad())
        {
            var w = layer.Weight.ToArray();
            Array.Clear(w, 2 * layer.EdgeWidth, layer.EdgeWidth); // edge 2 → 0 pruned
            layer.Weight.CopyFrom(Tensor.FromArray(w, 1, w.Length));
        }
        var model = new Sequential(layer);
        var samples = Tensor.Uniform([100, 3], -1f, 1f, new Generator(26));
        var suggestions = KanSymbolic.SuggestEdges(model, samples, top: 2);
        Assert.True(suggestions[2].Pruned);
        Assert.Empty(suggestions[2].Fits);
        var e = Assert.Throws<InvalidOperationException>(() => KanSymbolic.Formula(model, suggestions, minR2: 1.0));
        Assert.Contains("layer 0 edge 0→0", e.Message);
        Assert.Contains("layer 0 edge 1→0", e.Message);
        Assert.DoesNotContain("edge 2→0", e.Message);
        // fixing the two edges by hand gives a formula of exactly those two fits (the pruned edge contributes nothing)
        var fixedEdges = new Dictionary<KanEdge, SymbolicFit>
        {
            [new KanEdge(0, 0, 0)] = new(SymbolicLibrary.Get("sin"), 2, 0.5, 3, 0, 1),
            [new KanEdge(0, 1, 0)] = new(SymbolicLibrary.Get("x"), -1, 0, 1, 0, 1),
        };
        var formula = KanSymbolic.Formula(model, suggestions, minR2: 1.0, fixedEdges);
        Assert.Equal(2 * Math.Sin(3 * 0.2) + 0.5 - 0.7, formula.Evaluate([0.2, 0.7, 5])[0], 1e-12);
        Assert.Equal("-x2 + 2*sin(3*x1) + 0.5", formula.Expressions[0]);
    }
}
