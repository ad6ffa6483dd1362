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
    public void ZeroGrad()
    {
        foreach (var g in Groups)
            foreach (var p in g.Parameters)
            {
                p.Grad = null;
                p.SparseGrad = null;
            }
    }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        using var _ = Tensor.NoGrad();
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
                    UpdateDense(p, grad.Contiguous(), g, State(p));
                }
            }
    }

    /// <summary>Updates a dense parameter. Both spans are contiguous, same length.</summary>
    protected abstract void UpdateDense(Tensor parameter, Tensor gradient, ParamGroup group, Dictionary<string, Tensor> state);

    /// <summary>Updates only the rows named by <paramref name="gradient"/>.</summary>
    protected abstract void UpdateSparse(Tensor parameter, RowSparseGradient gradient, ParamGroup group, Dictionary<string, Tensor> state);

    /// <summary>The state slots of a parameter ("exp_avg", "step", ...), created empty on first use.</summary>
    protected Dictionary<string, Tensor> State(Tensor p)
    {
        if (!_state.TryGetValue(p, out var s)) _state[p] = s = [];
        return s;
    }

    /// <summary>A state slot, created by <paramref name="create"/> the first time.</summary>
    protected static Tensor Slot(Dictionary<string, Tensor> state, string name, Func<Tensor> create)
    {
        if (!state.TryGetValue(name, out var t)) state[name] = t = create();
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
