using Activa.Metrics;

namespace Activa.Data.Ctr;

/// <summary>
/// A synthetic click log with known ground truth, the zero-setup default of the CTR commands. Items fall into
/// categories and carry latent vectors near their category's centre; each user has two or three interests
/// (categories), a history drawn from them, and a user group. A candidate is drawn from the user's interests half of
/// the time, else uniformly. The click probability is
/// <code>p = σ(a · max_j ⟨v_candidate, v_history_j⟩ + b · w[group(user), category(candidate)] + c)</code>
/// — how close the candidate is to the most relevant behaviour (what DIN's attention can single out and sum pooling
/// dilutes), plus a multiplicative user-group × category interaction. Labels are Bernoulli(p); the AUC of p itself on
/// the test split is the ceiling no model beats on average (<see cref="BehaviorSplits.CeilingAuc"/>).
/// </summary>
public sealed record SyntheticClicks
{
    /// <summary>Number of users.</summary>
    public int Users { get; init; } = 1000;
    /// <summary>Number of items.</summary>
    public int Items { get; init; } = 1000;
    /// <summary>Number of item categories.</summary>
    public int Categories { get; init; } = 20;
    /// <summary>Samples (impressions) per user.</summary>
    public int SamplesPerUser { get; init; } = 20;
    /// <summary>Longest history; each user's length is uniform in [5, MaxHistory].</summary>
    public int MaxHistory { get; init; } = 30;
    /// <summary>Dimension of the latent item vectors.</summary>
    public int LatentDim { get; init; } = 8;
    /// <summary>Spread of an item's latent vector around its category's centre (per dimension, before normalising).</summary>
    public double ItemSpread { get; init; } = 0.15;
    /// <summary>Weight a of the relevance term.</summary>
    public double Relevance { get; init; } = 6.0;
    /// <summary>Weight b of the user-group × category interaction.</summary>
    public double Interaction { get; init; } = 0.5;
    /// <summary>Bias c.</summary>
    public double Bias { get; init; } = -4.0;
    /// <summary>Number of user groups in the interaction term.</summary>
    public int Groups { get; init; } = 4;
    /// <summary>Fraction of the samples in the validation split.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    /// <summary>Fraction of the samples in the test split (the rest trains).</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Generates the splits deterministically from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">A size or fraction out of range.</exception>
    public BehaviorSplits Generate(ulong seed = 0)
    {
        Validate();
        var rng = new Generator(seed);
        int d = LatentDim;
        var centres = new double[Categories][];
        for (int c = 0; c < Categories; c++) centres[c] = Unit(rng, d, null, 0);
        var itemCategory = new int[Items + 1];
        var vectors = new double[Items + 1][];
        var byCategory = Enumerable.Range(0, Categories + 1).Select(_ => new List<int>()).ToArray();
        for (int i = 1; i <= Items; i++)
        {
            // The first Categories items cover every category, so none is empty.
            int c = i <= Categories ? i : 1 + rng.NextInt(Categories);
            itemCategory[i] = c;
            vectors[i] = Unit(rng, d, centres[c - 1], ItemSpread);
            byCategory[c].Add(i);
        }
        var interaction = new double[Groups, Categories + 1];
        for (int g = 0; g < Groups; g++)
            for (int c = 1; c <= Categories; c++) interaction[g, c] = rng.NextNormal();

        int Pick(List<int> pool) => pool[rng.NextInt(pool.Count)];
        var builders = new[] { new BehaviorSampleBuilder(MaxHistory), new BehaviorSampleBuilder(MaxHistory), new BehaviorSampleBuilder(MaxHistory) };
        var truth = new List<double>[] { [], [], [] };
        for (int u = 1; u <= Users; u++)
        {
            int group = rng.NextInt(Groups);
            var interests = Enumerable.Range(0, 2 + rng.NextInt(2)).Select(_ => 1 + rng.NextInt(Categories)).ToArray();
            int length = 5 + rng.NextInt(MaxHistory - 4);
            var hItems = new int[length];
            for (int j = 0; j < length; j++)
            {
                hItems[j] = Pick(byCategory[interests[rng.NextInt(interests.Length)]]);
            }
            var hCats = hItems.Select(i => itemCategory[i]).ToArray();
            for (int s = 0; s < SamplesPerUser; s++)
            {
                int item = rng.NextDouble() < 0.5 ? Pick(byCategory[interests[rng.NextInt(interests.Length)]]) : 1 + rng.NextInt(Items);
                double best = double.NegativeInfinity;
                foreach (int h in hItems) best = Math.Max(best, Dot(vectors[item], vectors[h]));
                double z = Relevance * best + Interaction * interaction[group, itemCategory[item]] + Bias;
                double p = 1 / (1 + Math.Exp(-z));
                float label = rng.NextDouble() < p ? 1f : 0f;
                double r = rng.NextDouble();
                int split = r < TestFraction ? 2 : r < TestFraction + ValidationFraction ? 1 : 0;
                builders[split].Add(u, item, itemCategory[item], label, hItems, hCats);
                truth[split].Add(p);
            }
        }
        var test = builders[2].Build("synthetic/test", Users, Items, Categories);
        double? ceiling = test.Labels.Distinct().Count() == 2
            ? Binary.Auc([.. truth[2].Select(p => (float)p)], [.. test.Labels.Select(l => (int)l)])
            : null;
        return new BehaviorSplits("synthetic",
            builders[0].Build("synthetic/train", Users, Items, Categories),
            builders[1].Build("synthetic/validation", Users, Items, Categories),
            test, ceiling);
    }

    private void Validate()
    {
        if (Users < 1 || Items < Categories || Categories < 1 || SamplesPerUser < 1 || MaxHistory < 5 || LatentDim < 1 || Groups < 1)
            throw new ArgumentException($"SyntheticClicks: sizes out of range (users {Users}, items {Items} ≥ categories {Categories} ≥ 1, " +
                                        $"samples per user {SamplesPerUser} ≥ 1, max history {MaxHistory} ≥ 5, latent dim {LatentDim}, groups {Groups}).");
        if (!(ValidationFraction >= 0 && TestFraction > 0 && ValidationFraction + TestFraction < 1))
            throw new ArgumentException($"SyntheticClicks: fractions need validation ≥ 0, test > 0 and their sum < 1, got {ValidationFraction} and {TestFraction}.");
    }

    /// <summary>A random unit vector; near <paramref name="centre"/> (noise scale <paramref name="spread"/>) when given.</summary>
    private static double[] Unit(Generator rng, int d, double[]? centre, double spread)
    {
        var v = new double[d];
        for (int k = 0; k < d; k++) v[k] = (centre?[k] ?? 0) + (centre == null ? 1 : spread) * rng.NextNormal();
        double norm = Math.Sqrt(Dot(v, v));
        for (int k = 0; k < d; k++) v[k] /= norm;
        return v;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }
}
