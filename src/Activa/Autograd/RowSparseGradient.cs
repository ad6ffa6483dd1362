namespace Activa;

/// <summary>
/// The gradient of a [rows, dim] table restricted to the rows a batch touched: for large embedding
/// vocabularies, this is what makes a training step cost O(batch) rather than O(vocabulary).
/// </summary>
/// <remarks>Rows are unique and ascending; <see cref="Values"/> row i is the gradient of table row Rows[i].</remarks>
public sealed class RowSparseGradient
{
    /// <summary>Touched row indices, unique and ascending.</summary>
    public int[] Rows { get; }

    /// <summary>Gradient rows, shape [Rows.Length, dim].</summary>
    public Tensor Values { get; }

    /// <summary>Shape of the dense table this gradient belongs to.</summary>
    public int[] DenseShape { get; }

    internal RowSparseGradient(int[] rows, Tensor values, int[] denseShape)
    {
        Rows = rows;
        Values = values;
        DenseShape = denseShape;
    }

    /// <summary>
    /// Sums gradient rows that share an index: row <paramref name="indices"/>[i] receives
    /// <paramref name="rowGrads"/> row i. Duplicates are added in index order (deterministic).
    /// </summary>
    internal static RowSparseGradient Coalesce(int[] indices, float[] rowGrads, int dim, int[] denseShape, int skipRow = -1)
    {
        // Sort (index, position) pairs once: equal indices end up adjacent, in position order (deterministic sums).
        var keys = new long[indices.Length];
        int n = 0;
        for (int i = 0; i < indices.Length; i++)
            if (indices[i] != skipRow) keys[n++] = ((long)indices[i] << 32) | (uint)i;
        Array.Sort(keys, 0, n);
        int distinct = 0;
        for (int k = 0; k < n; k++)
            if (k == 0 || (keys[k] >> 32) != (keys[k - 1] >> 32)) distinct++;
        var unique = new int[distinct];
        var values = Tensor.Zeros(distinct, dim);
        var dst = values.Storage;
        for (int k = 0, u = -1; k < n; k++)
        {
            int index = (int)(keys[k] >> 32), position = (int)(uint)keys[k];
            if (u < 0 || unique[u] != index) unique[++u] = index;
            var row = dst.AsSpan(u * dim, dim);
            Kernels.Elementwise.Zip(new Kernels.AddOp(), row, rowGrads.AsSpan(position * dim, dim), row);
        }
        return new RowSparseGradient(unique, values, denseShape);
    }

    /// <summary>Adds another sparse gradient of the same table (for accumulation across backward calls).</summary>
    internal RowSparseGradient Add(RowSparseGradient other)
    {
        int dim = DenseShape[1];
        var indices = Rows.Concat(other.Rows).ToArray();
        var grads = Values.ToArray().Concat(other.Values.ToArray()).ToArray();
        return Coalesce(indices, grads, dim, DenseShape);
    }

    /// <summary>The equivalent dense gradient (for tests and for optimizers without a sparse path).</summary>
    public Tensor ToDense()
    {
        var dense = Tensor.Zeros(DenseShape);
        int dim = DenseShape[1];
        for (int i = 0; i < Rows.Length; i++)
            Values.Storage.AsSpan(i * dim, dim).CopyTo(dense.Storage.AsSpan(Rows[i] * dim, dim));
        return dense;
    }
}
