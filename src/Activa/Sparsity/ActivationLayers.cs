using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Sparsity;

/// <summary>
/// The hidden activation layers of a <see cref="Sequential"/> model (an <see cref="Act"/> or a learnable activation
/// module, also once wrapped in a <see cref="ThresholdedActivation"/>), and copies of the chain with some of them swapped.
/// A copy shares every other module, so it trains and reads the same weights.
/// </summary>
internal static class ActivationLayers
{
    /// <summary>True for a module this folder treats as an activation layer.</summary>
    public static bool IsActivation(Module module) => module is Act or LearnableActivation or ThresholdedActivation;

    /// <summary>Positions of the activation layers in <paramref name="model"/>'s chain, in order.</summary>
    /// <exception cref="ArgumentException">The model has no activation layer.</exception>
    public static int[] Find(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = model.Layers.Select((m, i) => (m, i)).Where(p => IsActivation(p.m)).Select(p => p.i).ToArray();
        if (found.Length == 0)
            throw new ArgumentException("The model has no activation layer (an Act or learnable activation among its Sequential layers) to sparsify.");
        return found;
    }

    /// <summary>A new chain with each activation layer at position i replaced by <paramref name="swap"/>(i, layer); other layers are shared.</summary>
    public static Sequential Replace(Sequential model, Func<int, Module, Module> swap)
    {
        var chain = new Sequential();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            chain.Add(IsActivation(layer) ? swap(i, layer) : layer);
        }
        chain.Train(model.Training);
        return chain;
    }

    /// <summary>Registers a forward hook on every activation layer of <paramref name="model"/>; dispose the result to remove them all.</summary>
    public static IDisposable Hook(Sequential model, Action<int, Tensor> onOutput)
    {
        var handles = Find(model).Select((index, k) => model.Layers[index].RegisterForwardHook((_, _, y) => onOutput(k, y))).ToList();
        return new Handles(handles);
    }

    private sealed class Handles(List<IDisposable> handles) : IDisposable
    {
        public void Dispose()
        {
            foreach (var h in handles) h.Dispose();
            handles.Clear();
        }
    }
}
