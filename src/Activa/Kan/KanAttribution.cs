using Activa.Nn;

namespace Activa.Kan;

/// <summary>
/// Data-driven importance of the edges and nodes of a KAN, for pruning (Liu et al., "KAN: Kolmogorov–Arnold Networks",
/// arXiv 2404.19756, §2.5.1; scored top-down from the outputs as pykan 2.0's <c>attribute</c> does, with our own
/// normalisation).
/// </summary>
/// <remarks>
/// What is computed, on samples x of the network's input run through the model:
/// <list type="number">
/// <item>for every edge, φ_ij(x_i) at every sample (basis part and base branch, without the bias); its mean φ̄_ij and
/// its variation v_ij = mean |φ_ij − φ̄_ij|. A constant edge has variation 0: it can be replaced by its mean, which
/// pruning folds into the bias, so only variation counts as importance (the paper's |φ|₁ = mean |φ| would count
/// the constant too);</item>
/// <item>the share of output node j's variation that comes from input i: s_ij = v_ij / Σ_i' v_i'j;</item>
/// <item>attribution flows back from the outputs: every output of the last layer gets 1/outputs; an edge gets
/// A_ij = s_ij · O_j (O_j the attribution of its output node); an input node gets the sum over its outgoing edges,
/// I_i = Σ_j A_ij, which is the attribution of the same node as an output of the layer before. So a node's incoming
/// and outgoing attributions are equal by construction, every level sums to 1, and a node whose variation feeds only
/// unimportant nodes is itself unimportant;</item>
/// <item>scores are the attributions divided by the largest of their kind in the layer (edges, inputs, outputs), so
/// thresholds are relative to the strongest edge or node of the same layer, whatever its width.</item>
/// </list>
/// </remarks>
public static class KanAttribution
{
    /// <summary>Scores every KAN layer of <paramref name="model"/> on <paramref name="samples"/> [n, ...] (network inputs).</summary>
    /// <exception cref="ArgumentException">The model has no KAN layer, or a layer that is not a KAN layer sits between two KAN layers.</exception>
    public static IReadOnlyList<KanLayerAttribution> Compute(Sequential model, Tensor samples)
    {
        var inputs = LayerInputs(model, samples);
        var stats = inputs.Select(li => EdgeStatistics(li.Layer, li.Inputs)).ToArray();
        var result = new KanLayerAttribution[stats.Length];
        int outs = inputs[^1].Layer.OutFeatures;
        var nodeAttribution = Enumerable.Repeat(1.0 / outs, outs).ToArray();
        for (int l = stats.Length - 1; l >= 0; l--)
        {
            var layer = inputs[l].Layer;
            int nin = layer.InFeatures, nout = layer.OutFeatures;
            var (mean, variation) = stats[l];
            var edge = new double[nout * nin];
            var input = new double[nin];
            for (int j = 0; j < nout; j++)
            {
                double total = 0;
                for (int i = 0; i < nin; i++) total += variation[j * nin + i];
                if (total <= 0) continue;
                for (int i = 0; i < nin; i++)
                {
                    double a = variation[j * nin + i] / total * nodeAttribution[j];
                    edge[j * nin + i] = a;
                    input[i] += a;
                }
            }
            result[l] = new KanLayerAttribution(l, nin, nout, mean, variation, Relative(edge), Relative(input), Relative(nodeAttribution));
            nodeAttribution = input;
        }
        return result;
    }

    /// <summary>
    /// The KAN layers of <paramref name="model"/> with the inputs each sees when <paramref name="samples"/> go through
    /// the model (no gradients), and the index of each layer among the model's children.
    /// </summary>
    /// <exception cref="ArgumentException">No KAN layer, or another layer between KAN layers.</exception>
    public static IReadOnlyList<(int Child, KanLayer Layer, Tensor Inputs)> LayerInputs(Sequential model, Tensor samples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Rank < 1 || samples.Dims[0] == 0) throw new ArgumentException($"KAN attribution needs at least one sample, got {Shape.Format(samples.Shape)}.", nameof(samples));
        var list = new List<(int, KanLayer, Tensor)>();
        using var _ = Tensor.NoGrad();
        var x = samples;
        for (int c = 0; c < model.Layers.Count; c++)
        {
            var child = model.Layers[c];
            if (child is KanLayer kan)
            {
                if (list.Count > 0 && list[^1].Item1 != c - 1)
                    throw new ArgumentException($"KAN layer {c} follows a {model.Layers[c - 1].GetType().Name}: pruning and symbolic export need the KAN layers next to each other (as KanNetwork builds them).");
                list.Add((c, kan, x.Reshape(x.Numel / kan.InFeatures, kan.InFeatures).Contiguous()));
            }
            else if (list.Count > 0)
                throw new ArgumentException($"Layer {c} ({child.GetType().Name}) follows a KAN layer: pruning and symbolic export need a network of KAN layers (as KanNetwork builds them).");
            x = child.Forward(x);
        }
        if (list.Count == 0) throw new ArgumentException("The model has no KAN layer.", nameof(model));
        return list;
    }

    /// <summary>The mean and the mean absolute deviation of φ_ij over the rows of <paramref name="x"/> [n, in], for every
    /// edge ([out · in] each), from one evaluation of the basis.</summary>
    private static (double[] Mean, double[] Variation) EdgeStatistics(KanLayer layer, Tensor x)
    {
        int nin = layer.InFeatures;
        var mean = new double[layer.OutFeatures * nin];
        var variation = new double[layer.OutFeatures * nin];
        layer.VisitEdges(x, (i, j, phi) =>
        {
            double m = 0, dev = 0;
            foreach (double v in phi) m += v;
            m /= phi.Length;
            foreach (double v in phi) dev += Math.Abs(v - m);
            mean[j * nin + i] = m;
            variation[j * nin + i] = dev / phi.Length;
        });
        return (mean, variation);
    }

    private static double[] Relative(double[] values)
    {
        double max = values.Length == 0 ? 0 : values.Max();
        return max > 0 ? [.. values.Select(v => v / max)] : new double[values.Length];
    }
}
