using Activa.Kernels;

namespace Activa.Optim;

/// <summary>
/// Base of the optimisers: parameter groups, per-parameter state tensors (saved in checkpoints), and the
/// dispatch between dense gradients (<see cref="Tensor.Grad"/>) and row-sparse ones
/// (<see cref="Tensor.SparseGrad"/>).
/// </summary>
/// <remarks>
/// Sparse semantics ("lazy" updates): with a row-sparse gradient, only the rows it names change — their
/// weight decay, moments and parameters are updated with the same formulas as the dense case; untouched
/// rows, including their moments, stay exactly as they were.
/// </remarks>
public abstract class Optimizer
{
    private readonly Dictionary<Tensor, Dictionary<string, Tensor>> _state = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, DenseUpdate> _updates = new(ReferenceEqualityComparer.Instance);
    private readonly List<DenseUpdate> _pending = [];
    private readonly List<(int Update, int Start)> _items = [];

    /// <summary>Elements per work item of the fused dense pass: large enough that a fork pays off.</summary>
    private const int ItemElements = 1 << 15;

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<ParamGroup> Groups { get; }

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Sets up the groups, resolving unset settings to these defaults.</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, float lr, float weightDecay)
    {
        if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "Learning rate must be non-negative.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be non-negative.");
        Groups = groups.ToArray();
        if (Groups.Count == 0 || Groups.All(g => g.Parameters.Count == 0)) throw new ArgumentException("The optimiser got no parameters.");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var g in Groups)
        {
            g.Lr = g.InitialLr = g.RequestedLr ?? lr;
            g.WeightDecay = g.RequestedWeightDecay ?? weightDecay;
            foreach (var p in g.Parameters)
                if (!seen.Add(p)) throw new ArgumentException($"Parameter '{p.Name ?? "?"}' appears in more than one group.");
        }
    }

    /// <summary>Wraps a plain parameter list as one group.</summary>
    protected static IEnumerable<ParamGroup> OneGroup(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters)];

    /// <summary>Clears all gradients.</summary>
    /// <param name="recycle">Also hand each dropped dense gradient's buffer to the <see cref="StoragePool"/>, so that the next
    /// backward pass writes its gradients there instead of into fresh memory (a training loop's steady state then
    /// allocates no large arrays). Only for a caller that keeps no gradient tensor from before this call: reading one
    /// afterwards throws.</param>
    public void ZeroGrad(bool recycle = false)
    {
        foreach (var g in Groups)
            foreach (var p in g.Parameters)
            {
                if (recycle) p.Grad?.RecycleIfOwner();
                p.Grad = null;
                p.SparseGrad = null;
            }
    }

    /// <summary>
    /// Applies one update to every parameter that has a gradient. Dense updates run as one parallel pass over all
    /// parameters together (work items of 32K elements, whichever parameter they fall in), so a model with many small
    /// tensors forks once per step, not once per tensor; row-sparse ones are applied first, row by row.
    /// </summary>
    public void Step()
    {
        StepCount++;
        using var _ = Tensor.NoGrad();
        _pending.Clear();
        foreach (var g in Groups)
            foreach (var p in g.Parameters)
            {
                if (!p.IsContiguous)
                    throw new InvalidOperationException($"optimizer: parameter '{p.Name}' {Shape.Format(p.Shape)} is a non-contiguous view; optimise the tensor that owns the storage.");
                if (p.SparseGrad is { } sparse) UpdateSparse(p, sparse, g, State(p));
                else if (p.Grad is { } grad)
                {
                    if (!Shape.SameShape(grad.Shape, p.Shape))
                        throw new ShapeMismatchException("optimizer", $"gradient of '{p.Name}' has shape {Shape.Format(grad.Shape)}, parameter {Shape.Format(p.Shape)}");
                    _pending.Add(PrepareDense(p, grad.Contiguous(), g, State(p)));
                }
            }
        RunPending();
    }

    private void RunPending()
    {
        _items.Clear();
        for (int u = 0; u < _pending.Count; u++)
            for (int start = 0; start < _pending[u].Length; start += ItemElements)
                _items.Add((u, start));
        if (_items.Count <= 2)
            for (int i = 0; i < _items.Count; i++) new PendingBody(this).Run(i);
        else Parallelism.For(_items.Count, new PendingBody(this));
        _pending.Clear();
    }

    private readonly struct PendingBody(Optimizer owner) : IParallelBody
    {
        public void Run(int index)
        {
            var (u, start) = owner._items[index];
            var update = owner._pending[u];
            update.Apply(start, Math.Min(ItemElements, update.Length - start));
        }
    }

    /// <summary>
    /// One dense parameter's update for the current step: the arrays and coefficients its kernel needs, applied by
    /// ranges so that all parameters' updates share one parallel pass. An optimiser keeps one per parameter
    /// (<see cref="UpdateFor{T}"/>) and refreshes its fields every step, so steps allocate nothing.
    /// </summary>
    protected abstract class DenseUpdate
    {
        /// <summary>Number of elements of the parameter.</summary>
        public int Length { get; set; }

        /// <summary>Updates elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>).</summary>
        public abstract void Apply(int start, int length);
    }

    /// <summary>The reusable <see cref="DenseUpdate"/> of <paramref name="parameter"/>, created on first use.</summary>
    protected T UpdateFor<T>(Tensor parameter) where T : DenseUpdate, new()
    {
        if (!_updates.TryGetValue(parameter, out var u)) _updates[parameter] = u = new T();
        return (T)u;
    }

    /// <summary>
    /// Prepares a dense parameter's update for this step (state slots, step counters, coefficients); the returned
    /// update runs later, in the shared pass. Parameter and gradient are contiguous, same shape.
    /// </summary>
    protected abstract DenseUpdate PrepareDense(Tensor parameter, Tensor gradient, ParamGroup group, Dictionary<string, Tensor> state);

    /// <summary>Updates only the rows named by <paramref name="gradient"/>.</summary>
    protected abstract void UpdateSparse(Tensor parameter, RowSparseGradient gradient, ParamGroup group, Dictionary<string, Tensor> state);

    /// <summary>The state slots of a parameter ("exp_avg", "step", ...), created empty on first use.</summary>
    protected Dictionary<string, Tensor> State(Tensor p)
    {
        if (!_state.TryGetValue(p, out var s)) _state[p] = s = [];
        return s;
    }

    /// <summary>A state slot of the given shape, created filled with <paramref name="fill"/> the first time.</summary>
    /// <remarks>Takes a shape rather than a factory: a capturing lambda would allocate on every step.</remarks>
    protected static Tensor Slot(Dictionary<string, Tensor> state, string name, ReadOnlySpan<int> shape, float fill = 0f)
    {
        if (!state.TryGetValue(name, out var t)) state[name] = t = Tensor.Full(shape, fill);
        return t;
    }

    /// <summary>All state tensors as "parameterName.slot", for checkpoints; <paramref name="names"/> names each parameter.</summary>
    public Dictionary<string, Tensor> StateDict(IReadOnlyDictionary<Tensor, string> names)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (p, slots) in _state)
        {
            if (!names.TryGetValue(p, out var name)) throw new ArgumentException("StateDict: a parameter with optimiser state has no name.");
            foreach (var (slot, t) in slots) result[$"{name}.{slot}"] = t;
        }
        return result;
    }

    /// <summary>Restores state saved by <see cref="StateDict"/>, plus the step count.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, IReadOnlyDictionary<string, Tensor> parametersByName, long stepCount)
    {
        _state.Clear();
        _updates.Clear();
        foreach (var (key, t) in state)
        {
            int dot = key.LastIndexOf('.');
            if (dot <= 0 || !parametersByName.TryGetValue(key[..dot], out var p))
                throw new ArgumentException($"Optimiser state entry '{key}' names no parameter of the model.");
            if (t.Numel != 1 && !Shape.SameShape(t.Shape, p.Shape))
                throw new ArgumentException($"Optimiser state entry '{key}' has shape {Shape.Format(t.Shape)}; its parameter has {Shape.Format(p.Shape)}.");
            State(p)[key[(dot + 1)..]] = Tensor.FromArray(t.ToArray(), t.Shape.ToArray());
        }
        StepCount = stepCount;
    }
}
