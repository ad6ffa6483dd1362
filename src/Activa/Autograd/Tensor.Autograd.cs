using Activa.Autograd;

namespace Activa;

public sealed partial class Tensor
{
    /// <summary>Disables gradient recording on this thread until the returned scope is disposed.</summary>
    /// <example><code>using (Tensor.NoGrad()) { var y = model.Forward(x); }</code></example>
    public static GradMode.NoGradScope NoGrad() => GradMode.Disable();

    /// <summary>
    /// Attaches a backward function to <paramref name="result"/> when grad mode is on and an input requires a
    /// gradient. <paramref name="backward"/> receives the output gradient and returns one gradient per input
    /// (null for inputs that need none); each gradient has its input's shape. <paramref name="readsOutput"/> declares
    /// whether <paramref name="backward"/> reads <paramref name="result"/>'s values: only an op that declares it does
    /// not may have its output overwritten by an in-place activation. The default is the safe answer.
    /// </summary>
    /// <remarks><c>onRelease</c> runs once when a backward pass has used the node and freed it (not with retainGraph): for
    /// an op that can hand back a buffer that nothing else reads, e.g. <see cref="Functional.LinearOwningInput"/>.</remarks>
    internal static Tensor Record(Tensor result, string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, bool readsOutput = true, Action? onRelease = null)
    {
        if (!GradMode.Enabled) return result;
        foreach (var t in inputs)
        {
            if (!t.RequiresGrad) continue;
            result._requiresGrad = true;
            result.GradFn = new Node(op, inputs, backward, readsOutput, onRelease);
            foreach (var input in inputs) input._consumedByOp = true;
            return result;
        }
        return result;
    }

    /// <summary>Set by <see cref="RecycleAfterBackward"/>.</summary>
    private bool _recycleAfterBackward;

    /// <summary>
    /// Marks an intermediate result that the calling code keeps to itself (it returns neither the tensor nor a view of it
    /// and does not read it after the step): once a backward pass without retainGraph has gone through it, every op that
    /// read it has run its backward, so its buffer goes back to the <see cref="StoragePool"/> for the next step's
    /// tensor of that size, as PyTorch frees an intermediate when its last reference goes. Without a backward pass, or
    /// for a view, nothing happens.
    /// </summary>
    internal Tensor RecycleAfterBackward()
    {
        if (_ownsStorage && RequiresGrad) _recycleAfterBackward = true;
        return this;
    }

    /// <summary>
    /// Back-propagates from this tensor. With no argument the tensor must hold one element (a loss) and its
    /// gradient is 1; otherwise <paramref name="gradient"/> must have this tensor's shape. Leaf tensors that
    /// require a gradient accumulate it into <see cref="Grad"/>. As in PyTorch, the pass frees what the graph saved
    /// for it (a second Backward through the same graph throws) unless <paramref name="retainGraph"/> is true.
    /// </summary>
    /// <param name="gradient">The gradient of this tensor (ones for a one-element loss when null).</param>
    /// <param name="retainGraph">Keep the graph for another backward pass.</param>
    /// <exception cref="InvalidOperationException">No input requires a gradient, a non-scalar without a gradient, or a graph freed by an earlier pass.</exception>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!RequiresGrad)
            throw new InvalidOperationException("Backward() was called on a tensor that does not require a gradient (no input of its graph has RequiresGrad set).");
        if (gradient == null)
        {
            if (Numel != 1)
                throw new InvalidOperationException($"Backward() without a gradient needs a one-element tensor, not shape {Activa.Shape.Format(Dims)}; pass the output gradient.");
            gradient = Full(Dims, 1f);
        }
        else if (!Activa.Shape.SameShape(gradient.Dims, Dims))
        {
            throw new ShapeMismatchException("backward", $"gradient shape {Activa.Shape.Format(gradient.Dims)} differs from tensor shape {Activa.Shape.Format(Dims)}");
        }

