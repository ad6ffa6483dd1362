using System.Globalization;
using Activa.Nn;

namespace Activa.Kan;

/// <summary>
/// Prunes a KAN by attribution (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756, §2.5.1): hidden nodes
/// whose score falls below a threshold are removed for real — the layer before loses that output and the layer after
/// that input (<see cref="KanLayer.Select"/>), so the returned network is physically smaller — and edges below the edge
/// threshold inside the kept nodes are zeroed. Scores are <see cref="KanAttribution"/>'s, relative to the strongest
/// edge or node of the same layer.
/// </summary>
/// <remarks>
/// <para>The network's input and output nodes are always kept (they are the task's features and targets); an input
/// whose every edge is pruned is simply not used any more.</para>
/// <para>Edge pruning inside kept nodes is zeroing, not removal: a KAN layer is one dense GEMM over its edges, and at
/// KAN sizes a dense product with some zero coefficients is faster than any sparse format.</para>
/// <para>A removed edge (zeroed, or gone with its node) is replaced by its mean on the samples, which is added to the
/// bias of its output node, so what is cut is only the edge's variation.</para>
/// <para>A hidden layer is never pruned to nothing (pykan #269 got NaN that way): when every node of a level scores
/// below the threshold, the best one is kept and <see cref="KanPruneResult.Notes"/> says so.</para>
/// </remarks>
public static class KanPruner
{
    /// <summary>
    /// A pruned copy of <paramref name="model"/> (a <see cref="KanNetwork"/>: parameter-free layers such as Flatten and
    /// Standardize, then KAN layers), scored on <paramref name="samples"/> [n, ...] of its inputs. A hidden node is kept
    /// when its score is at least <paramref name="nodeThreshold"/> and at least one of its outgoing edges is kept; an edge
    /// is kept when its score is at least <paramref name="edgeThreshold"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A threshold outside [0, 1), or a model that is not a KAN network.</exception>
    public static KanPruneResult Prune(Sequential model, Tensor samples, double edgeThreshold = 0.02, double nodeThreshold = 0.02)
    {
        CheckThreshold(edgeThreshold, "edge threshold");
        CheckThreshold(nodeThreshold, "node threshold");
        var layers = KanAttribution.LayerInputs(model, samples);
        var scores = KanAttribution.Compute(model, samples);
        var notes = new List<string>();

        // kept nodes at every level: level 0 = network inputs, level L = network outputs
        var kept = new int[layers.Count + 1][];
        kept[0] = [.. Enumerable.Range(0, layers[0].Layer.InFeatures)];
        kept[^1] = [.. Enumerable.Range(0, layers[^1].Layer.OutFeatures)];
        for (int l = 0; l + 1 < layers.Count; l++)
        {
            var next = scores[l + 1];
            var score = scores[l].OutputScore;
            kept[l + 1] = [.. Enumerable.Range(0, score.Length).Where(h =>
                score[h] >= nodeThreshold && Enumerable.Range(0, next.Outputs).Any(j => next.Edge(h, j) >= edgeThreshold))];
            if (kept[l + 1].Length == 0)
            {
                int best = Array.IndexOf(score, score.Max());
                kept[l + 1] = [best];
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"hidden layer {l + 1}: every node scored below the thresholds; node {best} (score {score[best]:G3}) is kept so that the network stays connected"));
            }
        }

        var pruned = new Sequential();
        foreach (var child in model.Layers.Take(layers[0].Child)) pruned.Add(CopyParameterFree(child));
        var reports = new List<KanLayerPruneReport>();
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l].Layer;
            var attribution = scores[l];
            var small = layer.Select(kept[l], kept[l + 1]);
            int s = small.EdgeWidth;
            var w = small.Weight.AsSpan();
            var bias = small.Bias != null ? small.Bias.AsSpan() : Span<float>.Empty;
            bool dropped = false;
            for (int o = 0; o < kept[l + 1].Length; o++)
            {
                int j = kept[l + 1][o];
                double shift = 0;
                for (int i = 0; i < layer.InFeatures; i++)
                {
                    int e = j * layer.InFeatures + i;
                    int local = Array.IndexOf(kept[l], i);
                    if (local >= 0 && attribution.EdgeScore[e] >= edgeThreshold) continue;
                    shift += attribution.EdgeMean[e];
                    if (local >= 0) w.Slice(o * small.InFeatures * s + local * s, s).Clear();
                }
                if (bias.IsEmpty) dropped |= shift != 0;
                else bias[o] += (float)shift;
            }
            if (dropped) notes.Add($"KAN layer {l} has no bias: the means of its removed edges are dropped, not folded in");
            reports.Add(new KanLayerPruneReport(l, layer.InFeatures, small.InFeatures, layer.OutFeatures, small.OutFeatures, LiveEdges(layer), LiveEdges(small)));
            pruned.Add(small);
        }
        return new KanPruneResult(pruned, reports, CountParameters(model), CountParameters(pruned), scores, notes);
    }

    /// <summary>Edges of <paramref name="layer"/> with at least one non-zero coefficient.</summary>
    public static int LiveEdges(KanLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var w = layer.Weight.AsSpan();
        int s = layer.EdgeWidth, live = 0;
        for (int e = 0; e < layer.InFeatures * layer.OutFeatures; e++)
            if (w.Slice(e * s, s).ContainsAnyExcept(0f)) live++;
        return live;
    }

    private static long CountParameters(Module model) => model.Parameters().Sum(p => (long)p.Numel);

    private static void CheckThreshold(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentException($"The {name} must be in [0, 1) (relative to the strongest edge or node of the layer), got {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static Module CopyParameterFree(Module child) => child switch
    {
        Flatten => new Flatten(),
        Standardize st => new Standardize(st.Mean, st.Std),
        _ => throw new ArgumentException($"KAN pruning copies only Flatten and Standardize in front of the KAN layers, not {child.GetType().Name}."),
    };
}
