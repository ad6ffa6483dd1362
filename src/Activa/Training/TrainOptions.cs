namespace Activa.Training;

/// <summary>Settings of a training run (what <c>activa train</c>'s options map to).</summary>
public sealed record TrainOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Samples per mini-batch.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Learning rate.</summary>
    public float Lr { get; init; } = 1e-3f;
    /// <summary>Optimiser name: adam, adamw, sgd or adagrad.</summary>
    public string Optimizer { get; init; } = "adam";
    /// <summary>Weight decay (L2 for adam/sgd/adagrad, decoupled for adamw).</summary>
    public float WeightDecay { get; init; }
    /// <summary>SGD momentum.</summary>
    public float Momentum { get; init; } = 0.9f;
    /// <summary>Learning-rate schedule: none, cosine or step (×0.1 every third of the run), per batch.</summary>
    public string Schedule { get; init; } = "none";
    /// <summary>Linear warm-up steps (batches) before the schedule.</summary>
    public int WarmupSteps { get; init; }
    /// <summary>Clip the global gradient norm to this value (null: no clipping).</summary>
    public double? ClipNorm { get; init; }
    /// <summary>Label smoothing of the cross-entropy loss.</summary>
    public float LabelSmoothing { get; init; }
    /// <summary>Seed of weights, data order and dropout.</summary>
    public ulong Seed { get; init; }
    /// <summary>On a non-finite loss or gradient, skip the batch instead of stopping.</summary>
    public bool SkipNonFinite { get; init; }
    /// <summary>Fraction of the training data held out for validation (0 = none).</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>
    /// KAN: after each of the first N epochs, move the B-spline grids to the inputs each layer now sees
    /// (<see cref="Kan.KanDataGrids"/>; the KAN paper updates its grids repeatedly early in training), so hidden values
    /// that drift past a grid get spline resolution again. 0: no update during training. Ignored for other models.
    /// </summary>
    public int GridUpdateEpochs { get; init; }
    /// <summary>
    /// KAN: λ of the paper's sparsification penalty added to the loss (<see cref="Kan.KanRegularizer"/>: L1 of the edges
    /// plus twice their entropy), which drives edges to zero so that pruning (<c>activa kan prune</c>) can remove them.
    /// 0: off. The reported loss is the cross-entropy alone.
    /// </summary>
    public float KanSparsity { get; init; }

    /// <summary>Valid optimiser names.</summary>
    public static readonly string[] Optimizers = ["adam", "adamw", "sgd", "adagrad"];

    /// <summary>Valid schedule names.</summary>
    public static readonly string[] Schedules = ["none", "cosine", "step"];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentException($"epochs must be positive, got {Epochs}.");
        if (BatchSize <= 0) throw new ArgumentException($"batch size must be positive, got {BatchSize}.");
        if (!(Lr > 0) || !float.IsFinite(Lr)) throw new ArgumentException($"learning rate must be positive and finite, got {Lr}.");
        if (!Optimizers.Contains(Optimizer)) throw new ArgumentException($"Unknown optimizer '{Optimizer}'. Valid: {string.Join(", ", Optimizers)}.");
        if (!Schedules.Contains(Schedule)) throw new ArgumentException($"Unknown schedule '{Schedule}'. Valid: {string.Join(", ", Schedules)}.");
        if (ValidationFraction is < 0 or >= 1) throw new ArgumentException($"validation fraction must be in [0, 1), got {ValidationFraction}.");
        if (LabelSmoothing is < 0 or > 1) throw new ArgumentException($"label smoothing must be in [0, 1], got {LabelSmoothing}.");
        if (GridUpdateEpochs < 0) throw new ArgumentException($"grid update epochs must be ≥ 0, got {GridUpdateEpochs}.");
        if (!(KanSparsity >= 0) || !float.IsFinite(KanSparsity)) throw new ArgumentException($"KAN sparsity λ must be finite and ≥ 0, got {KanSparsity}.");
    }
}
