using Activa.Nn;

namespace Activa.Sparsity;

/// <summary>What <see cref="ThresholdCalibration.Calibrate"/> found: the thresholded model, its per-layer thresholds, and
/// loss, accuracy and activation sparsity (fraction of exact zeros) on the calibration split before and after.</summary>
public sealed record CalibrationResult
{
    /// <summary>The model with the thresholds in place; it shares the weights of the dense model.</summary>
    public required Sequential Model { get; init; }
    /// <summary>Module names (positions in the chain) of the activation layers, in order.</summary>
    public required string[] Layers { get; init; }
    /// <summary>The threshold chosen for each activation layer (0: unchanged).</summary>
    public required float[] Thresholds { get; init; }
    /// <summary>The loss budget p as a fraction (0.01 = the loss may rise by 1 %).</summary>
    public required double Budget { get; init; }
    /// <summary>Mean cross-entropy of the dense model on the calibration split.</summary>
    public required double DenseLoss { get; init; }
    /// <summary>Mean cross-entropy of the thresholded model on the calibration split; at most DenseLoss·(1 + Budget).</summary>
    public required double Loss { get; init; }
    /// <summary>Accuracy of the dense model on the calibration split.</summary>
    public required double DenseAccuracy { get; init; }
    /// <summary>Accuracy of the thresholded model on the calibration split.</summary>
    public required double Accuracy { get; init; }
    /// <summary>Fraction of exact zeros of the dense model's activation outputs, per layer.</summary>
    public required double[] DenseLayerSparsity { get; init; }
    /// <summary>Fraction of exact zeros of the thresholded model's activation outputs, per layer.</summary>
    public required double[] LayerSparsity { get; init; }
    /// <summary>Fraction of exact zeros over all activation outputs of the dense model.</summary>
    public required double DenseSparsity { get; init; }
    /// <summary>Fraction of exact zeros over all activation outputs of the thresholded model.</summary>
    public required double Sparsity { get; init; }
}
