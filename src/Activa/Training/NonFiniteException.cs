namespace Activa.Training;

/// <summary>
/// Training produced NaN or ±∞. The message names the step and the loss or the first parameter whose
/// gradient is not finite; the last good checkpoint was saved before this was thrown.
/// </summary>
public sealed class NonFiniteException(string message, long step, string? parameter) : Exception(message)
{
    /// <summary>The global step (batch) at which it happened, counting from 1.</summary>
    public long Step { get; } = step;

    /// <summary>The first parameter with a non-finite gradient, or null when the loss itself was not finite.</summary>
    public string? Parameter { get; } = parameter;
}
