using Activa.Models;
using Activa.Nn;

namespace Activa.Kan;

/// <summary>
/// A Kolmogorov–Arnold network for classification or regression: inputs flattened (and standardised when the config
/// says so), then one <see cref="KanLayer"/> per width, with no activation between layers (the edges are the
/// non-linearity). Built from a <see cref="ModelConfig"/> with Model = "kan" and its <see cref="ModelConfig.Basis"/>;
/// layers are a <see cref="Sequential"/> like the MLP's, so checkpoints, eval and predict work unchanged.
/// </summary>
public static class KanNetwork
{
    /// <summary>Builds the KAN described by <paramref name="config"/>: widths Inputs → Hidden... → Outputs.</summary>
    /// <exception cref="ArgumentException">Non-positive sizes or a bad basis spec.</exception>
    public static Sequential Build(ModelConfig config, Generator? generator = null)
    {
        var model = config.InputLayers("A KAN");
        int width = config.Inputs;
        foreach (int h in config.Hidden.Append(config.Outputs))
        {
            model.Add(new KanLayer(width, h, KanBases.Create(config.Basis, width), generator: generator));
            width = h;
        }
        return model;
    }

    /// <summary>The KAN layers of <paramref name="model"/>, in order.</summary>
    public static IReadOnlyList<KanLayer> Layers(Module model) =>
        [.. model.NamedModules().Select(m => m.Module).OfType<KanLayer>()];

    /// <summary>
    /// Runs <paramref name="samples"/> through <paramref name="model"/> (a <see cref="Sequential"/>) and moves the grid of
    /// every B-spline layer to the inputs it sees (<see cref="KanLayer.UpdateGrid"/>), first layer first; layers on other
    /// bases are left as they are. Returns how many layers were updated.
    /// </summary>
    public static int UpdateGrids(Sequential model, Tensor samples)
    {
        int updated = 0;
        using var _ = Tensor.NoGrad();
        var x = samples;
        foreach (var (_, layer) in model.NamedChildren())
        {
            if (layer is KanLayer { Basis: BSplineBasis } kan)
            {
                kan.UpdateGrid(x.Reshape(x.Numel / kan.InFeatures, kan.InFeatures));
                updated++;
            }
            x = layer.Forward(x);
        }
        return updated;
    }
}
