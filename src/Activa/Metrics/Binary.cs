namespace Activa.Metrics;

/// <summary>Metrics for binary predictions (click-through rate and the like).</summary>
public static class Binary
{
    /// <summary>
    /// Exact area under the ROC curve: the probability that a random positive scores above a random
    /// negative, ties counting one half (Mann–Whitney U with mid-ranks). O(n log n).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, a score is NaN, or one class is absent.</exception>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        Classification.CheckLengths(scores.Length, labels.Length, nameof(Auc));
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (labels[i] is not (0 or 1)) throw new ArgumentException($"Auc: label {labels[i]} at {i} is not 0 or 1.");
            if (float.IsNaN(scores[i])) throw new ArgumentException($"Auc: score at {i} is NaN.");
            order[i] = i;
        }
        var s = scores.ToArray();
        Array.Sort(order, (a, b) => s[a].CompareTo(s[b]));
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && s[order[j]] == s[order[i]]) j++;
            double midRank = (i + 1 + j) / 2.0; // ranks i+1 .. j
            for (int t = i; t < j; t++)
                if (labels[order[t]] == 1) { positives++; rankSum += midRank; }
            i = j;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException($"Auc needs both classes; got {positives} positives and {negatives} negatives.");
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Mean binary cross-entropy of probabilities, clipped to [ε, 1 − ε] (ε = 1e-7) as is customary.</summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, double epsilon = 1e-7)
    {
        Classification.CheckLengths(probabilities.Length, labels.Length, nameof(LogLoss));
        if (labels.Length == 0) throw new ArgumentException("LogLoss of zero samples is undefined.");
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0 or 1)) throw new ArgumentException($"LogLoss: label {labels[i]} at {i} is not 0 or 1.");
            double p = Math.Clamp((double)probabilities[i], epsilon, 1 - epsilon);
            if (double.IsNaN(p)) throw new ArgumentException($"LogLoss: probability at {i} is NaN.");
            sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }
}
