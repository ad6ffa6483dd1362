namespace Activa.Data.Ctr;

/// <summary>Collects behaviour samples one at a time (histories truncated to their most recent entries) into columns.</summary>
internal sealed class BehaviorSampleBuilder(int maxHistory)
{
    private readonly List<int> _user = [], _item = [], _category = [], _length = [], _hItems = [], _hCats = [];
    private readonly List<float> _labels = [];

    /// <summary>Number of samples added.</summary>
    public int Count => _labels.Count;

    /// <summary>Adds one sample whose history is the last <see cref="BehaviorSamples.MaxHistory"/> entries of the given ones.</summary>
    public void Add(int user, int item, int category, float label, ReadOnlySpan<int> historyItems, ReadOnlySpan<int> historyCategories)
    {
        int len = Math.Min(maxHistory, historyItems.Length), from = historyItems.Length - len;
        _user.Add(user);
        _item.Add(item);
        _category.Add(category);
        _labels.Add(label);
        _length.Add(len);
        for (int j = 0; j < maxHistory; j++)
        {
            _hItems.Add(j < len ? historyItems[from + j] : 0);
            _hCats.Add(j < len ? historyCategories[from + j] : 0);
        }
    }

    /// <summary>The samples added so far, checked.</summary>
    public BehaviorSamples Build(string name, int users, int items, int categories) =>
        new(name, maxHistory, users, items, categories, [.. _user], [.. _item], [.. _category], [.. _labels], [.. _hItems], [.. _hCats], [.. _length]);
}
