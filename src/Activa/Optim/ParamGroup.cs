namespace Activa.Optim;

/// <summary>
/// A set of parameters that share optimiser settings — for instance activation parameters without weight
/// decay. Settings left null take the optimiser's defaults.
/// </summary>
public sealed class ParamGroup(IEnumerable<Tensor> parameters, float? lr = null, float? weightDecay = null, string? name = null)
{
    /// <summary>The parameters of the group.</summary>
    public IReadOnlyList<Tensor> Parameters { get; } = parameters.ToArray();

    /// <summary>Requested learning rate, or null for the optimiser's.</summary>
    internal float? RequestedLr { get; } = lr;

    /// <summary>Requested weight decay, or null for the optimiser's.</summary>
    internal float? RequestedWeightDecay { get; } = weightDecay;

    /// <summary>A label shown in logs (e.g. "activations").</summary>
    public string? Name { get; } = name;

    /// <summary>Current learning rate (schedulers change it).</summary>
    public float Lr { get; set; }

    /// <summary>Learning rate the group started with; schedules scale this.</summary>
    public float InitialLr { get; internal set; }

    /// <summary>Weight decay of the group.</summary>
    public float WeightDecay { get; set; }
}