        var order = TopologicalOrder(this);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [this] = gradient };
        // Storages a leaf must not take over: the caller's gradient, and any already given to a leaf.
        var taken = new HashSet<float[]>(ReferenceEqualityComparer.Instance) { gradient.Storage };
        // Gradient buffers made during this pass go back to the pool as soon as nothing pending refers to them.
        var made = new HashSet<float[]>(ReferenceEqualityComparer.Instance);
        var outer = _madeInBackward;
        _madeInBackward = made;
        try
        {
            using var _ = NoGrad();
            foreach (var t in order)
            {
                if (!grads.Remove(t, out var g)) continue;
                if (t.GradFn == null)
                {
                    Accumulate(t, g, taken);
                    RecycleIfFree(g, made, taken, grads, []);
                    continue;
                }
                var node = t.GradFn;
                var inputGrads = node.Backward(g);
                if (!retainGraph) node.Release();
                for (int i = 0; i < node.Inputs.Length; i++)
                {
                    var input = node.Inputs[i];
                    var ig = inputGrads[i];
                    if (ig == null || !input.RequiresGrad) continue;
                    if (!Activa.Shape.SameShape(ig.Dims, input.Dims))
                        throw new InvalidOperationException($"Internal error: backward of '{node.Op}' produced a gradient of shape {Activa.Shape.Format(ig.Dims)} for an input of shape {Activa.Shape.Format(input.Dims)}.");
                    if (grads.TryGetValue(input, out var acc))
                    {
                        grads[input] = acc.Add(ig);
                        RecycleIfFree(acc, made, taken, grads, inputGrads);
                        RecycleIfFree(ig, made, taken, grads, inputGrads.AsSpan(i + 1));
                    }
                    else grads[input] = ig;
                }
                RecycleIfFree(g, made, taken, grads, inputGrads);
                if (t._recycleAfterBackward && !retainGraph && !InUse(t.Storage, taken, grads, [])) t.Recycle();
            }
        }
        finally
        {
            _madeInBackward = outer;
        }
    }

    /// <summary>
    /// Returns <paramref name="g"/>'s buffer to the pool when this pass made it and no pending gradient, leaf
    /// gradient or gradient still to be consumed (<paramref name="pending"/>) shares it.
    /// </summary>
    private static void RecycleIfFree(Tensor g, HashSet<float[]> made, HashSet<float[]> taken, Dictionary<Tensor, Tensor> grads, ReadOnlySpan<Tensor?> pending)
    {
        var s = g.Storage;
        if (!made.Contains(s) || InUse(s, taken, grads, pending)) return;
        made.Remove(s);
        StoragePool.Return(s);
    }

    /// <summary>Whether a leaf gradient, a pending gradient or one still to be consumed (<paramref name="pending"/>) shares <paramref name="s"/>.</summary>
    private static bool InUse(float[] s, HashSet<float[]> taken, Dictionary<Tensor, Tensor> grads, ReadOnlySpan<Tensor?> pending)
    {
        if (taken.Contains(s)) return true;
        foreach (var p in pending)
            if (p != null && ReferenceEquals(p.Storage, s)) return true;
        foreach (var v in grads.Values)
            if (ReferenceEquals(v.Storage, s)) return true;
        return false;
    }

    private static void Accumulate(Tensor leaf, Tensor g, HashSet<float[]> taken)
    {
        // A leaf keeps the gradient tensor itself when nothing else can see its storage (no copy of large
        // weight gradients each step); it copies when the storage is the caller's or already another leaf's,
        // because later accumulation and clipping write into Grad in place.
        if (leaf.Grad == null)
            leaf.Grad = g.IsContiguous && !ReferenceEquals(g.Storage, leaf.Storage) && taken.Add(g.Storage) ? g : g.Clone();
        else leaf.Grad.AddInPlace(g);
    }

    /// <summary>Nodes reachable from <paramref name="root"/>, each after every tensor that consumes it.</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var post = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.GradFn?.Inputs ?? [];
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var child = inputs[next];
                if (child.RequiresGrad && visited.Add(child)) stack.Push((child, 0));
            }
            else post.Add(t);
        }
        post.Reverse();
        return post;
    }
}
