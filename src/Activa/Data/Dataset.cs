namespace Activa.Data;

/// <summary>
/// A labelled classification dataset held in memory: a contiguous feature tensor of shape
/// [Count, ...SampleShape] and one integer label in [0, Classes) per sample.
/// </summary>
public sealed class Dataset
{
    /// <summary>Short name, used in messages and run metadata.</summary>
    public string Name { get; }
    /// <summary>All samples, shape [Count, ...SampleShape], contiguous.</summary>
    public Tensor Features { get; }
    /// <summary>The label of each sample.</summary>
    public int[] Labels { get; }
    /// <summary>Number of classes.</summary>
    public int Classes { get; }
    /// <summary>Optional human-readable class names (length <see cref="Classes"/>).</summary>
    public string[]? ClassNames { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;
    /// <summary>Shape of one sample.</summary>
    public int[] SampleShape => Features.Shape[1..].ToArray();
    /// <summary>Floats per sample.</summary>
    public int SampleSize => Shape.Numel(SampleShape);

    /// <summary>Wraps features and labels after checking that they agree.</summary>
    /// <exception cref="ArgumentException">Counts differ, a label is outside [0, classes), or there are too few class names.</exception>
    public Dataset(string name, Tensor features, int[] labels, int classes, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Rank < 2) throw new ArgumentException($"Dataset '{name}': features need shape [count, ...], got {Shape.Format(features.Shape)}.");
        if (features.Shape[0] != labels.Length)
            throw new ArgumentException($"Dataset '{name}': {features.Shape[0]} samples but {labels.Length} labels.");
        if (classes < 1) throw new ArgumentException($"Dataset '{name}': classes must be positive, got {classes}.");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"Dataset '{name}': label {labels[i]} of sample {i} is outside [0, {classes}).");
        if (classNames != null && classNames.Length != classes)
            throw new ArgumentException($"Dataset '{name}': {classNames.Length} class names for {classes} classes.");
        Name = name;
        Features = features.Contiguous();
        Labels = labels;
        Classes = classes;
        ClassNames = classNames;
    }

    /// <summary>Mean and standard deviation of all feature values (one pair for the whole dataset), in double.</summary>
    public (float Mean, float Std) Statistics()
    {
        var x = Features.AsSpan();
        double sum = 0, squares = 0;
        foreach (float v in x) sum += v;
        double mean = sum / Math.Max(1, x.Length);
        foreach (float v in x) squares += (v - mean) * (v - mean);
        return ((float)mean, (float)Math.Sqrt(squares / Math.Max(1, x.Length)));
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (a copy).</summary>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        int size = SampleSize;
        var src = Features.AsSpan();
        var batch = Tensor.Empty([indices.Length, .. SampleShape]);   // gathered in place: no second copy
        var features = batch.Storage;
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int j = indices[i];
            if ((uint)j >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Dataset '{Name}': index {j} is outside [0, {Count}).");
            src.Slice(j * size, size).CopyTo(features.AsSpan(i * size, size));
            labels[i] = Labels[j];
        }
        return new Dataset(Name, batch, labels, Classes, ClassNames);
    }

    /// <summary>
    /// A seeded random split: <paramref name="fraction"/> of the samples (rounded, at least one) go to the
    /// second part. The same seed always gives the same split.
    /// </summary>
    public (Dataset Train, Dataset Validation) Split(double fraction, ulong seed)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"Split fraction must be in (0, 1), got {fraction}.");
        int held = Math.Clamp((int)Math.Round(Count * fraction), 1, Count - 1);
        var order = Enumerable.Range(0, Count).ToArray();
        new Generator(seed ^ 0x5B117UL).Shuffle(order.AsSpan());
        var validation = order.AsSpan(0, held).ToArray();
        var train = order.AsSpan(held).ToArray();
        Array.Sort(validation);
        Array.Sort(train);
        return (Subset(train), Subset(validation));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Count} samples of {Shape.Format(SampleShape)}, {Classes} classes";
}
