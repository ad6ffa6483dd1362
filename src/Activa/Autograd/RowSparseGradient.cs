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
        var unique = indices.Where(r => r != skipRow).Distinct().Order().ToArray();
        var position = new Dictionary<int, int>(unique.Length);
        for (int i = 0; i < unique.Length; i++) position[unique[i]] = i;
        var values = Tensor.Zeros(unique.Length, dim);
        var dst = values.Storage;
        for (int i = 0; i < indices.Length; i++)
        {
            if (indices[i] == skipRow) continue;
            var row = dst.AsSpan(position[indices[i]] * dim, dim);
            Kernels.Elementwise.Zip(new Kernels.AddOp(), row, rowGrads.AsSpan(i * dim, dim), row);
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
