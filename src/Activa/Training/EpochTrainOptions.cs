namespace Activa.Training;

/// <summary>
/// What every epoch trainer with early stopping reads (<see cref="CtrTrainer"/>, <see cref="FieldCtrTrainer"/>,
/// <see cref="ForecastTrainer"/>): epochs, batch size, Adam's learning rate, patience, seed, the NaN/∞ policy and the
/// two hooks. Each trainer's options record derives from it with its own defaults.
/// </summary>
public abstract record EpochTrainOptions
{
    /// <summary>Sets the defaults of the trainer's options record.</summary>
    private protected EpochTrainOptions(int epochs, int batchSize, float learningRate, int patience)
    {
        Epochs = epochs;
        BatchSize = batchSize;
        LearningRate = learningRate;
        Patience = patience;
    }

    /// <summary>Most epochs.</summary>
    public int Epochs { get; init; }
    /// <summary>Samples (CTR) or windows (forecasting) per step.</summary>
    public int BatchSize { get; init; }
    /// <summary>Adam's learning rate.</summary>
    public float LearningRate { get; init; }
    /// <summary>Stop after this many epochs without a better validation score (AUC for CTR, MSE for forecasting); the best weights are restored.</summary>
    public int Patience { get; init; }
    /// <summary>Seed of the batch order.</summary>
    public ulong Seed { get; init; }
    /// <summary>Called after every optimiser step (pruning re-applies its masks here); not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Action? AfterStep { get; init; }
    /// <summary>On a NaN/∞ loss, input or gradient, skip the batch (counted per epoch) instead of stopping.</summary>
    public bool SkipNonFinite { get; init; }
    /// <summary>Called with the step after each backward pass, before the NaN/∞ check and the optimiser step (fault injection); not saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Action<long>? AfterBackward { get; init; }
}
