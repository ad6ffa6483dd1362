using Activa.Data;
using Activa.Nn;

namespace Activa.Kan;

/// <summary>
/// Moves the B-spline grids of a freshly built KAN classifier to its training data before training (the grid update
/// of the KAN paper, Liu et al., arXiv 2404.19756 §2.5): without it the grids keep their [−1, 1] default while the
/// layers see standardised pixels or hidden values well outside it, where a spline is flat.
/// </summary>
public static class KanDataGrids
{
    /// <summary>
    /// Runs <see cref="KanNetwork.UpdateGrids"/> on up to <paramref name="maxSamples"/> samples of <paramref name="data"/>
    /// drawn without replacement with <paramref name="seed"/> (all of them when there are fewer). Returns how many layers
    /// were updated: 0 for a model without B-spline KAN layers, which is left as it is.
    /// </summary>
    public static int Fit(Module model, Dataset data, int maxSamples = 2048, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (maxSamples < 1) throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "Grid update needs at least one sample.");
        if (model is not Sequential sequential || !KanNetwork.Layers(model).Any(l => l.Basis is BSplineBasis) || data.Count == 0) return 0;
        var x = data.Features;
        if (data.Count > maxSamples)
        {
            var order = Enumerable.Range(0, data.Count).ToArray();
            var g = new Generator(seed);
            for (int i = 0; i < maxSamples; i++) // partial Fisher–Yates: the first maxSamples are a uniform sample
            {
                int j = i + g.NextInt(order.Length - i);
                (order[i], order[j]) = (order[j], order[i]);
            }
            x = data.Subset(order.AsSpan(0, maxSamples)).Features;
        }
        bool training = model.Training;
        model.Eval();
        try
        {
            return KanNetwork.UpdateGrids(sequential, x);
        }
        finally
        {
            model.Train(training);
        }
    }
}
