namespace Activa.Sparsity;

/// <summary>Settings of <see cref="ThresholdCalibration.Calibrate"/>.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Bisection steps per layer; the threshold is found to (largest output)/2^Iterations.</summary>
    public int Iterations { get; init; } = 20;
    /// <summary>Samples per forward pass over the calibration split.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Iterations is < 1 or > 60) throw new ArgumentException($"calibration iterations must be in [1, 60], got {Iterations}.");
        if (BatchSize <= 0) throw new ArgumentException($"calibration batch size must be positive, got {BatchSize}.");
    }
}
