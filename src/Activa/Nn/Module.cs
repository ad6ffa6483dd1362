using System.Text;

namespace Activa.Nn;

/// <summary>
/// Base of every layer and model: named parameters, buffers and submodules, train/eval mode, a state
/// dict, and forward hooks. Modelled on torch.nn.Module.
/// </summary>
/// <remarks>
/// A subclass registers what it owns in its constructor (<see cref="RegisterParameter"/>,
/// <see cref="RegisterBuffer"/>, <see cref="RegisterModule{T}"/>) and implements <see cref="ForwardCore"/>.
/// Callers use <see cref="Forward"/>, which also runs the forward hooks. Modules with other inputs
/// (index tensors, several tensors) add their own typed Forward overloads.
/// </remarks>
public abstract class Module
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Tensor Tensor)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];
    private readonly List<Action<Module, Tensor, Tensor>> _hooks = [];

    /// <summary>True in training mode (dropout active, batch statistics), false in evaluation mode.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Sets training mode on this module and all submodules.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
        return this;
    }

    /// <summary>Sets evaluation mode on this module and all submodules.</summary>
    public Module Eval() => Train(false);

    /// <summary>Runs the module on <paramref name="input"/>, then its forward hooks.</summary>
    public Tensor Forward(Tensor input) => RunHooks(input, ForwardCore(input));

    /// <summary>The computation of a single-input module.</summary>
    /// <remarks>Inside a <see cref="Sequential"/> the input and output are buffers the chain hands back to the storage pool
    /// once they are used up, as PyTorch frees them: a module that keeps either beyond the call (for a later step, say) keeps
    /// a <see cref="Tensor.Clone"/>; a forward hook sees them safely.</remarks>
    protected virtual Tensor ForwardCore(Tensor input) =>
        throw new NotSupportedException($"{GetType().Name} does not take a single float tensor; use its typed Forward overload.");

    /// <summary>Calls the forward hooks with (module, ids as floats, output) and returns the output; the float copy is made only when there are hooks.</summary>
    protected Tensor RunHooks(IntTensor ids, Tensor output)
    {
        if (_hooks.Count == 0) return output;
        return RunHooks(Tensor.FromArray([.. ids.Data.Select(i => (float)i)], ids.Dims), output);
    }

    /// <summary>Calls the forward hooks with (module, input, output) and returns the output.</summary>
    protected Tensor RunHooks(Tensor input, Tensor output)
    {
        foreach (var hook in _hooks) hook(this, input, output);
        return output;
    }

    /// <summary>
    /// Whether this module or any module inside it has forward hooks: one of them may have kept what it saw, and a hooked
    /// layer is never fused with its neighbour (its hook sees the pre-activation).
    /// </summary>
    internal bool AnyForwardHooks
    {
        get
        {
            if (_hooks.Count > 0) return true;
            foreach (var (_, child) in _children)
                if (child.AnyForwardHooks) return true;
            return false;
        }
    }

    /// <summary>Adds a hook called after every forward with (module, input, output); dispose the result to remove it.</summary>
    public IDisposable RegisterForwardHook(Action<Module, Tensor, Tensor> hook)
    {
        _hooks.Add(hook);
        return new HookHandle(() => _hooks.Remove(hook));
    }

    private sealed class HookHandle(Action remove) : IDisposable
    {
        private Action? _remove = remove;
        public void Dispose()
        {
            _remove?.Invoke();
            _remove = null;
        }
    }

    /// <summary>Registers a learnable tensor under <paramref name="name"/>; it is marked as requiring a gradient.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        CheckName(name);
        parameter.RequiresGrad = true;
        parameter.Name ??= name;
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers state that is saved with the module but not learned (e.g. running statistics).</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        CheckName(name);
        _buffers.Add((name, buffer));
        return buffer;
    }

    /// <summary>Registers a submodule; its parameters appear under "name.".</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _children.Add((name, module));
        module.Train(Training);
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"Invalid member name '{name}': it must be non-empty and contain no '.'.");
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'.");
    }

    /// <summary>Direct submodules with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

    /// <summary>This module and all submodules, depth first, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedModules(Join(prefix, name))) yield return item;
    }

    /// <summary>All parameters with dotted names, in registration order; a tensor registered twice (tied weights) is listed once, under its first name.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, p) in module._parameters)
                if (seen.Add(p)) yield return (Join(prefix, name), p);
    }

    /// <summary>All parameters, in registration order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>All buffers with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, b) in module._buffers) yield return (Join(prefix, name), b);
    }

    /// <summary>Number of learnable scalars.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Numel);

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.Grad = null;
            p.SparseGrad = null;
        }
    }

    /// <summary>Parameters and buffers by dotted name (the tensors themselves, not copies).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, p) in NamedParameters()) state[name] = p;
        foreach (var (name, b) in NamedBuffers()) state[name] = b;
        return state;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into the parameters and buffers. With
    /// <paramref name="strict"/>, missing and unexpected names are errors; shapes must always match.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        if (strict)
        {
            var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new ArgumentException($"LoadStateDict: state does not match {GetType().Name}." +
                    (missing.Count > 0 ? $" Missing: {string.Join(", ", missing)}." : "") +
                    (unexpected.Count > 0 ? $" Unexpected: {string.Join(", ", unexpected)}." : ""));
        }
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            if (!Shape.SameShape(source.Shape, target.Shape))
                throw new ShapeMismatchException("load_state_dict", $"'{name}' has shape {Shape.Format(source.Shape)} in the state but {Shape.Format(target.Shape)} in the model");
            using (Tensor.NoGrad()) target.CopyFrom(source);
        }
    }

    /// <summary>A one-line description of this module's configuration (e.g. "in=784, out=512").</summary>
    public virtual string ExtraRepr() => "";

    /// <summary>The module tree, one line per module, PyTorch style.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Describe(sb, "", 0);
        return sb.ToString().TrimEnd();
    }

    private void Describe(StringBuilder sb, string name, int depth)
    {
        sb.Append(new string(' ', depth * 2));
        if (name.Length > 0) sb.Append('(').Append(name).Append("): ");
        sb.Append(GetType().Name).Append('(').Append(ExtraRepr()).Append(')').AppendLine();
        foreach (var (childName, child) in _children) child.Describe(sb, childName, depth + 1);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
