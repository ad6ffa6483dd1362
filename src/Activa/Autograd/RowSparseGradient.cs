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
    /// Sums gradient rows that share an index: row <paramref name="indices"/>[i] receives <paramref name="grads"/> row
    /// <paramref name="source"/>[i] (row i when null) times <paramref name="scale"/>[that row] (1 when null), e.g. an
    /// embedding bag's output gradient and its mean scale. Duplicates are added in position order (deterministic);
    /// positions whose index is <paramref name="skipRow"/> (padding) are left out.
    /// </summary>
    internal static RowSparseGradient Coalesce(int[] indices, float[] grads, int gradsOffset, int[]? source, float[]? scale, int dim,
        int[] denseShape, int skipRow = -1)
    {
        // Sort (index, position) pairs once: equal indices end up adjacent, in position order.
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
            int row = source?[position] ?? position;
            Kernels.RowAdd.Scaled(dst, u * dim, grads, gradsOffset + row * dim, scale?[row] ?? 1f, dim);
        }
        return new RowSparseGradient(unique, values, denseShape);
    }

    /// <summary>Adds another sparse gradient of the same table (for accumulation across backward calls): one merge of
    /// the two ascending row lists, a shared row summed as this one's value plus the other's.</summary>
    internal RowSparseGradient Add(RowSparseGradient other)
    {
        int dim = DenseShape[1];
        int[] a = Rows, b = other.Rows;
        int shared = 0;
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j]) { shared++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        var rows = new int[a.Length + b.Length - shared];
        var values = Tensor.Zeros(rows.Length, dim);
        Tensor ta = Values.Contiguous(), tb = other.Values.Contiguous();
        float[] dst = values.Storage, va = ta.Storage, vb = tb.Storage;
        int ao = ta.Offset, bo = tb.Offset;
        for (int i = 0, j = 0, r = 0; r < rows.Length; r++)
        {
            bool takeA = j == b.Length || (i < a.Length && a[i] <= b[j]);
            bool takeB = i == a.Length || (j < b.Length && b[j] <= a[i]);
            rows[r] = takeA ? a[i] : b[j];
            if (takeA) Kernels.RowAdd.Scaled(dst, r * dim, va, ao + i++ * dim, 1f, dim);
            if (takeB) Kernels.RowAdd.Scaled(dst, r * dim, vb, bo + j++ * dim, 1f, dim);
        }
        return new RowSparseGradient(rows, values, DenseShape);
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
