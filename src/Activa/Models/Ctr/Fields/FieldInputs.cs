namespace Activa.Models.Ctr.Fields;

/// <summary>
/// A sequence left unpooled for attention: its behaviour vectors, mask and the slot of its candidate.
/// </summary>
/// <param name="Slot">The sequence's slot (its entry in <see cref="FieldInputs.Slots"/> is null until pooled).</param>
/// <param name="Candidate">The candidate's slot: <c>Slots[Candidate]</c> is the query q, [B, d].</param>
/// <param name="Keys">Behaviour vectors kⱼ, [B, L, d]; padding rows are zero.</param>
/// <param name="Mask">1 at a behaviour, 0 at padding, [B, L].</param>
public sealed record FieldHistory(int Slot, int Candidate, Tensor Keys, Tensor Mask);

/// <summary>
/// What <see cref="FieldEmbeddings"/> makes of a feature batch: one d-vector per embedded field (slot), the dense
/// numeric inputs, and — when asked — the attended sequences unpooled. The model heads read only this.
/// </summary>
public sealed class FieldInputs
{
    /// <summary>Number of samples B.</summary>
    public int Count { get; }
    /// <summary>One [B, d] tensor per slot, in <see cref="FieldLayout.Slots"/> order; attended sequences are null until a head pools them.</summary>
    public Tensor?[] Slots { get; }
    /// <summary>The standardised numeric fields, [B, N], or null when the schema has none.</summary>
    public Tensor? Dense { get; }
    /// <summary>The sequences left unpooled for attention (empty unless asked for).</summary>
    public IReadOnlyList<FieldHistory> Histories { get; }

    /// <summary>Wraps the parts.</summary>
    public FieldInputs(int count, Tensor?[] slots, Tensor? dense, IReadOnlyList<FieldHistory> histories)
    {
        Count = count;
        Slots = slots;
        Dense = dense;
        Histories = histories;
    }

    private Tensor[] Filled() =>
        [.. Slots.Select((s, i) => s ?? throw new InvalidOperationException($"Field slot {i} (an attended sequence) has not been pooled."))];

    /// <summary>The slot vectors side by side, [B, F, d] (for factorisation machines).</summary>
    public Tensor Stacked() => Tensor.Stack(Filled(), 1);

    /// <summary>Every slot vector, then the dense inputs, concatenated: [B, F·d + N] (an MLP's input).</summary>
    public Tensor Flat()
    {
        var parts = Filled().ToList();
        if (Dense != null) parts.Add(Dense);
        return parts.Count == 1 ? parts[0] : Tensor.Concat(parts, 1);
    }
}
