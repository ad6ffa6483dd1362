namespace Activa.IO;

/// <summary>
/// How <see cref="SafeTensors.Load(string, SafeTensorsLoadOptions?)"/> and the checkpoint loaders treat what they read.
/// </summary>
public sealed record SafeTensorsLoadOptions
{
    /// <summary>
    /// Accept tensors holding NaN or ±∞ (default false: such a tensor is a <see cref="CheckpointFormatException"/>
    /// naming it and its first bad index, since a diverged or corrupted model must not pass for a trained one).
    /// </summary>
    public bool AllowNonFinite { get; init; }

    /// <summary>
    /// The options used when a loader is given none. Process-wide: the <c>activa</c> command sets it from
    /// <c>--allow-nonfinite</c>; a library caller should prefer passing options explicitly.
    /// </summary>
    public static SafeTensorsLoadOptions Default { get; set; } = new();
}
