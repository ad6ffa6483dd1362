using Activa.Data.Ctr;

namespace Activa.Models.Ctr;

/// <summary>
/// Logistic regression on the same features, the weakest baseline: logit = b + w_user + w_item + w_category +
/// Σⱼ (w_itemⱼ + w_categoryⱼ) over the history — one learned scalar per id (embeddings of dimension 1).
/// </summary>
public sealed class CtrLogistic : CtrModel
{
    private readonly Tensor _bias;

    /// <summary>Creates the model for the vocabularies of <paramref name="data"/>.</summary>
    public CtrLogistic(CtrModelOptions options, CtrVocabulary data, Generator generator) : base(options, data, generator, dim: 1) =>
        _bias = RegisterParameter("bias", Tensor.Zeros(1));

    /// <inheritdoc/>
    public override Tensor Logits(CtrBatch b)
    {
        int n = b.Count;
        var history = Behaviours(b).Sum([1, 2]);                         // Σⱼ (w_itemⱼ + w_categoryⱼ), [B]
        return UserVector(b).Reshape(n).Add(Candidate(b).Sum(1)).Add(history).Add(_bias);
    }
}
