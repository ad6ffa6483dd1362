namespace Activa.Nn;

/// <summary>
/// A lookup table: row i is the vector of id i. Rows start N(0, 1) as in PyTorch; the padding row, if
/// any, starts at zero and never receives a gradient. With <c>sparse</c>, gradients are row-sparse
/// (<see cref="Tensor.SparseGrad"/>), which optimizers apply to the touched rows only.
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>The table [rows, dim].</summary>
    public Tensor Weight { get; }
    /// <summary>Id whose row stays zero and is never trained, or null.</summary>
    public int? PaddingIndex { get; }
    /// <summary>Whether gradients are row-sparse.</summary>
    public bool Sparse { get; }

    /// <summary>Creates the table.</summary>
    public Embedding(int rows, int dim, int? paddingIndex = null, bool sparse = false, Generator? generator = null)
    {
        Weight = RegisterParameter("weight", Table(nameof(Embedding), rows, dim, paddingIndex, generator));
        PaddingIndex = paddingIndex;
        Sparse = sparse;
    }

    /// <summary>A [rows, dim] table drawn from N(0, 1), the padding row zero; <paramref name="layer"/> names the layer in errors.</summary>
    internal static Tensor Table(string layer, int rows, int dim, int? paddingIndex, Generator? generator)
    {
        if (rows <= 0 || dim <= 0) throw new ArgumentOutOfRangeException(nameof(rows), $"{layer} needs positive sizes, got rows={rows}, dim={dim}.");
        if (paddingIndex is { } p && (p < 0 || p >= rows)) throw new ArgumentOutOfRangeException(nameof(paddingIndex), p, $"Padding index must be in [0, {rows}).");
        var w = Tensor.Randn([rows, dim], generator);
        if (paddingIndex is { } pad) w.Storage.AsSpan(pad * dim, dim).Clear();
        return w;
    }

    /// <summary>Looks up every id: output shape is the index shape followed by dim.</summary>
    public Tensor Forward(IntTensor indices)
    {
        var offsets = Enumerable.Range(0, indices.Numel).ToArray();
        var rows = Functional.EmbeddingBag(Weight, indices.Data, offsets, BagMode.Sum, PaddingIndex, Sparse);
        return RunHooks(indices, rows.Reshape([.. indices.Dims, Weight.Dims[1]]));
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"{Weight.Dims[0]}, {Weight.Dims[1]}{(PaddingIndex is { } p ? $", padding={p}" : "")}{(Sparse ? ", sparse" : "")}";
}

/// <summary>
/// Pools the rows of each bag of ids by sum or mean without materialising them (torch.nn.EmbeddingBag);
/// padding ids are skipped. Optional row-sparse gradients as in <see cref="Embedding"/>.
/// </summary>
public sealed class EmbeddingBag : Module
{
    /// <summary>The table [rows, dim].</summary>
    public Tensor Weight { get; }
    /// <summary>Pooling.</summary>
    public BagMode Mode { get; }
    /// <summary>Id skipped in every bag, or null.</summary>
    public int? PaddingIndex { get; }
    /// <summary>Whether gradients are row-sparse.</summary>
    public bool Sparse { get; }

    /// <summary>Creates the table.</summary>
    public EmbeddingBag(int rows, int dim, BagMode mode = BagMode.Mean, int? paddingIndex = null, bool sparse = false, Generator? generator = null)
    {
        Weight = RegisterParameter("weight", Embedding.Table(nameof(EmbeddingBag), rows, dim, paddingIndex, generator));
        Mode = mode;
        PaddingIndex = paddingIndex;
        Sparse = sparse;
    }

    /// <summary>Bags of equal length: indices [bags, length] → [bags, dim].</summary>
    public Tensor Forward(IntTensor indices)
    {
        if (indices.Rank != 2) throw new ShapeMismatchException("embedding_bag", $"fixed-length bags need 2-D indices [bags, length], got {Shape.Format(indices.Dims)}");
        int length = indices.Dims[1];
        var offsets = Enumerable.Range(0, indices.Dims[0]).Select(b => b * length).ToArray();
        return RunHooks(indices, Functional.EmbeddingBag(Weight, indices.Data, offsets, Mode, PaddingIndex, Sparse));
    }

    /// <summary>Bags of any length: bag b is indices[offsets[b] .. offsets[b+1]) → [offsets.Length, dim].</summary>
    public Tensor Forward(int[] indices, int[] offsets) =>
        RunHooks(new IntTensor(indices), Functional.EmbeddingBag(Weight, indices, offsets, Mode, PaddingIndex, Sparse));

    /// <inheritdoc/>
    public override string ExtraRepr() => $"{Weight.Dims[0]}, {Weight.Dims[1]}, mode={Mode}{(PaddingIndex is { } p ? $", padding={p}" : "")}{(Sparse ? ", sparse" : "")}";
}
