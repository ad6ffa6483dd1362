using Activa.Kernels;

namespace Activa;

/// <summary>
/// A linear op's checked operands (x [..., in], W [out, in], b [out]) in contiguous form, and the two GEMMs of its
/// backward, shared by <see cref="Functional.Linear(Tensor, Tensor, Tensor?)"/> and <see cref="Functional.LinearActivation"/>.
/// </summary>
internal sealed class LinearShapes
{
    private LinearShapes(Tensor input, Tensor weight, Tensor? bias)
    {
        Input = input;
        Weight = weight;
        Bias = bias;
        X = input.Contiguous();
        W = weight.Contiguous();
        B = bias?.Contiguous();
        Out = weight.Dims[0];
        In = weight.Dims[1];
        Rows = 1;
        for (int d = 0; d < input.Rank - 1; d++) Rows *= input.Dims[d];
        OutDims = (int[])input.Dims.Clone();
        OutDims[^1] = Out;
        Inputs = bias != null ? [input, weight, bias] : [input, weight];
    }

    public Tensor Input { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    /// <summary>Contiguous x, W and b (the originals when they already are).</summary>
    public Tensor X { get; }
    public Tensor W { get; }
    public Tensor? B { get; }
    public int Rows { get; }
    public int In { get; }
    public int Out { get; }
    /// <summary>x's shape with the last dimension <see cref="Out"/>.</summary>
    public int[] OutDims { get; }
    /// <summary>The recorded inputs: x, W and b when there is one.</summary>
    public Tensor[] Inputs { get; }

    /// <exception cref="ShapeMismatchException">W not 2-D, x not ending in W's input size, or b not [out].</exception>
    public static LinearShapes Check(string op, Tensor input, Tensor weight, Tensor? bias)
    {
        if (weight.Rank != 2) throw new ShapeMismatchException(op, $"weight must be 2-D [out, in], got {Shape.Format(weight.Shape)}");
        int outF = weight.Dims[0], inF = weight.Dims[1];
        if (input.Rank < 1 || input.Dims[^1] != inF)
            throw new ShapeMismatchException(op, $"input {Shape.Format(input.Shape)} does not end in {inF} features (weight {Shape.Format(weight.Shape)})");
        if (bias != null && (bias.Rank != 1 || bias.Dims[0] != outF))
            throw new ShapeMismatchException(op, $"bias must have shape [{outF}], got {Shape.Format(bias.Shape)}");
        return new LinearShapes(input, weight, bias);
    }

    /// <summary>
    /// The gradients of x and W from the pre-activation gradient <paramref name="dz"/> ([rows, out], contiguous): dx = dz·W,
    /// dW = dzᵀ·x, each only when its tensor requires one; <paramref name="gb"/> is passed through as b's.
    /// </summary>
    public unsafe Tensor?[] Gradients(float* dz, Tensor? gb)
    {
        Tensor? gx = null, gw = null;
        int ldx = Math.Max(In, 1), ldz = Math.Max(Out, 1);
        fixed (float* px = X.Storage, pw = W.Storage)
        {
            if (Input.RequiresGrad)
            {
                gx = Tensor.Empty(Input.Dims);
                fixed (float* pgx = gx.Storage)
                    Gemm.Sgemm(false, false, Rows, In, Out, 1f, dz, ldz, pw + W.Offset, ldx, 0f, pgx, ldx);
            }
            if (Weight.RequiresGrad)
            {
                gw = Tensor.Empty(Weight.Dims);
                fixed (float* pgw = gw.Storage)
                    Gemm.Sgemm(true, false, Out, In, Rows, 1f, dz, ldz, px + X.Offset, ldx, 0f, pgw, ldx);
            }
        }
        return Bias != null ? [gx, gw, gb] : [gx, gw];
    }
}

/// <summary>A per-thread buffer for a fused layer's pre-activation gradient: used and done with inside one backward call.</summary>
internal static class LinearScratch
{
    [ThreadStatic] private static float[]? t_buffer;

    /// <summary>At least <paramref name="length"/> floats, valid until this thread's next call.</summary>
    public static float[] Rent(int length)
    {
        var b = t_buffer;
        if (b == null || b.Length < length) t_buffer = b = GC.AllocateUninitializedArray<float>(Math.Max(length, 16), pinned: true);
        return b;
    }
}
