namespace Activa.Nn;

/// <summary>Flattens all dimensions after the first (the batch) into one.</summary>
public sealed class Flatten : Module
{
    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Rank <= 2 ? input : input.Flatten(1);
}
