namespace Activa.Metrics;

/// <summary>Metrics for multi-class predictions.</summary>
public static class Classification
{
    /// <summary>Fraction of <paramref name="predicted"/> equal to <paramref name="labels"/>.</summary>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        CheckLengths(predicted.Length, labels.Length, nameof(Accuracy));
        if (labels.Length == 0) throw new ArgumentException("Accuracy of zero samples is undefined.");
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    /// <summary>Accuracy of the arg-max of <paramref name="logits"/> [n, classes].</summary>
    public static double Accuracy(Tensor logits, ReadOnlySpan<int> labels) => Accuracy(logits.ArgMax(1).ToArray(), labels);

    /// <summary>
    /// Top-k accuracy: the fraction of rows of <paramref name="scores"/> [n, classes] whose true class is among the
    /// k highest scores. Ties are resolved against the true class (a score equal to the true one ranks above it),
    /// so the metric never flatters a constant prediction.
    /// </summary>
    public static double TopK(Tensor scores, ReadOnlySpan<int> labels, int k)
    {
        if (scores.Rank != 2) throw new ShapeMismatchException("TopK", $"scores must be [n, classes], got {Shape.Format(scores.Shape)}");
        int n = scores.Shape[0], classes = scores.Shape[1];
        CheckLengths(n, labels.Length, nameof(TopK));
        if (k < 1 || k > classes) throw new ArgumentOutOfRangeException(nameof(k), $"TopK: k must be in [1, {classes}], got {k}.");
        if (n == 0) throw new ArgumentException("TopK of zero samples is undefined.");
        var s = scores.Contiguous().AsSpan();
        int hits = 0;
        for (int i = 0; i < n; i++)
        {
            int y = labels[i];
            if ((uint)y >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(labels), $"TopK: label {y} at {i} is outside [0, {classes}).");
            var row = s.Slice(i * classes, classes);
            float target = row[y];
            int above = 0;
            for (int c = 0; c < classes; c++) if (c != y && !(row[c] < target)) above++;
            if (above < k) hits++;
        }
        return (double)hits / n;
    }

    /// <summary>Counts: entry [t, p] is how many samples of true class t were predicted as p.</summary>
    public static int[,] ConfusionMatrix(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels, int classes)
    {
        CheckLengths(predicted.Length, labels.Length, nameof(ConfusionMatrix));
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), $"ConfusionMatrix: classes must be positive, got {classes}.");
        var m = new int[classes, classes];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"ConfusionMatrix: sample {i} has label {labels[i]} / prediction {predicted[i]} outside [0, {classes}).");
            m[labels[i], predicted[i]]++;
        }
        return m;
    }

    internal static void CheckLengths(int a, int b, string metric)
    {
        if (a != b) throw new ArgumentException($"{metric}: {a} predictions but {b} labels.");
    }
}
