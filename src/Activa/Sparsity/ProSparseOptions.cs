namespace Activa.Sparsity;

/// <summary>Settings of <see cref="ProSparse.Train"/>.</summary>
public sealed record ProSparseOptions
{
    /// <summary>The stages of the L1 factor (see <see cref="ProSparseSchedule"/>); the default trains 200 steps with plain
    /// ReLU, then ramps λ to 0.05, 0.1 and 0.2 over 200 steps each.</summary>
    public IReadOnlyList<ProSparseStage> Stages { get; init; } = [new(200, 0f), new(200, 0.05f), new(200, 0.1f), new(200, 0.2f)];
    /// <summary>Samples per mini-batch.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Adam's learning rate.</summary>
    public float Lr { get; init; } = 1e-3f;
    /// <summary>Seed of the batch order.</summary>
    public ulong Seed { get; init; }
    /// <summary>Threshold shift by calibration: the loss budget p (0.01 = 1 %) for <see cref="ThresholdCalibration"/> on the
    /// calibration split; null to use <see cref="Threshold"/> instead.</summary>
    public double? Budget { get; init; }
    /// <summary>Threshold shift by a fixed FATReLU threshold τ on every layer, used when <see cref="Budget"/> is null (0: no shift).</summary>
    public float Threshold { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        _ = new ProSparseSchedule(Stages);
        if (BatchSize <= 0) throw new ArgumentException($"ProSparse: batch size must be positive, got {BatchSize}.");
        if (!(Lr > 0) || !float.IsFinite(Lr)) throw new ArgumentException($"ProSparse: learning rate must be positive and finite, got {Lr}.");
        if (Budget is { } b && (!(b >= 0) || !double.IsFinite(b))) throw new ArgumentException($"ProSparse: budget must be a finite fraction ≥ 0, got {b}.");
        if (!(Threshold >= 0) || !float.IsFinite(Threshold)) throw new ArgumentException($"ProSparse: threshold must be finite and ≥ 0, got {Threshold}.");
    }
}
