using Activa.Nn;

namespace Activa.Pruning;

/// <summary>
/// Which parameters pruning may remove: the weight matrices of every <see cref="Linear"/> layer (output layer included)
/// and the coefficient matrices of every <see cref="Kan.KanLayer"/>, named as in <see cref="Module.NamedParameters"/>. Biases, normalisation scales and shifts, and the parameters of
/// learnable activations are never pruned: they are few, and zeroing them changes what a unit computes rather than
/// which connections it has.
/// </summary>
public static class PrunableWeights
{
    /// <summary>The prunable weights of <paramref name="model"/> as (parameter name, tensor), in module order.</summary>
    public static IReadOnlyList<(string Name, Tensor Weight)> Of(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new List<(string, Tensor)>();
        foreach (var (prefix, module) in model.NamedModules())
            if (module is Linear or Kan.KanLayer)
                result.Add((prefix.Length == 0 ? "weight" : prefix + ".weight", module is Linear linear ? linear.Weight : ((Kan.KanLayer)module).Weight));
        return result;
    }
}
