namespace Activa.Autograd;

/// <summary>
/// One recorded op on the autograd tape: its inputs and a function that maps the gradient of its output to
/// the gradients of its inputs (null where an input needs none).
/// </summary>
internal sealed class Node(string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
{
    public string Op { get; } = op;
    public Tensor[] Inputs { get; } = inputs;
    public Func<Tensor, Tensor?[]> Backward { get; } = backward;
}
