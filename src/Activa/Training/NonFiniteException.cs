namespace Activa.Training;

/// <summary>Where a training step first met NaN or ±∞ (<see cref="NonFiniteException.Fault"/>).</summary>
public enum NonFiniteSource
{
    /// <summary>The loss, with finite inputs and weights (the forward pass overflowed).</summary>
    Loss,
    /// <summary>The step's input batch.</summary>
    Input,
    /// <summary>A weight of the model.</summary>
    Weight,
    /// <summary>A gradient, with a finite loss, inputs and weights.</summary>
    Gradient,
}

/// <summary>
/// Training produced NaN or ±∞. The message names the step, the epoch and the place — the input batch (sample and
/// feature), a weight (parameter and index), the failing layer of the forward pass, the loss or a parameter's gradient;
/// the trainers that keep a checkpoint saved the last good one before this was thrown.
/// </summary>
public sealed class NonFiniteException(string message, long step, string? parameter, NonFiniteSource source = NonFiniteSource.Loss, string? location = null)
    : Exception(message)
{
    /// <summary>The global step (batch) at which it happened, counting from 1.</summary>
    public long Step { get; } = step;

    /// <summary>The parameter whose value or gradient is not finite, or null when the input or the loss is to blame.</summary>
    public string? Parameter { get; } = parameter;

    /// <summary>What was found not finite first.</summary>
    public NonFiniteSource Fault { get; } = source;

    /// <summary>The place, as the message gives it ("the input 'x' is not finite (sample 3, feature 17 is NaN)").</summary>
    public string Location { get; } = location ?? message;
}
