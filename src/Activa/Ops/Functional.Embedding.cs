namespace Activa;

/// <summary>How <see cref="Functional.EmbeddingBag"/> combines the rows of a bag.</summary>
public enum BagMode
{
    /// <summary>Sum of the rows.</summary>
    Sum,
    /// <summary>Mean of the rows (padding excluded; an empty bag gives zeros).</summary>
    Mean,
}

public static partial class Functional
{
    /// <summary>
    /// Pooled embedding lookup: bag b covers indices[offsets[b] .. offsets[b+1]) (the last bag runs to the
    /// end) and its output row is the sum or mean of those table rows, skipping <paramref name="paddingIndex"/>.
    /// One fused pass each way, with no [indices, dim] intermediate. With <paramref name="sparseGradient"/> the
    /// table's gradient is accumulated as a <see cref="RowSparseGradient"/> in <see cref="Tensor.SparseGrad"/>
    /// (only touched rows) instead of a dense <see cref="Tensor.Grad"/>.
    /// </summary>
    public static Tensor EmbeddingBag(Tensor weight, int[] indices, int[] offsets, BagMode mode = BagMode.Sum,
        int? paddingIndex = null, bool sparseGradient = false)
    {
        if (weight.Rank != 2) throw new ShapeMismatchException("embedding_bag", $"weight must be 2-D [rows, dim], got {Shape.Format(weight.Shape)}");
        int rows = weight.Dims[0], dim = weight.Dims[1];
        for (int i = 0; i < indices.Length; i++)
            if ((uint)indices[i] >= (uint)rows)
                throw new IndexOutOfRangeException($"embedding: index {indices[i]} at position {i} is out of range for a table of {rows} rows.");
        if (offsets.Length > 0 && offsets[0] != 0)
            throw new ArgumentException($"embedding_bag: offsets[0] must be 0 (every index belongs to a bag), got {offsets[0]}.");
        for (int b = 0; b < offsets.Length; b++)
            if (offsets[b] < 0 || offsets[b] > indices.Length || (b > 0 && offsets[b] < offsets[b - 1]))
                throw new ArgumentException($"embedding_bag: offsets must be non-decreasing within [0, {indices.Length}]; offsets[{b}] = {offsets[b]}.");
        int pad = paddingIndex ?? -1;
        var w = weight.Contiguous();
        int bags = offsets.Length;
        var scale = new float[bags];
        var output = Tensor.Zeros(bags, dim);
        var dst = output.Storage;
        for (int b = 0; b < bags; b++)
        {
            int from = offsets[b], to = b + 1 < bags ? offsets[b + 1] : indices.Length, count = 0;
            var row = dst.AsSpan(b * dim, dim);
            for (int i = from; i < to; i++)
            {
                if (indices[i] == pad) continue;
                Kernels.RowAdd.Scaled(dst, b * dim, w.Storage, w.Offset + indices[i] * dim, 1f, dim);
                count++;
            }
            scale[b] = mode == BagMode.Mean ? (count > 0 ? 1f / count : 0f) : 1f;
            if (scale[b] != 1f) Kernels.Elementwise.Map(new Kernels.AffineOp(scale[b], 0f), row, row);
        }
        return Tensor.Record(output, "embedding_bag", [weight], g =>
        {
            var gc = g.Contiguous();
            // the gradient of index i is its bag's output gradient times the bag's scale
            var bagOf = new int[indices.Length];
            for (int bag = 0; bag < bags; bag++)
                bagOf.AsSpan(offsets[bag], (bag + 1 < bags ? offsets[bag + 1] : indices.Length) - offsets[bag]).Fill(bag);
            if (sparseGradient)
            {
                var sparse = RowSparseGradient.Coalesce(indices, gc.Storage, gc.Offset, bagOf, scale, dim, [rows, dim], pad);
                weight.SparseGrad = weight.SparseGrad == null ? sparse : weight.SparseGrad.Add(sparse);
                return [null];
            }
            var dense = Tensor.Zeros(rows, dim);
            for (int i = 0; i < indices.Length; i++)
                if (indices[i] != pad) Kernels.RowAdd.Scaled(dense.Storage, indices[i] * dim, gc.Storage, gc.Offset + bagOf[i] * dim, scale[bagOf[i]], dim);
            return [dense];
        });
    }
}
