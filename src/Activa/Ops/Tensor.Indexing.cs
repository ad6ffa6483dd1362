namespace Activa;

public sealed partial class Tensor
{
    /// <summary>
    /// Entries <paramref name="indices"/> of dimension <paramref name="axis"/> (as torch.index_select); the
    /// gradient is scatter-added back, so repeated indices accumulate (the embedding lookup pattern).
    /// </summary>
    public Tensor IndexSelect(int axis, IntTensor indices)
    {
        int d = Activa.Shape.Axis("index_select", axis, Rank);
        if (indices.Rank != 1) throw new ShapeMismatchException("index_select", $"indices must be 1-D, got shape {Activa.Shape.Format(indices.Dims)}");
        int size = Dims[d];
        var idx = indices.Data;
        for (int i = 0; i < idx.Length; i++)
            if ((uint)idx[i] >= (uint)size)
                throw new IndexOutOfRangeException($"index_select: index {idx[i]} at position {i} is out of range for dimension {d} of size {size}.");
        var x = Contiguous();
        var (outer, inner) = OuterInner(Dims, d);
        var outDims = (int[])Dims.Clone();
        outDims[d] = idx.Length;
        var result = Empty(outDims);
        for (int o = 0; o < outer; o++)
            for (int l = 0; l < idx.Length; l++)
                x.Storage.AsSpan(x.Offset + (o * size + idx[l]) * inner, inner).CopyTo(result.Storage.AsSpan((o * idx.Length + l) * inner, inner));
        var dims = Dims;
        return Record(result, "index_select", [this], g =>
        {
            var grad = Zeros(dims);
            IndexAddRows(grad.Storage, g.Contiguous(), idx, outer, size, inner);
            return [grad];
        });
    }

    /// <summary>IndexSelect with plain indices.</summary>
    public Tensor IndexSelect(int axis, params int[] indices) => IndexSelect(axis, new IntTensor(indices));

    /// <summary>dst[o, idx[l], :] += src[o, l, :], in index order (deterministic for repeated indices).</summary>
    internal static void IndexAddRows(float[] dst, Tensor src, int[] idx, int outer, int size, int inner)
    {
        for (int o = 0; o < outer; o++)
            for (int l = 0; l < idx.Length; l++)
            {
                var row = dst.AsSpan((o * size + idx[l]) * inner, inner);
                Kernels.Elementwise.Zip(new Kernels.AddOp(), row, src.Storage.AsSpan(src.Offset + (o * idx.Length + l) * inner, inner), row);
            }
    }

    private static (int Outer, int Inner) OuterInner(int[] dims, int d)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= dims[i];
        for (int i = d + 1; i < dims.Length; i++) inner *= dims[i];
        return (outer, inner);
    }

    /// <summary>
    /// out[i][j][k] = x[index[i][j][k]][j][k] for axis 0 (and likewise for other axes), as torch.gather. The
    /// index has the rank of x and no dimension larger than x's (except along <paramref name="axis"/>).
    /// </summary>
    public Tensor Gather(int axis, IntTensor index)
    {
        int d = CheckScatterIndex("gather", axis, index, this);
        var x = Contiguous();
        var result = Empty(index.Dims);
        var xs = Activa.Shape.ContiguousStrides(Dims);
        ForEachIndex(index, d, (flat, srcOffset) => result.Storage[flat] = x.Storage[x.Offset + srcOffset], xs);
        var dims = Dims;
        return Record(result, "gather", [this], g => [Zeros(dims).ScatterAddNoGrad(d, index, g.Contiguous())]);
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/> added at <paramref name="index"/> along
    /// <paramref name="axis"/>: out[index[i][j]][j] += source[i][j] for axis 0 (as torch.scatter_add).
    /// </summary>
    public Tensor ScatterAdd(int axis, IntTensor index, Tensor source)
    {
        int d = CheckScatterIndex("scatter_add", axis, index, this);
        if (!Activa.Shape.SameShape(index.Dims, source.Dims))
            throw new ShapeMismatchException("scatter_add", $"index shape {Activa.Shape.Format(index.Dims)} differs from source shape {Activa.Shape.Format(source.Dims)}");
        var result = new Tensor(ToArray(), (int[])Dims.Clone()).ScatterAddNoGrad(d, index, source.Contiguous());
        return Record(result, "scatter_add", [this, source], g => [g, source.RequiresGrad ? g.Gather(d, index) : null]);
    }

    private Tensor ScatterAddNoGrad(int d, IntTensor index, Tensor source)
    {
        var xs = Activa.Shape.ContiguousStrides(Dims);
        ForEachIndex(index, d, (flat, dstOffset) => Storage[dstOffset] += source.Storage[source.Offset + flat], xs);
        return this;
    }

    private static int CheckScatterIndex(string op, int axis, IntTensor index, Tensor x)
    {
        int d = Activa.Shape.Axis(op, axis, x.Rank);
        if (index.Rank != x.Rank)
            throw new ShapeMismatchException(op, $"index rank {index.Rank} differs from tensor rank {x.Rank} (shapes {Activa.Shape.Format(index.Dims)} and {Activa.Shape.Format(x.Dims)})");
        for (int i = 0; i < x.Rank; i++)
            if (i != d && index.Dims[i] > x.Dims[i])
                throw new ShapeMismatchException(op, $"index shape {Activa.Shape.Format(index.Dims)} exceeds tensor shape {Activa.Shape.Format(x.Dims)} in dimension {i}");
        for (int i = 0; i < index.Data.Length; i++)
            if ((uint)index.Data[i] >= (uint)x.Dims[d])
                throw new IndexOutOfRangeException($"{op}: index {index.Data[i]} at flat position {i} is out of range for dimension {d} of size {x.Dims[d]}.");
        return d;
    }

    /// <summary>Calls <paramref name="visit"/>(flat position in index, offset in a dense tensor with strides xs) with the index value substituted along d.</summary>
    private static void ForEachIndex(IntTensor index, int d, Action<int, int> visit, int[] xs)
    {
        int rank = index.Rank;
        Span<int> coord = stackalloc int[rank];
        for (int flat = 0; flat < index.Data.Length; flat++)
        {
            int off = 0;
            for (int i = 0; i < rank; i++) off += (i == d ? index.Data[flat] : coord[i]) * xs[i];
            visit(flat, off);
            for (int i = rank - 1; i >= 0; i--)
            {
                if (++coord[i] < index.Dims[i]) break;
                coord[i] = 0;
            }
        }
    }
}
