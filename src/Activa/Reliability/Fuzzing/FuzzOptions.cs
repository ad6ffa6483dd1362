namespace Activa.Reliability.Fuzzing;

/// <summary>Settings of a <see cref="FuzzRunner"/> run.</summary>
public sealed record FuzzOptions
{
    /// <summary>Inputs to run per parser, the unmutated seeds included (default 2,000).</summary>
    public int Inputs { get; init; } = 2000;
    /// <summary>Seed of the mutator (default 1): the same seed gives the same inputs.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Time allowed per input (default 2 s): a parse that takes longer twice in a row is a failure ("slow"); one with no result after twice as long is a hang, which ends the run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Bytes one parse may allocate (default 256 MiB): more, from a small input, means a size was trusted before it was checked.</summary>
    public long MaxAllocatedBytes { get; init; } = 256L << 20;
    /// <summary>Folder where the first failing input of each kind of failure is saved for replay (null: not saved).</summary>
    public string? SaveFailures { get; init; }
    /// <summary>Scratch folder for the inputs and seeds (null: a fresh temporary folder, deleted afterwards).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">Non-positive inputs, timeout or allocation bound; the message names the option and value.</exception>
    public void Validate()
    {
        if (Inputs < 1) throw new ArgumentException($"FuzzOptions.Inputs must be at least 1, got {Inputs}.");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException($"FuzzOptions.Timeout must be positive, got {Timeout}.");
        if (MaxAllocatedBytes < 1) throw new ArgumentException($"FuzzOptions.MaxAllocatedBytes must be positive, got {MaxAllocatedBytes}.");
    }
}
