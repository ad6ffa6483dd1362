using Activa.Kernels;

namespace Activa;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product: [m,k]·[k,n] → [m,n], or batched [b,m,k]·[b,k,n] → [b,m,n] where either side may also be
    /// 2-D (shared across the batch). A transposed view (e.g. <c>w.T</c>) is passed to GEMM as a transpose
    /// flag, never copied.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        var (a, b) = (this, other);
        if (a.Rank < 2 || a.Rank > 3 || b.Rank < 2 || b.Rank > 3)
            throw new ShapeMismatchException("matmul", $"needs 2-D or 3-D operands, got {Activa.Shape.Format(a.Dims)} and {Activa.Shape.Format(b.Dims)}");
        int m = a.Dims[^2], k = a.Dims[^1], k2 = b.Dims[^2], n = b.Dims[^1];
        if (k != k2)
            throw new ShapeMismatchException("matmul", $"inner dimensions differ: {Activa.Shape.Format(a.Dims)} @ {Activa.Shape.Format(b.Dims)} ({k} vs {k2})");
        int batchA = a.Rank == 3 ? a.Dims[0] : 1, batchB = b.Rank == 3 ? b.Dims[0] : 1;
        if (a.Rank == 3 && b.Rank == 3 && batchA != batchB && batchA != 1 && batchB != 1)
            throw new ShapeMismatchException("matmul", $"batch sizes differ: {Activa.Shape.Format(a.Dims)} @ {Activa.Shape.Format(b.Dims)}");
        int batch = Math.Max(batchA, batchB);
        bool batched = a.Rank == 3 || b.Rank == 3;
        var result = Empty(batched ? [batch, m, n] : [m, n]);
        MatMulInto(a, b, result, batch, m, n, k);
        return Record(result, "matmul", [a, b], g =>
        {
            // dA = g·Bᵀ and dB = Aᵀ·g, summed over the batch where an operand was shared across it
            Tensor? ga = a.RequiresGrad ? ReduceBatch(g.MatMul(b.Transpose(-1, -2)), a) : null;
            Tensor? gb = b.RequiresGrad ? ReduceBatch(a.Transpose(-1, -2).MatMul(g), b) : null;
            return [ga, gb];
        }, readsOutput: false);
    }

    private static Tensor ReduceBatch(Tensor grad, Tensor operand)
    {
        if (grad.Rank == operand.Rank && grad.Dims[0] == operand.Dims[0]) return grad;
        return operand.Rank == 2 ? grad.Sum(0) : grad.Sum(0, keepDim: true);
    }

    /// <summary>Reads a matrix operand's last two dimensions as GEMM wants them: transposed flag and leading dimension.</summary>
    private static (Tensor T, bool Trans, int Ld) GemmOperand(Tensor t)
    {
        int rs = t.Stride[^2], cs = t.Stride[^1], rows = t.Dims[^2], cols = t.Dims[^1];
        if (cs == 1 && rs >= Math.Max(1, cols)) return (t, false, Math.Max(rs, 1));
        if (rs == 1 && cs >= Math.Max(1, rows)) return (t, true, Math.Max(cs, 1));
        if (cols == 1 && rs >= 1) return (t, false, rs); // a column: only the row stride is ever used
        if (rows == 1 && cs >= 1) return (t, true, cs);  // a row: only the column stride is ever used
        var c = t.Detach().Contiguous();
        return (c, false, Math.Max(cols, 1));
    }

    private static unsafe void MatMulInto(Tensor a, Tensor b, Tensor result, int batch, int m, int n, int k)
    {
        if (m == 0 || n == 0) return;
        if (k == 0) { result.Storage.AsSpan(0, result.Numel).Clear(); return; }
        var (ta, transA, lda) = GemmOperand(a);
        var (tb, transB, ldb) = GemmOperand(b);
        long strideA = ta.Rank == 3 && ta.Dims[0] > 1 ? ta.Stride[0] : 0;
        long strideB = tb.Rank == 3 && tb.Dims[0] > 1 ? tb.Stride[0] : 0;
        fixed (float* pa = ta.Storage, pb = tb.Storage, pc = result.Storage)
        {
            if (batch == 1)
                Gemm.Sgemm(transA, transB, m, n, k, 1f, pa + ta.Offset, lda, pb + tb.Offset, ldb, 0f, pc, n);
            else
                Gemm.SgemmBatched(batch, transA, transB, m, n, k, 1f, pa + ta.Offset, lda, strideA, pb + tb.Offset, ldb, strideB, 0f, pc, n, (long)m * n);
        }
    }
}
