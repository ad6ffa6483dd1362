namespace Activa.Training;

/// <summary>What one epoch achieved; the rows of metrics.json and metrics.csv.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double Seconds,
    double SamplesPerSecond,
    long SkippedBatches,
    double? LearningRate = null);
