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

    /// <summary>
    /// Group AUC (gAUC), as DIN reports it: the AUC within each group (user), weighted by the group's number of samples
    /// (impressions), Σ nᵤ·AUCᵤ / Σ nᵤ; groups whose samples are all of one class have no AUC and are skipped.
    /// Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, a score is NaN, or no group has both classes.</exception>
    public static double GroupAuc(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, ReadOnlySpan<int> groups)
    {
        Classification.CheckLengths(scores.Length, labels.Length, nameof(GroupAuc));
        Classification.CheckLengths(scores.Length, groups.Length, nameof(GroupAuc));
        var byGroup = new Dictionary<int, List<int>>();
        for (int i = 0; i < groups.Length; i++)
        {
            if (!byGroup.TryGetValue(groups[i], out var list)) byGroup[groups[i]] = list = [];
            list.Add(i);
        }
        double weighted = 0;
        long weight = 0;
        foreach (var (_, members) in byGroup.OrderBy(p => p.Key))
        {
            int positives = 0;
            foreach (int i in members)
            {
                if (labels[i] is not (0 or 1)) throw new ArgumentException($"GroupAuc: label {labels[i]} at {i} is not 0 or 1.");
                positives += labels[i];
            }
            if (positives == 0 || positives == members.Count) continue;
            var s = new float[members.Count];
            var l = new int[members.Count];
            for (int k = 0; k < members.Count; k++) (s[k], l[k]) = (scores[members[k]], labels[members[k]]);
            weighted += members.Count * Auc(s, l);
            weight += members.Count;
        }
        if (weight == 0) throw new ArgumentException("GroupAuc: no group has both positive and negative samples.");
        return weighted / weight;
    }

    /// <summary>
    /// RelaImpr, DIN's relative improvement of a model's AUC over a base model's: ((AUC − 0.5)/(AUC_base − 0.5) − 1)·100 %.
    /// </summary>
    /// <exception cref="ArgumentException">The base AUC is not above 0.5 (no improvement over chance to compare with).</exception>
    public static double RelaImpr(double auc, double baseAuc)
    {
        if (!(baseAuc > 0.5)) throw new ArgumentException($"RelaImpr: the base model's AUC must be above 0.5, got {baseAuc}.");
        return ((auc - 0.5) / (baseAuc - 0.5) - 1) * 100;
    }
}
