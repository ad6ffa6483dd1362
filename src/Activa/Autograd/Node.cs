namespace Activa.Autograd;

/// <summary>
/// One recorded op on the autograd tape: its inputs and a function that maps the gradient of its output to
/// the gradients of its inputs (null where an input needs none). <see cref="Release"/> drops the function, and with
/// it the tensors it saved for the backward pass, once a backward pass has used it.
/// </summary>
internal sealed class Node(string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, bool readsOutput = true, Action? onRelease = null)
{
    private Func<Tensor, Tensor?[]>? _backward = backward;
    private Action? _onRelease = onRelease;

    public string Op { get; } = op;
    public Tensor[] Inputs { get; } = inputs;

    /// <summary>Whether the backward function reads the node's own output (declared where it is written).</summary>
    public bool ReadsOutput { get; } = readsOutput;

    /// <summary>The input gradients for output gradient <paramref name="g"/> (timed when a <see cref="BackwardProfiler"/> records).</summary>
    /// <exception cref="InvalidOperationException">The node was released by an earlier backward pass.</exception>
    public Tensor?[] Backward(Tensor g) => BackwardProfiler.Run(Op, _backward ?? throw new InvalidOperationException(
        $"Backward() reached '{Op}' a second time, but the first backward pass freed this graph's saved tensors. " +
        "Pass retainGraph: true to the first Backward() to backpropagate through the same graph again."), g);

    /// <summary>Drops the backward function and what it saved, then runs the op's release action once (e.g. handing a
    /// buffer that only this node read back to the storage pool).</summary>
    public void Release()
    {
        _backward = null;
        var release = _onRelease;
        _onRelease = null;
        release?.Invoke();
    }
}
