using Activa.Kernels;

namespace Activa;

/// <summary>Fused operations used by layers: each is one recorded op with a hand-written backward.</summary>
public static partial class Functional
{
    /// <summary>
    /// y = x·Wᵀ + b for x [..., in], W [out, in], b [out] (optional). One GEMM forward, the bias added to each tile of
    /// the output as the GEMM finishes it; backward dx = g·W, dW = gᵀ·x, db = Σ g over rows.
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
        var l = LinearShapes.Check("linear", input, weight, bias);
        var y = Tensor.Empty(l.OutDims);
        fixed (float* px = l.X.Storage, pw = l.W.Storage, pb = l.B?.Storage, py = y.Storage)
            Gemm.SgemmEpilogue(false, l.Rows, l.Out, l.In, px + l.X.Offset, Math.Max(l.In, 1), pw + l.W.Offset, Math.Max(l.In, 1),
                py, Math.Max(l.Out, 1), l.B == null ? default : new GemmEpilogue(EpilogueKernel.Identity, pb + l.B.Offset, null));
        return Tensor.Record(y, "linear", l.Inputs, g =>
        {
            var gc = g.Contiguous();
            var gb = bias is { RequiresGrad: true } ? gc.Reshape(l.Rows, l.Out).Sum(0) : null;
            fixed (float* pg = gc.Storage)
                return l.Gradients(pg + gc.Offset, gb);
        }, readsOutput: false, onRelease: recycleInput && ReferenceEquals(l.X, input) ? input.Recycle : null);
    }

    /// <summary>
    /// y = f(x·Wᵀ + b) as one op: the bias and the activation are applied to each tile of the GEMM's output while it is in
    /// cache, and only what the derivative reads is kept (the output, or also the pre-activation); backward multiplies
    /// the incoming gradient by f′ and reduces the bias gradient in one pass, then runs the two GEMMs of
    /// <see cref="Linear(Tensor, Tensor, Tensor?)"/>. Values equal the unfused <c>activation.Forward(Linear(x, W, b))</c>
    /// to rounding (the bias is added after the whole sum rather than before it); bit for bit when the sum fits one K
    /// block of the GEMM (256 inputs). An activation without a fused kernel (RReLU, which samples its slopes) runs unfused.
    /// </summary>
    /// <param name="input">x [..., in].</param>
    /// <param name="weight">W [out, in].</param>
    /// <param name="bias">b [out], or null.</param>
    /// <param name="activation">f, applied element-wise.</param>
    /// <param name="training">Passed to an unfused activation (RReLU samples its slopes when training).</param>
    public static Tensor LinearActivation(Tensor input, Tensor weight, Tensor? bias, Activations.IActivation activation, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (activation is not IEpilogueSource source) return activation.Forward(Linear(input, weight, bias), training);
        return LinearFused(LinearShapes.Check("linear", input, weight, bias), source.EpilogueKernel, activation.Info.Name, [], null);
    }

    /// <summary>
    /// y = f(x·Wᵀ + b) for a learnable activation's set kernel <typeparamref name="TOp"/> whose channels are the output
    /// features: as <see cref="LinearActivation"/>, the kernel's coefficients laid out per column
    /// (<see cref="SetEpilogueKernel{TOp}"/>); backward also returns the gradients of <paramref name="parameters"/>, made by
    /// <paramref name="gradients"/> from the per-set sums as the unfused <see cref="SetKernel.Apply{TOp}"/> makes them.
    /// </summary>
    internal static Tensor LinearSet<TOp>(string name, Tensor input, Tensor weight, Tensor? bias, int[] setOf, int groups, float[] coef,
        Tensor[] parameters, Func<double[], Tensor?[]>? gradients) where TOp : struct, ISetKernel
    {
        var l = LinearShapes.Check("linear", input, weight, bias);
        var kernel = new SetEpilogueKernel<TOp>(coef, setOf, groups, l.Out);
        return LinearFused(l, kernel, name, parameters, () =>
        {
            var result = gradients?.Invoke(kernel.Sums()) ?? new Tensor?[parameters.Length];
            kernel.ClearSums();
            return result;
        });
    }

    // One GEMM whose epilogue applies the kernel, recorded with the fused backward: the prologue (dz = g·f′, the bias
    // gradient and the kernel's own parameter sums in one pass), the two GEMMs, then the kernel's parameter gradients.
    private static unsafe Tensor LinearFused(LinearShapes l, EpilogueKernel kernel, string name, Tensor[] parameters, Func<Tensor?[]>? parameterGradients)
    {
        bool grad = Autograd.GradMode.Enabled && (l.Inputs.Any(t => t.RequiresGrad) || parameters.Any(t => t.RequiresGrad));
        var y = Tensor.Empty(l.OutDims);
        var z = grad && kernel.Uses != Activations.DerivativeInput.Output ? Tensor.Empty(l.OutDims) : null;
        fixed (float* px = l.X.Storage, pw = l.W.Storage, pb = l.B?.Storage, py = y.Storage, pz = z?.Storage)
            Gemm.SgemmEpilogue(false, l.Rows, l.Out, l.In, px + l.X.Offset, Math.Max(l.In, 1), pw + l.W.Offset, Math.Max(l.In, 1),
                py, Math.Max(l.Out, 1), new GemmEpilogue(kernel, l.B == null ? null : pb + l.B.Offset, pz));
        if (!grad) return y;
        var (a, b) = kernel.Uses switch
        {
            Activations.DerivativeInput.Input => (z!, z!),
            Activations.DerivativeInput.Output => (y, y),
            _ => (z!, y),
        };
        return Tensor.Record(y, "linear+" + name, [.. l.Inputs, .. parameters], g =>
        {
            var gc = g.Contiguous();
            var gb = l.Bias is { RequiresGrad: true } ? Tensor.Empty([l.Out]) : null;
            var dz = LinearScratch.Rent(l.Rows * l.Out);
            Tensor?[] linear;
            fixed (float* pg = gc.Storage, pa = a.Storage, pbs = b.Storage, pdz = dz, pgb = gb?.Storage)
            {
                kernel.Backward(pg + gc.Offset, pa + a.Offset, pbs + b.Offset, pdz, pgb, l.Rows, l.Out);
                linear = l.Gradients(pdz, gb);
            }
            return parameterGradients == null ? linear : [.. linear, .. parameterGradients()];
        }, readsOutput: kernel.Uses != Activations.DerivativeInput.Input, onRelease: z == null ? null : z.Recycle);
    }
}
