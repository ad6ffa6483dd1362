namespace Activa;

/// <summary>Thrown when an op receives tensors whose shapes do not fit together; the message names the op and the shapes.</summary>
public sealed class ShapeMismatchException(string op, string detail) : ArgumentException($"{op}: {detail}.")
{
    /// <summary>The op that rejected its inputs, e.g. "matmul".</summary>
    public string Op { get; } = op;
}
