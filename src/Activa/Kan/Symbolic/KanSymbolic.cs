using System.Globalization;
using Activa.Nn;

namespace Activa.Kan.Symbolic;

/// <summary>
/// Symbolic regression on a trained KAN (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756, §2.5.1):
/// suggest closed-form functions for every edge from its learned shape, then compose the network into a formula once
/// every edge is symbolic.
/// </summary>
public static class KanSymbolic
{
    /// <summary>
    /// For every edge of every KAN layer of <paramref name="model"/>, the best <paramref name="top"/> fits of
    /// a·f(c·x + d) + b (<see cref="SymbolicFitter"/>) to the edge's function sampled at <paramref name="points"/> evenly
    /// spaced inputs over the range the edge sees when <paramref name="samples"/> go through the model. Edges whose
    /// coefficients are all zero (pruned) are marked and not fitted.
    /// </summary>
    /// <exception cref="ArgumentException">top &lt; 1, points &lt; 3, or a model that is not a KAN network.</exception>
    public static IReadOnlyList<EdgeSuggestion> SuggestEdges(Sequential model, Tensor samples, int top = 3, int points = 101, IEnumerable<SymbolicFunction>? library = null)
    {
        if (top < 1) throw new ArgumentException($"top must be at least 1, got {top}.", nameof(top));
        if (points < 3) throw new ArgumentException($"points must be at least 3, got {points}.", nameof(points));
        var functions = (library ?? SymbolicLibrary.Default).ToArray();
        var result = new List<EdgeSuggestion>();
        var layers = KanAttribution.LayerInputs(model, samples);
        for (int l = 0; l < layers.Count; l++)
        {
            var (_, layer, x) = layers[l];
            var xv = x.ToArray();
            int n = x.Dims[0], s = layer.EdgeWidth, nin = layer.InFeatures;
            var w = layer.Weight.ToArray();
            // every input on its own evenly spaced grid over the range it takes on the samples; all edges from one basis pass
            var lo = new float[nin];
            var hi = new float[nin];
            var grid = new float[points * nin];
            for (int i = 0; i < nin; i++)
            {
                lo[i] = float.PositiveInfinity;
                hi[i] = float.NegativeInfinity;
                for (int r = 0; r < n; r++) { lo[i] = Math.Min(lo[i], xv[r * nin + i]); hi[i] = Math.Max(hi[i], xv[r * nin + i]); }
                for (int p = 0; p < points; p++) grid[p * nin + i] = lo[i] + (hi[i] - lo[i]) * p / (points - 1);
            }
            var found = new EdgeSuggestion[layer.OutFeatures * nin];
            int index = l;
            layer.VisitEdges(Tensor.FromArray(grid, points, nin), (i, j, phi) =>
            {
                var edge = new KanEdge(index, i, j);
                if (!w.AsSpan(j * nin * s + i * s, s).ContainsAnyExcept(0f))
                {
                    found[i * layer.OutFeatures + j] = new EdgeSuggestion(edge, lo[i], hi[i], true, []);
                    return;
                }
                var xs = new float[points];
                var ys = new float[points];
                for (int p = 0; p < points; p++) { xs[p] = grid[p * nin + i]; ys[p] = (float)phi[p]; }
                found[i * layer.OutFeatures + j] = new EdgeSuggestion(edge, lo[i], hi[i], false, SymbolicFitter.Suggest(xs, ys, top, functions));
            });
            result.AddRange(found);
        }
        return result;
    }

    /// <summary>
    /// <paramref name="model"/> as one formula per output over x1…xn: every edge replaced by its fit — from
    /// <paramref name="fixedEdges"/> when given there, else the best of <paramref name="suggestions"/> when its R² is at
    /// least <paramref name="minR2"/> — pruned edges dropped, biases added, and a leading Standardize folded into the
    /// first layer's arguments. Constants are shown to <paramref name="digits"/> significant digits.
    /// </summary>
    /// <exception cref="InvalidOperationException">Some edges have no fit good enough; the message lists them with their best R².</exception>
    /// <exception cref="ArgumentException">A model that is not a KAN network, or suggestions that do not cover it.</exception>
    public static SymbolicFormula Formula(Sequential model, IReadOnlyList<EdgeSuggestion> suggestions, double minR2 = 0.99,
        IReadOnlyDictionary<KanEdge, SymbolicFit>? fixedEdges = null, int digits = 4)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(suggestions);
        if (digits < 1 || digits > 17) throw new ArgumentException($"digits must be in [1, 17], got {digits}.", nameof(digits));
        var byEdge = suggestions.ToDictionary(s => s.Edge);
        var kans = new List<KanLayer>();
        SymbolicExpression[]? nodes = null;
        int inputs = 0;
        double mean = 0, std = 1;
        foreach (var child in model.Layers)
        {
            switch (child)
            {
                case Flatten when kans.Count == 0:
                    break;
                case Standardize st when kans.Count == 0:
                    (mean, std) = (st.Mean, st.Std);
                    break;
                case KanLayer kan:
                    kans.Add(kan);
                    break;
                default:
                    throw new ArgumentException($"A symbolic formula needs a KAN network (Flatten, Standardize, then KAN layers); found {child.GetType().Name}.");
            }
        }
        if (kans.Count == 0) throw new ArgumentException("The model has no KAN layer.", nameof(model));

        var missing = new List<string>();
        for (int l = 0; l < kans.Count; l++)
        {
            var layer = kans[l];
            if (l == 0)
            {
                inputs = layer.InFeatures;
                nodes = [.. Enumerable.Range(0, inputs).Select(i => (SymbolicExpression)new LinearTerm(i, 1 / std, -mean / std))];
            }
            var bias = layer.Bias?.ToArray();
            var next = new SymbolicExpression[layer.OutFeatures];
            for (int j = 0; j < layer.OutFeatures; j++)
            {
                var terms = new List<SymbolicExpression>();
                double constant = bias?[j] ?? 0;
                for (int i = 0; i < layer.InFeatures; i++)
                {
                    var edge = new KanEdge(l, i, j);
                    SymbolicFit? fit = null;
                    if (fixedEdges != null && fixedEdges.TryGetValue(edge, out var f)) fit = f;
                    else if (!byEdge.TryGetValue(edge, out var suggestion))
                        throw new ArgumentException($"The suggestions do not cover {edge}: suggest on this model first.", nameof(suggestions));
                    else if (suggestion.Pruned) continue;
                    else if (suggestion.Best is { } best && best.R2 >= minR2) fit = best;
                    else
                    {
                        missing.Add(suggestion.Best is { } b
                            ? string.Create(CultureInfo.InvariantCulture, $"{edge} (best {b.Function.Name}, R² {b.R2:F4})")
                            : $"{edge} (no fit)");
                        continue;
                    }
                    terms.Add(nodes![i].Apply(fit));
                    constant += fit.B;
                }
                next[j] = SumTerm.Of(terms, constant);
            }
            nodes = next;
        }
        if (missing.Count > 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{missing.Count} edge(s) have no symbolic fit with R² ≥ {minR2}: {string.Join("; ", missing)}. Fix them by hand, lower the R² threshold, or prune first."));
        return new SymbolicFormula(inputs, [.. nodes!.Select(n => n.Simplified())], digits);
    }
}
