using Activa.Data.Ctr.Features;
using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// The input adapter of the field models: turns a <see cref="FeatureBatch"/> into <see cref="FieldInputs"/> — a
/// categorical field (or bucketised numeric) looks up its id, a multi-hot field pools its bag (sum or mean, padding
/// skipped, an empty bag gives zeros), a sequence pools its items the same way or, for DIN, stays [B, L, d] with its
/// mask; standardised numerics pass through as dense inputs. One table per vocabulary (<see cref="FieldLayout.Tables"/>):
/// a sequence with vocabularyFrom shares its candidate's table, so behaviours and candidate live in one space. Row 0 is
/// padding (zero, never trained); row 1 the out-of-vocabulary id.
/// </summary>
public sealed class FieldEmbeddings : Module
{
    private readonly Embedding[] _tables;
    private readonly int[] _tableOf;    // slot → index into _tables

    /// <summary>The layout the tables were built for.</summary>
    public FieldLayout Layout { get; }
    /// <summary>Embedding dimension d.</summary>
    public int Dim { get; }
    /// <summary>Pooling of multi-hot fields and of sequences that are not attended.</summary>
    public BagMode Pooling { get; }
    /// <summary>Width of <see cref="FieldInputs.Flat"/>: F·d + N.</summary>
    public int Width => Layout.Slots.Count * Dim + Layout.NumericFields.Count;

    /// <summary>Whether fields with vocabularyFrom share their owner's table (else every slot has a table of its own).</summary>
    public bool Shared { get; }

    /// <summary>
    /// Creates one table per vocabulary of <paramref name="layout"/> (or, with <paramref name="shared"/> false, one per
    /// slot: what logistic regression needs, where a shared scalar would make a history item's weight its weight as a
    /// candidate), rows drawn from N(0, initStd²).
    /// </summary>
    /// <exception cref="ArgumentException">A non-positive dimension, or a layout without embedded fields and numerics.</exception>
    public FieldEmbeddings(FieldLayout layout, int dim, BagMode pooling, bool sparse, float initStd, Generator generator, bool shared = true)
    {
        if (dim < 1) throw new ArgumentException($"Field embeddings: the dimension must be positive, got {dim}.");
        if (layout.Slots.Count == 0 && layout.NumericFields.Count == 0) throw new ArgumentException("Field embeddings: the schema has no fields.");
        Layout = layout;
        Dim = dim;
        Pooling = pooling;
        Shared = shared;
        _tableOf = [.. layout.Slots.Select((s, i) => shared ? s.Table : i)];
        var rows = shared ? layout.Tables.Select(t => t.Rows).ToArray() : [.. layout.Slots.Select(s => layout.Tables[s.Table].Rows)];
        _tables = new Embedding[rows.Length];
        for (int t = 0; t < _tables.Length; t++)
        {
            var e = new Embedding(rows[t], dim, paddingIndex: 0, sparse: sparse, generator: generator);
            var w = e.Weight.Storage.AsSpan(0, e.Weight.Numel);
            for (int i = 0; i < w.Length; i++) w[i] *= initStd;
            // Indexed names: field names come from file headers and may hold any character.
            _tables[t] = RegisterModule($"table{t}", e);
        }
    }

    /// <summary>The table of slot <paramref name="slot"/>.</summary>
    public Embedding TableOf(int slot) => _tables[_tableOf[slot]];

    /// <summary>Embeds <paramref name="batch"/>; with <paramref name="attend"/> the attended sequences stay unpooled in <see cref="FieldInputs.Histories"/>.</summary>
    /// <exception cref="ArgumentException">The batch does not come from this layout's pipeline.</exception>
    public FieldInputs Forward(FeatureBatch batch, bool attend = false)
    {
        Layout.Check(batch);
        int n = batch.Count;
        var slots = new Tensor?[Layout.Slots.Count];
        var histories = new List<FieldHistory>();
        for (int s = 0; s < slots.Length; s++)
        {
            var slot = Layout.Slots[s];
            var table = _tables[_tableOf[s]];
            switch (slot.Kind)
            {
                case FieldSlotKind.Categorical:
                    slots[s] = table.Forward(new IntTensor(Column(batch, slot.Column), [n], noCopy: true));
                    break;
                case FieldSlotKind.Bag:
                    var bag = batch.Bags[slot.Column];
                    slots[s] = Functional.EmbeddingBag(table.Weight, bag.Ids, bag.Offsets[..n], Pooling, 0, table.Sparse);
                    break;
                default:
                    var seq = batch.Sequences[slot.Column];
                    int l = seq.MaxLength;
                    if (attend && Layout.Attended.FirstOrDefault(a => a.Sequence == s) is { } att)
                        histories.Add(new FieldHistory(s, att.Candidate, table.Forward(new IntTensor(seq.Ids, [n, l], noCopy: true)),
                            Tensor.FromArray(seq.Mask(), n, l)));
                    else
                        slots[s] = Functional.EmbeddingBag(table.Weight, seq.Ids, [.. Enumerable.Range(0, n).Select(i => i * l)], Pooling, 0, table.Sparse);
                    break;
            }
        }
        var dense = Layout.NumericFields.Count > 0 ? Tensor.FromArray(batch.Numeric, n, Layout.NumericFields.Count) : null;
        return new FieldInputs(n, slots, dense, histories);
    }

    private static int[] Column(FeatureBatch batch, int column)
    {
        int c = batch.CategoricalFields.Count;
        var ids = new int[batch.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = batch.Categorical[i * c + column];
        return ids;
    }

    /// <summary>Each table with the ids <paramref name="batch"/> reads from it (for mini-batch-aware regularisation).</summary>
    internal IEnumerable<(Embedding Table, IEnumerable<int> Ids)> TablesOf(FeatureBatch batch)
    {
        var ids = _tables.Select(_ => new List<int>()).ToArray();
        for (int s = 0; s < Layout.Slots.Count; s++)
        {
            var slot = Layout.Slots[s];
            ids[_tableOf[s]].AddRange(slot.Kind switch
            {
                FieldSlotKind.Categorical => Column(batch, slot.Column),
                FieldSlotKind.Bag => batch.Bags[slot.Column].Ids,
                _ => batch.Sequences[slot.Column].Ids,
            });
        }
        return _tables.Select((t, i) => (t, (IEnumerable<int>)ids[i]));
    }

    /// <summary>The embedding tables (in <see cref="FieldLayout.Tables"/> order when shared, else one per slot).</summary>
    internal IReadOnlyList<Embedding> Tables => _tables;
}
