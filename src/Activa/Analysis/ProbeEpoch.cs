namespace Activa.Analysis;

/// <summary>What the probes saw during one epoch (or any span closed by <see cref="ActivationProbes.EndEpoch"/>).</summary>
/// <param name="Epoch">Epoch number given to <see cref="ActivationProbes.EndEpoch"/>.</param>
/// <param name="Layers">One summary per probed layer, in model order.</param>
public sealed record ProbeEpoch(int Epoch, IReadOnlyList<LayerSummary> Layers)
{
    /// <summary>Dynamic dead-neuron rate over all probed units (layers weighted by their units × samples).</summary>
    public double DynamicDeadRate => Weighted(l => l.DynamicDeadRate);
    /// <summary>Share of all probed units that were statically dead over the epoch.</summary>
    public double StaticDeadFraction => Weighted(l => l.StaticDeadFraction, bySamples: false);

    private double Weighted(Func<LayerSummary, double> value, bool bySamples = true)
    {
        double sum = 0, weight = 0;
        foreach (var l in Layers)
        {
            double v = value(l);
            if (double.IsNaN(v)) continue;
            double w = bySamples ? (double)l.Units * l.Samples : l.Units;
            sum += v * w;
            weight += w;
        }
        return weight == 0 ? double.NaN : sum / weight;
    }
}
