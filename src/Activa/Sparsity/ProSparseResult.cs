using Activa.Nn;

namespace Activa.Sparsity;

/// <summary>Training statistics of one ProSparse stage.</summary>
/// <param name="Stage">Stage number, from 1.</param>
/// <param name="Lambda">λ at the end of the stage.</param>
/// <param name="Loss">Mean cross-entropy over the stage's batches (without the penalty).</param>
/// <param name="Penalty">Mean L1 term Σ_layers mean|a| over the stage's batches (before the factor λ).</param>
/// <param name="Sparsity">Fraction of exact zeros of the activation outputs over the stage's batches.</param>
public sealed record ProSparseStageReport(int Stage, double Lambda, double Loss, double Penalty, double Sparsity);

/// <summary>What <see cref="ProSparse.Train"/> produced.</summary>
public sealed record ProSparseResult
{
    /// <summary>The ReLU model after the regularised stages, before the threshold shift (it holds the trained weights).</summary>
    public required Sequential ReluModel { get; init; }
    /// <summary>The final model: <see cref="ReluModel"/> with the threshold shift, sharing its weights.</summary>
    public required Sequential Model { get; init; }
    /// <summary>The threshold of each activation layer in <see cref="Model"/>.</summary>
    public required float[] Thresholds { get; init; }
    /// <summary>Per-stage statistics.</summary>
    public required IReadOnlyList<ProSparseStageReport> Stages { get; init; }
    /// <summary>The calibration behind the thresholds, when <see cref="ProSparseOptions.Budget"/> was set.</summary>
    public CalibrationResult? Calibration { get; init; }
}
