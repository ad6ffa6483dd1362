using Activa.Kernels;

namespace Activa;

/// <summary>Fused operations used by layers: each is one recorded op with a hand-written backward.</summary>
public static partial class Functional
{
    /// <summary>
    /// y = x·Wᵀ + b for x [..., in], W [out, in], b [out] (optional). One GEMM forward (the bias is
    /// written first and accumulated with beta = 1); backward dx = g·W, dW = gᵀ·x, db = Σ g over rows.
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => LinearCore(input, weight, bias, recycleInput: false);

    /// <summary>
    /// <see cref="Linear(Tensor, Tensor, Tensor?)"/> for an input that belongs to the caller and that nothing but this op
    /// reads (a layer's own intermediate, such as a KAN layer's features): once a backward pass has used the op, the
    /// input's buffer goes back to the storage pool, so the next step's intermediate of that size is not fresh memory.
    /// Without a graph the caller recycles it itself.
    /// </summary>
    internal static Tensor LinearOwningInput(Tensor input, Tensor weight, Tensor? bias) => LinearCore(input, weight, bias, recycleInput: true);

    private static unsafe Tensor LinearCore(Tensor input, Tensor weight, Tensor? bias, bool recycleInput)
    {
        if (weight.Rank != 2) throw new ShapeMismatchException("linear", $"weight must be 2-D [out, in], got {Shape.Format(weight.Shape)}");
        int outF = weight.Dims[0], inF = weight.Dims[1];
        if (input.Rank < 1 || input.Dims[^1] != inF)
            throw new ShapeMismatchException("linear", $"input {Shape.Format(input.Shape)} does not end in {inF} features (weight {Shape.Format(weight.Shape)})");
        if (bias != null && (bias.Rank != 1 || bias.Dims[0] != outF))
            throw new ShapeMismatchException("linear", $"bias must have shape [{outF}], got {Shape.Format(bias.Shape)}");
        var x = input.Contiguous();
        var w = weight.Contiguous();
        var b = bias?.Contiguous();
        int rows = inF == 0 ? 0 : x.Numel / inF;
        var outDims = (int[])input.Dims.Clone();
        outDims[^1] = outF;
        var y = Tensor.Empty(outDims);
        if (b != null)
            for (int r = 0; r < rows; r++) b.Storage.AsSpan(b.Offset, outF).CopyTo(y.Storage.AsSpan(r * outF, outF));
        fixed (float* px = x.Storage, pw = w.Storage, py = y.Storage)
            Gemm.Sgemm(false, true, rows, outF, inF, 1f, px + x.Offset, Math.Max(inF, 1), pw + w.Offset, Math.Max(inF, 1),
                b != null ? 1f : 0f, py, Math.Max(outF, 1));
        Tensor[] inputs = bias != null ? [input, weight, bias] : [input, weight];
        return Tensor.Record(y, "linear", inputs, g =>
        {
            var gc = g.Contiguous();
            Tensor? gx = null, gw = null, gb = null;
            fixed (float* pg = gc.Storage, px = x.Storage, pw = w.Storage)
            {
                if (input.RequiresGrad)
                {
                    gx = Tensor.Empty(input.Dims);
                    fixed (float* pgx = gx.Storage)
                        Gemm.Sgemm(false, false, rows, inF, outF, 1f, pg + gc.Offset, Math.Max(outF, 1), pw + w.Offset, Math.Max(inF, 1), 0f, pgx, Math.Max(inF, 1));
                }
                if (weight.RequiresGrad)
                {
                    gw = Tensor.Empty(weight.Dims);
                    fixed (float* pgw = gw.Storage)
                        Gemm.Sgemm(true, false, outF, inF, rows, 1f, pg + gc.Offset, Math.Max(outF, 1), px + x.Offset, Math.Max(inF, 1), 0f, pgw, Math.Max(inF, 1));
                }
            }
            if (bias is { RequiresGrad: true }) gb = gc.Reshape(rows, outF).Sum(0);
            return bias != null ? [gx, gw, gb] : [gx, gw];
        }, readsOutput: false, onRelease: recycleInput && ReferenceEquals(x, input) ? input.Recycle : null);
    }
}
