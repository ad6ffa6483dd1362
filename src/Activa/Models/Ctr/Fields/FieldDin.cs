using Activa.Data.Ctr.Features;
using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// Deep Interest Network on a feature batch: each attended sequence (a sequence whose vocabularyFrom names its candidate
/// field, <see cref="FieldLayout.Attended"/>) is pooled by a <see cref="LocalActivationUnit"/> with the candidate's
/// embedding as the query, v = Σⱼ a(kⱼ, q)·kⱼ; other bags and sequences are pooled as in DNN; then
/// [e₁ … e_F, dense] → MLP → logit. Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018.
/// </summary>
public sealed class FieldDin : FieldCtrModel
{
    private readonly LocalActivationUnit[] _attention;
    private readonly Sequential _mlp;

    /// <summary>Creates the model for <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">The layout has no attended sequence.</exception>
    public FieldDin(FieldLayout layout, CtrModelOptions options, Generator generator) : base(layout, options, generator)
    {
        if (layout.Attended.Count == 0)
            throw new ArgumentException(MissingHistory(layout.Slots.Where(s => s.Kind == FieldSlotKind.Sequence).Select(s => s.Field)));
        _attention = [.. layout.Attended.Select((_, i) => RegisterModule($"attention{i}",
            new LocalActivationUnit(Inputs.Dim, options.AttentionHidden, options.Activation, options.AttentionSoftmax, generator)))];
        _mlp = RegisterModule("mlp", Mlp(Inputs.Width, options.Hidden, options.Activation, 1, generator));
    }

    /// <summary>Checks, before any data is read, that <paramref name="schema"/> has a sequence DIN can attend.</summary>
    /// <exception cref="ArgumentException">It has none; the message says how to declare one.</exception>
    public static void CheckSchema(FeatureSchema schema)
    {
        var sequences = schema.Fields.Where(f => f.Kind == FieldKind.Sequence).ToArray();
        if (!sequences.Any(f => f.VocabularyFrom != null)) throw new ArgumentException(MissingHistory(sequences.Select(f => f.Name)));
    }

    private static string MissingHistory(IEnumerable<string> sequences)
    {
        var names = sequences.ToArray();
        return "DIN needs a sequence field that a candidate attends: declare the history as a \"sequence\" field with " +
               "\"vocabularyFrom\": \"<candidate categorical field>\" (e.g. a history of movieId values with vocabularyFrom movieId). " +
               (names.Length == 0 ? "The schema has no sequence field." : $"Sequence fields here without vocabularyFrom: {string.Join(", ", names)}.");
    }

    /// <summary>The attention weights of each attended sequence, [B, L] each (0 on padding).</summary>
    public IReadOnlyList<Tensor> AttentionWeights(FeatureBatch batch)
    {
        var x = Inputs.Forward(batch, attend: true);
        return [.. x.Histories.Select((h, i) => _attention[i].Weights(x.Slots[h.Candidate]!, h.Keys, h.Mask))];
    }

    /// <inheritdoc/>
    public override Tensor Logits(FeatureBatch batch)
    {
        var x = Inputs.Forward(batch, attend: true);
        for (int i = 0; i < x.Histories.Count; i++)
        {
            var h = x.Histories[i];
            x.Slots[h.Slot] = _attention[i].Pool(x.Slots[h.Candidate]!, h.Keys, h.Mask);
        }
        return _mlp.Forward(x.Flat()).Reshape(x.Count);
    }
}
