using Activa.Data.Ctr.Features;

namespace Activa.Models.Ctr.Fields;

/// <summary>How a field of a <see cref="FeatureBatch"/> reaches a model: one id, a bag of ids or a padded sequence.</summary>
public enum FieldSlotKind
{
    /// <summary>One id per sample (a categorical field or a bucketised numeric).</summary>
    Categorical,
    /// <summary>A multi-hot bag, pooled (sum or mean) into one vector.</summary>
    Bag,
    /// <summary>A padded sequence, pooled into one vector, or attended by DIN.</summary>
    Sequence,
}

/// <summary>One embedded field: its name, kind, embedding table and position within its group of the batch.</summary>
/// <param name="Field">Field name in the schema.</param>
/// <param name="Kind">How its ids come.</param>
/// <param name="Table">Index of its embedding table in <see cref="FieldLayout.Tables"/>.</param>
/// <param name="Column">Index within the batch's group: <see cref="FeatureBatch.CategoricalFields"/>, <see cref="FeatureBatch.Bags"/> or <see cref="FeatureBatch.Sequences"/>.</param>
public sealed record FieldSlot(string Field, FieldSlotKind Kind, int Table, int Column);

/// <summary>An embedding table: the field that owns its vocabulary and its number of rows (padding and out-of-vocabulary included).</summary>
/// <param name="Owner">The field whose vocabulary it embeds (fields with vocabularyFrom share their owner's table).</param>
/// <param name="Rows">Ids it holds.</param>
public sealed record FieldTable(string Owner, int Rows);

/// <summary>A sequence field that DIN attends with a candidate field: the sequence's vocabularyFrom field.</summary>
/// <param name="Sequence">Index of the sequence's slot in <see cref="FieldLayout.Slots"/>.</param>
/// <param name="Candidate">Index of the candidate's (categorical) slot.</param>
public sealed record AttendedSequence(int Sequence, int Candidate);

/// <summary>
/// What a fitted <see cref="FeaturePipeline"/> gives a model: one embedding table per vocabulary (a categorical field,
/// a bucketised numeric, a multi-hot or sequence field with a vocabulary of its own), one slot per embedded field in
/// schema order, the standardised numeric fields (dense inputs), and the sequences DIN can attend — every sequence
/// whose <c>vocabularyFrom</c> names a categorical field is attended with that field as the candidate (a history of
/// movie ids with vocabularyFrom movieId is attended by the candidate movieId; both share one table).
/// </summary>
public sealed class FieldLayout
{
    /// <summary>The embedding tables.</summary>
    public IReadOnlyList<FieldTable> Tables { get; }
    /// <summary>The embedded fields, in schema order: F slots.</summary>
    public IReadOnlyList<FieldSlot> Slots { get; }
    /// <summary>The standardised numeric fields, N dense inputs.</summary>
    public IReadOnlyList<string> NumericFields { get; }
    /// <summary>Sequences with the candidate field that attends them (DIN).</summary>
    public IReadOnlyList<AttendedSequence> Attended { get; }
    /// <summary>Names of the categorical-id fields, as <see cref="FeatureBatch.CategoricalFields"/> lists them.</summary>
    public IReadOnlyList<string> CategoricalFields { get; }

    /// <summary>The layout of the batches that <paramref name="pipeline"/> produces.</summary>
    public FieldLayout(FeaturePipeline pipeline)
    {
        var fields = pipeline.Schema.Fields;
        var tables = new List<FieldTable>();
        var tableOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in fields)
            if ((f.IsCategoricalId || f.Kind is FieldKind.MultiHot or FieldKind.Sequence) && f.VocabularyFrom is null)
            {
                tableOf[f.Name] = tables.Count;
                tables.Add(new FieldTable(f.Name, pipeline.IdCount(f.Name)));
            }
        var slots = new List<FieldSlot>();
        int categorical = 0, bags = 0, sequences = 0;
        foreach (var f in fields)
        {
            if (f.IsCategoricalId) slots.Add(new FieldSlot(f.Name, FieldSlotKind.Categorical, tableOf[f.Name], categorical++));
            else if (f.Kind == FieldKind.MultiHot) slots.Add(new FieldSlot(f.Name, FieldSlotKind.Bag, tableOf[f.VocabularyFrom ?? f.Name], bags++));
            else if (f.Kind == FieldKind.Sequence) slots.Add(new FieldSlot(f.Name, FieldSlotKind.Sequence, tableOf[f.VocabularyFrom ?? f.Name], sequences++));
        }
        var attended = new List<AttendedSequence>();
        for (int s = 0; s < slots.Count; s++)
            if (slots[s].Kind == FieldSlotKind.Sequence && pipeline.Schema.Field(slots[s].Field).VocabularyFrom is string owner)
                attended.Add(new AttendedSequence(s, slots.FindIndex(x => x.Field == owner)));
        Tables = tables;
        Slots = slots;
        NumericFields = [.. fields.Where(f => f.Kind == FieldKind.Numeric && !f.IsCategoricalId).Select(f => f.Name)];
        Attended = attended;
        CategoricalFields = [.. slots.Where(s => s.Kind == FieldSlotKind.Categorical).Select(s => s.Field)];
    }

    /// <summary>
    /// Checks that <paramref name="batch"/> has this layout's fields (it came from the same pipeline).
    /// </summary>
    /// <exception cref="ArgumentException">The batch's fields differ; the message names them.</exception>
    public void Check(FeatureBatch batch)
    {
        bool same = batch.CategoricalFields.SequenceEqual(CategoricalFields) && batch.NumericFields.SequenceEqual(NumericFields)
            && batch.Bags.Select(b => b.Field).SequenceEqual(Slots.Where(s => s.Kind == FieldSlotKind.Bag).Select(s => s.Field))
            && batch.Sequences.Select(q => q.Field).SequenceEqual(Slots.Where(s => s.Kind == FieldSlotKind.Sequence).Select(s => s.Field));
        if (!same)
            throw new ArgumentException($"The feature batch's fields ({string.Join(", ", batch.CategoricalFields.Concat(batch.NumericFields).Concat(batch.Bags.Select(b => b.Field)).Concat(batch.Sequences.Select(q => q.Field)))}) " +
                                        $"are not the model's ({string.Join(", ", Slots.Select(s => s.Field).Concat(NumericFields))}): encode it with the model's pipeline.");
    }
}
