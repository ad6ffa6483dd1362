using Activa.Nn;
using Activa.Optim;

namespace Activa.Activations.Learnable;

/// <summary>
/// Splits a model's parameters into optimiser groups so that the parameters of learnable activations get their own
/// settings — above all no weight decay, which would pull slopes, gates and frequencies towards 0 (PReLU's a → 0 is
/// ReLU, Snake's a → 0 is the identity) rather than regularise anything.
/// </summary>
public static class ActivationParameterGroups
{
    /// <summary>
    /// [ParamGroup "weights" (every parameter outside learnable activations, with <paramref name="lr"/> and
    /// <paramref name="weightDecay"/>), ParamGroup "activations" (the parameters of every <see cref="LearnableActivation"/>
    /// submodule, with <paramref name="lr"/> and weight decay 0)], each in <see cref="Module.Parameters"/> order.
    /// A tensor shared between an activation and another layer goes to "activations". Either group may be empty.
    /// </summary>
    /// <example><code>var opt = new AdamW(ActivationParameterGroups.Split(model, 1e-3f, 0.01f));</code></example>
    public static ParamGroup[] Split(Module model, float lr, float weightDecay)
    {
        ArgumentNullException.ThrowIfNull(model);
        var activation = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (_, module) in model.NamedModules())
            if (module is LearnableActivation)
                foreach (var p in module.Parameters()) activation.Add(p);
        var all = model.Parameters().ToList();
        return
        [
            new ParamGroup(all.Where(p => !activation.Contains(p)), lr, weightDecay, "weights"),
            new ParamGroup(all.Where(activation.Contains), lr, 0f, "activations"),
        ];
    }
}
