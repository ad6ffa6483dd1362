namespace Activa.Data.Ctr;

/// <summary>
/// Click-through samples for behaviour-sequence models (DIN and its baselines): for each sample a user, a candidate
/// item with its category, the user's earlier behaviours (items and their categories, most recent last, at most
/// <see cref="MaxHistory"/>) and a 0/1 label. Stored column-wise; ids are dense and 1-based, 0 is padding (so an
/// embedding table of <see cref="Items"/> + 1 rows with padding row 0 serves every column).
/// </summary>
public sealed class BehaviorSamples
{
    /// <summary>Short name for messages ("movielens/train").</summary>
    public string Name { get; }
    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;
    /// <summary>Longest history kept; shorter ones are right-padded with 0.</summary>
    public int MaxHistory { get; }
    /// <summary>Number of users (ids 1..Users).</summary>
    public int Users { get; }
    /// <summary>Number of items (ids 1..Items).</summary>
    public int Items { get; }
    /// <summary>Number of categories (ids 1..Categories).</summary>
    public int Categories { get; }

    /// <summary>User of each sample.</summary>
    public int[] User { get; }
    /// <summary>Candidate item of each sample.</summary>
    public int[] Item { get; }
    /// <summary>Category of each candidate.</summary>
    public int[] Category { get; }
    /// <summary>Label of each sample: 1 clicked (a positive), 0 not.</summary>
    public float[] Labels { get; }
    /// <summary>History items, [Count × MaxHistory] row-major, oldest first, 0 after the history's end.</summary>
    public int[] HistoryItems { get; }
    /// <summary>Categories of the history items, laid out as <see cref="HistoryItems"/>.</summary>
    public int[] HistoryCategories { get; }
    /// <summary>Number of behaviours in each sample's history (0 to MaxHistory).</summary>
    public int[] HistoryLength { get; }

    /// <summary>Wraps the columns after checking that they agree.</summary>
    /// <exception cref="ArgumentException">Column lengths differ, an id is outside its range, a label is not 0 or 1, or a
    /// history has ids after its declared length.</exception>
    public BehaviorSamples(string name, int maxHistory, int users, int items, int categories, int[] user, int[] item, int[] category,
        float[] labels, int[] historyItems, int[] historyCategories, int[] historyLength)
    {
        int n = labels.Length;
        if (maxHistory < 1) throw new ArgumentException($"BehaviorSamples '{name}': MaxHistory must be positive, got {maxHistory}.");
        if (user.Length != n || item.Length != n || category.Length != n || historyLength.Length != n)
            throw new ArgumentException($"BehaviorSamples '{name}': per-sample columns disagree in length ({user.Length}, {item.Length}, {category.Length}, {n}, {historyLength.Length}).");
        if (historyItems.Length != (long)n * maxHistory || historyCategories.Length != historyItems.Length)
            throw new ArgumentException($"BehaviorSamples '{name}': history columns need {n} × {maxHistory} entries, got {historyItems.Length} and {historyCategories.Length}.");
        for (int i = 0; i < n; i++)
        {
            Check(name, "user", user[i], users, i);
            Check(name, "item", item[i], items, i);
            Check(name, "category", category[i], categories, i);
            if (labels[i] is not (0f or 1f)) throw new ArgumentException($"BehaviorSamples '{name}': label {labels[i]} of sample {i} is not 0 or 1.");
            int len = historyLength[i];
            if ((uint)len > (uint)maxHistory) throw new ArgumentException($"BehaviorSamples '{name}': history length {len} of sample {i} is outside [0, {maxHistory}].");
            for (int j = 0; j < maxHistory; j++)
            {
                int at = i * maxHistory + j, hi = historyItems[at], hc = historyCategories[at];
                if (j < len)
                {
                    Check(name, "history item", hi, items, i);
                    Check(name, "history category", hc, categories, i);
                }
                else if (hi != 0 || hc != 0)
                    throw new ArgumentException($"BehaviorSamples '{name}': sample {i} has a history entry at {j}, after its length {len}.");
            }
        }
        Name = name;
        MaxHistory = maxHistory;
        Users = users;
        Items = items;
        Categories = categories;
        User = user;
        Item = item;
        Category = category;
        Labels = labels;
        HistoryItems = historyItems;
        HistoryCategories = historyCategories;
        HistoryLength = historyLength;
    }

    private static void Check(string name, string what, int id, int count, int sample)
    {
        if (id < 1 || id > count) throw new ArgumentException($"BehaviorSamples '{name}': {what} id {id} of sample {sample} is outside [1, {count}].");
    }

    /// <summary>The id ranges and history length, what a model needs to be built for this data.</summary>
    public CtrVocabulary Vocabulary => new(Users, Items, Categories, MaxHistory);

    /// <summary>Fraction of positive labels.</summary>
    public double PositiveRate => Count == 0 ? 0 : Labels.Sum(l => (double)l) / Count;

    /// <summary>The samples at <paramref name="indices"/>, in that order (a copy), named <paramref name="name"/>.</summary>
    public BehaviorSamples Subset(ReadOnlySpan<int> indices, string? name = null)
    {
        int n = indices.Length, h = MaxHistory;
        var user = new int[n];
        var item = new int[n];
        var category = new int[n];
        var labels = new float[n];
        var length = new int[n];
        var hItems = new int[n * h];
        var hCats = new int[n * h];
        for (int k = 0; k < n; k++)
        {
            int i = indices[k];
            user[k] = User[i];
            item[k] = Item[i];
            category[k] = Category[i];
            labels[k] = Labels[i];
            length[k] = HistoryLength[i];
            Array.Copy(HistoryItems, i * h, hItems, k * h, h);
            Array.Copy(HistoryCategories, i * h, hCats, k * h, h);
        }
        return new BehaviorSamples(name ?? Name, h, Users, Items, Categories, user, item, category, labels, hItems, hCats, length);
    }
}

/// <summary>The sizes of a click log's id spaces (ids 1..N, 0 is padding) and its longest history.</summary>
/// <param name="Users">Number of users.</param>
/// <param name="Items">Number of items.</param>
/// <param name="Categories">Number of categories.</param>
/// <param name="MaxHistory">Longest history.</param>
public sealed record CtrVocabulary(int Users, int Items, int Categories, int MaxHistory);

/// <summary>A click-log dataset split three ways, with the vocabulary sizes its models need.</summary>
/// <param name="Name">Dataset name ("movielens", "synthetic").</param>
/// <param name="Train">Training samples.</param>
/// <param name="Validation">Validation samples (early stopping, model choice).</param>
/// <param name="Test">Test samples (reported once).</param>
/// <param name="CeilingAuc">For synthetic data, the AUC of the true click probabilities on the test split (what no
/// model can beat on average); null for real data.</param>
public sealed record BehaviorSplits(string Name, BehaviorSamples Train, BehaviorSamples Validation, BehaviorSamples Test, double? CeilingAuc = null);
