namespace Activa.Kernels;

/// <summary>
/// z = f(a, b) over three strided views of one shape (a broadcast operand has stride 0). Dimensions that
/// are laid out back to back in every operand are merged first, so most calls reduce to a few long
/// contiguous (or scalar-broadcast) rows handled by the vectorised loops of <see cref="Elementwise"/>.
/// </summary>
internal static class StridedZip
{
    public static void Run<TOp>(TOp op, int[] dims, float[] a, int ao, int[] sa, float[] b, int bo, int[] sb, float[] z, int zo, int[] sz)
        where TOp : struct, IBinaryOp
    {
        var (shape, strides) = Coalesce(dims, [sa, sb, sz]);
        int rank = shape.Length;
        if (rank == 0)
        {
            z[zo] = op.Apply(new Float1(a[ao]), new Float1(b[bo])).V;
            return;
        }
        int inner = shape[rank - 1];
        long total = 1;
        foreach (int d in shape) total *= d;
        if (total == 0) return;
        int rows = (int)(total / inner);
        if (rows == 1 && strides[0][rank - 1] == 1 && strides[1][rank - 1] == 1 && strides[2][rank - 1] == 1)
        {
            Elementwise.Zip(op, a, ao, b, bo, z, zo, inner);
            return;
        }
        var job = new Job<TOp>(op, shape, strides, a, ao, b, bo, z, zo);
        int rowsPerItem = Math.Max(1, Elementwise.ParallelChunk / inner);
        int items = total < 2 * Elementwise.ParallelChunk ? 1 : (rows + rowsPerItem - 1) / rowsPerItem;
        if (items == 1) job.Rows(0, rows);
        else Parallelism.For(items, new Body<TOp>(job, rowsPerItem, rows));
    }

    private readonly struct Body<TOp>(Job<TOp> job, int rowsPerItem, int rows) : IParallelBody where TOp : struct, IBinaryOp
    {
        public void Run(int index)
        {
            int start = index * rowsPerItem;
            job.Rows(start, Math.Min(rows, start + rowsPerItem));
        }
    }

    private sealed class Job<TOp>(TOp op, int[] shape, int[][] strides, float[] a, int ao, float[] b, int bo, float[] z, int zo)
        where TOp : struct, IBinaryOp
    {
        public void Rows(int from, int to)
        {
            int rank = shape.Length, inner = shape[rank - 1];
            int ia = strides[0][rank - 1], ib = strides[1][rank - 1], iz = strides[2][rank - 1];
            for (int r = from; r < to; r++)
            {
                int oa = ao, ob = bo, oz = zo, rem = r;
                for (int d = rank - 2; d >= 0; d--)
                {
                    int k = rem % shape[d];
                    rem /= shape[d];
                    oa += k * strides[0][d];
                    ob += k * strides[1][d];
                    oz += k * strides[2][d];
                }
                if (iz == 1 && ia == 1 && ib == 1) Elementwise.Zip(op, a.AsSpan(oa, inner), b.AsSpan(ob, inner), z.AsSpan(oz, inner));
                else if (iz == 1 && ia == 1 && ib == 0) Elementwise.ZipScalarRight(op, a.AsSpan(oa, inner), b[ob], z.AsSpan(oz, inner));
                else if (iz == 1 && ia == 0 && ib == 1) Elementwise.ZipScalarLeft(op, a[oa], b.AsSpan(ob, inner), z.AsSpan(oz, inner));
                else
                    for (int j = 0; j < inner; j++) z[oz + j * iz] = op.Apply(new Float1(a[oa + j * ia]), new Float1(b[ob + j * ib])).V;
            }
        }
    }

    /// <summary>Drops size-1 dimensions and merges neighbours that are contiguous in every operand.</summary>
    internal static (int[] Shape, int[][] Strides) Coalesce(int[] dims, int[][] strides)
    {
        var shape = new List<int>();
        var st = new List<int>[strides.Length];
        for (int k = 0; k < strides.Length; k++) st[k] = [];
        for (int d = 0; d < dims.Length; d++)
        {
            if (dims[d] == 1) continue;
            int last = shape.Count - 1;
            bool merge = last >= 0;
            for (int k = 0; k < strides.Length && merge; k++)
                merge = st[k][last] == strides[k][d] * dims[d];
            if (merge)
            {
                shape[last] *= dims[d];
                for (int k = 0; k < strides.Length; k++) st[k][last] = strides[k][d];
            }
            else
            {
                shape.Add(dims[d]);
                for (int k = 0; k < strides.Length; k++) st[k].Add(strides[k][d]);
            }
        }
        var result = new int[strides.Length][];
        for (int k = 0; k < strides.Length; k++) result[k] = [.. st[k]];
        return ([.. shape], result);
    }
}
