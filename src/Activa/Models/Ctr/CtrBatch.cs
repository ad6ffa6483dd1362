using Activa.Data.Ctr;

namespace Activa.Models.Ctr;

/// <summary>
/// A batch of behaviour samples as the CTR models read it: ids as integer tensors, the history mask (1 for a
/// behaviour, 0 for padding) and the labels.
/// </summary>
public sealed class CtrBatch
{
    /// <summary>Number of samples B.</summary>
    public int Count { get; }
    /// <summary>History length L (the dataset's MaxHistory).</summary>
    public int HistoryLength { get; }
    /// <summary>User ids [B].</summary>
    public IntTensor User { get; }
    /// <summary>Candidate item ids [B].</summary>
    public IntTensor Item { get; }
    /// <summary>Candidate category ids [B].</summary>
    public IntTensor Category { get; }
    /// <summary>History item ids [B, L] (0 = padding).</summary>
    public IntTensor HistoryItems { get; }
    /// <summary>History category ids [B, L] (0 = padding).</summary>
    public IntTensor HistoryCategories { get; }
    /// <summary>1 where a behaviour is present, 0 on padding, [B, L].</summary>
    public Tensor Mask { get; }
    /// <summary>Labels [B] (0 or 1).</summary>
    public Tensor Labels { get; }
    /// <summary>User ids as plain integers (for gAUC).</summary>
    public int[] Users { get; }

    // The other id columns as plain arrays (what the tensors above were made from), for the regulariser.
    internal int[] ItemIds { get; }
    internal int[] CategoryIds { get; }
    internal int[] HistoryItemIds { get; }
    internal int[] HistoryCategoryIds { get; }

    /// <summary>Gathers the samples at <paramref name="indices"/> of <paramref name="data"/>.</summary>
    public CtrBatch(BehaviorSamples data, ReadOnlySpan<int> indices)
    {
        int b = indices.Length, l = data.MaxHistory;
        var user = new int[b];
        var item = new int[b];
        var category = new int[b];
        var labels = new float[b];
        var hItems = new int[b * l];
        var hCats = new int[b * l];
        var mask = new float[b * l];
        for (int k = 0; k < b; k++)
        {
            int i = indices[k];
            user[k] = data.User[i];
            item[k] = data.Item[i];
            category[k] = data.Category[i];
            labels[k] = data.Labels[i];
            Array.Copy(data.HistoryItems, i * l, hItems, k * l, l);
            Array.Copy(data.HistoryCategories, i * l, hCats, k * l, l);
            mask.AsSpan(k * l, data.HistoryLength[i]).Fill(1f);
        }
        Count = b;
        HistoryLength = l;
        Users = user;
        ItemIds = item;
        CategoryIds = category;
        HistoryItemIds = hItems;
        HistoryCategoryIds = hCats;
        User = new IntTensor(user, b);
        Item = new IntTensor(item, b);
        Category = new IntTensor(category, b);
        HistoryItems = new IntTensor(hItems, b, l);
        HistoryCategories = new IntTensor(hCats, b, l);
        Mask = Tensor.FromArray(mask, b, l);
        Labels = Tensor.FromArray(labels, b);
    }
}
