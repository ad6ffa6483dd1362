namespace Activa.Nn;

/// <summary>Inverted dropout in training mode, identity in evaluation mode. Srivastava et al., 2014.</summary>
public sealed class Dropout(float p = 0.5f, Generator? generator = null) : Module
{
    /// <summary>Drop probability.</summary>
    public float P { get; } = p is >= 0f and < 1f ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Training ? Functional.Dropout(input, P, generator) : input;

    /// <inheritdoc/>
    public override string ExtraRepr() => $"p={P}";
}

/// <summary>Alpha dropout for SELU networks in training mode, identity in evaluation mode. Klambauer et al., 2017.</summary>
public sealed class AlphaDropout(float p = 0.1f, Generator? generator = null) : Module
{
    /// <summary>Drop probability.</summary>
    public float P { get; } = p is >= 0f and < 1f ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Training ? Functional.AlphaDropout(input, P, generator) : input;

    /// <inheritdoc/>
    public override string ExtraRepr() => $"p={P}";
}
