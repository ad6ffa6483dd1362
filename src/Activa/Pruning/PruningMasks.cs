using Activa.Nn;
using Activa.Training;

namespace Activa.Pruning;

/// <summary>
/// One 0/1 mask per prunable weight tensor (see <see cref="PrunableWeights"/>), keyed by parameter name so the same
/// masks can be applied to any model of the same architecture (a fresh one built for rewinding, say).
/// </summary>
/// <remarks>
/// <para>How masked weights stay zero through training: the mask is <b>re-applied to the weights after every optimiser
/// step</b> (<see cref="KeepDuring"/> does it from <see cref="Trainer.BatchCompleted"/>, which runs right after
/// <c>Optimizer.Step</c>). Masking gradients alone would not be enough: Adam's and SGD-momentum's moment buffers still
/// carry values from before the weight was pruned and would move it off zero, and decoupled weight decay acts on the
/// weight, not the gradient. Re-applying after the step is exact (a pruned weight is exactly 0.0 after every step,
/// whatever the optimiser) and costs one multiply pass over the prunable weights. <see cref="MaskGradients"/> is also
/// provided for custom loops that want the optimiser state of pruned weights to see zero gradients.</para>
/// </remarks>
public sealed class PruningMasks
{
    private readonly Dictionary<string, float[]> _masks;
    private readonly List<string> _names;
    private readonly Dictionary<string, int[]> _shapes;

    private PruningMasks(IEnumerable<(string Name, int[] Shape, float[] Mask)> entries)
    {
        _masks = [];
        _names = [];
        _shapes = [];
        foreach (var (name, shape, mask) in entries)
        {
            _masks[name] = mask;
            _names.Add(name);
            _shapes[name] = shape;
        }
        if (_names.Count == 0) throw new ArgumentException("The model has no prunable weights (Linear layers).");
    }

    /// <summary>Masks that keep every prunable weight of <paramref name="model"/> (sparsity 0).</summary>
    public static PruningMasks Dense(Module model) =>
        new(PrunableWeights.Of(model).Select(w => (w.Name, w.Weight.Shape.ToArray(), Enumerable.Repeat(1f, w.Weight.Numel).ToArray())));

    /// <summary>
    /// Masks that prune exactly the prunable weights of <paramref name="model"/> that are 0.0 — how masks are recovered
    /// from a pruned checkpoint, which stores the masked weights as zeros.
    /// </summary>
    public static PruningMasks FromZeros(Module model) =>
        new(PrunableWeights.Of(model).Select(w =>
        {
            var values = w.Weight.Contiguous().AsSpan();
            var mask = new float[values.Length];
            for (int i = 0; i < mask.Length; i++) mask[i] = values[i] == 0f ? 0f : 1f;
            return (w.Name, w.Weight.Shape.ToArray(), mask);
        }));

    /// <summary>Names of the masked parameters, in module order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The mask of parameter <paramref name="name"/>: 1 kept, 0 pruned, in the weight's row-major order.</summary>
    public ReadOnlySpan<float> this[string name] => Mask(name);

    /// <summary>Shape of the weight that parameter <paramref name="name"/>'s mask covers.</summary>
    public ReadOnlySpan<int> ShapeOf(string name) => _shapes.TryGetValue(name, out var s) ? s : throw Unknown(name);

    /// <summary>Number of prunable weights.</summary>
    public long Total => _masks.Values.Sum(m => (long)m.Length);

    /// <summary>Number of pruned weights.</summary>
    public long Pruned => _names.Sum(PrunedIn);

    /// <summary>Fraction of prunable weights that are pruned.</summary>
    public double Sparsity => (double)Pruned / Total;

    /// <summary>Pruned weights in parameter <paramref name="name"/>.</summary>
    public long PrunedIn(string name)
    {
        var m = Mask(name);
        long pruned = 0;
        foreach (float v in m) if (v == 0f) pruned++;
        return pruned;
    }

    /// <summary>Fraction of parameter <paramref name="name"/>'s weights that are pruned.</summary>
    public double SparsityOf(string name) => (double)PrunedIn(name) / Mask(name).Length;

    /// <summary>Prunes element <paramref name="index"/> (row-major) of parameter <paramref name="name"/>.</summary>
    public void Prune(string name, int index)
    {
        var m = Mask(name);
        if ((uint)index >= (uint)m.Length)
            throw new ArgumentOutOfRangeException(nameof(index), $"Mask of '{name}' has {m.Length} elements; index {index} is outside it.");
        m[index] = 0f;
    }

    /// <summary>A copy of these masks, independent of them.</summary>
    public PruningMasks Clone()
    {
        return new PruningMasks(_names.Select(n => (n, _shapes[n], (float[])_masks[n].Clone())));
    }

    /// <summary>Zeroes the pruned weights of <paramref name="model"/> (weights ← weights ⊙ mask).</summary>
    /// <exception cref="ArgumentException">The model lacks a masked parameter or its shape differs.</exception>
    public void Apply(Module model)
    {
        foreach (var (name, weight) in Bind(model))
            ZeroPruned(weight.AsSpan(), _masks[name]);
    }

    /// <summary>Zeroes the gradients of pruned weights (dense gradients; parameters without one are skipped).</summary>
    public void MaskGradients(Module model)
    {
        foreach (var (name, weight) in Bind(model))
            if (weight.Grad is { } g)
            {
                if (!g.IsContiguous) weight.Grad = g = g.Contiguous();
                ZeroPruned(g.AsSpan(), _masks[name]);
            }
    }

    /// <summary>
    /// Applies the masks to <paramref name="trainer"/>'s model now and again after every optimiser step, until the
    /// returned handle is disposed; pruned weights are then exactly zero at every batch and in every checkpoint.
    /// </summary>
    public IDisposable KeepDuring(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var model = trainer.Model;
        Bind(model); // fail now, not at the first step
        Apply(model);
        Action<int, int, double> reapply = (_, _, _) => Apply(model);
        trainer.BatchCompleted += reapply;
        return new Unsubscribe(() => trainer.BatchCompleted -= reapply);
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        private Action? _action = action;
        public void Dispose()
        {
            _action?.Invoke();
            _action = null;
        }
    }

    /// <summary>The masked parameters of <paramref name="model"/>, checked against the masks' names and shapes.</summary>
    private List<(string Name, Tensor Weight)> Bind(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var result = new List<(string, Tensor)>(_names.Count);
        foreach (var name in _names)
        {
            if (!parameters.TryGetValue(name, out var p))
                throw new ArgumentException($"Pruning mask for '{name}' names no parameter of the model.");
            if (!Shape.SameShape(p.Shape, _shapes[name]))
                throw new ShapeMismatchException("pruning mask", $"'{name}' has shape {Shape.Format(p.Shape)} in the model, {Shape.Format(_shapes[name])} in the mask");
            if (!p.IsContiguous)
                throw new ArgumentException($"Pruning mask: parameter '{name}' is a non-contiguous view.");
            result.Add((name, p));
        }
        return result;
    }

    private static void ZeroPruned(Span<float> values, ReadOnlySpan<float> mask)
    {
        for (int i = 0; i < values.Length; i++) if (mask[i] == 0f) values[i] = 0f; // not a multiply: NaN·0 is NaN, −w·0 is −0
    }

    private float[] Mask(string name) => _masks.TryGetValue(name, out var m) ? m : throw Unknown(name);

    private ArgumentException Unknown(string name) =>
        new($"No pruning mask for '{name}'. Masked parameters: {string.Join(", ", _names)}.");
}
