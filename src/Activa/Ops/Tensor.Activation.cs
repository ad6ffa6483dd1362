using Activa.Autograd;
using Activa.Kernels;

namespace Activa;

public sealed partial class Tensor
{
    /// <summary>
    /// Applies an activation operator: one fused forward pass, and on backward one fused pass computing
    /// g·f'(x, y). <paramref name="uses"/> says which of x and y the derivative reads: only that one is kept
    /// for backward and streamed from memory (it is passed in both slots of <see cref="IActivationOp.Derivative{TV}(TV, TV)"/>).
    /// </summary>
    public Tensor Apply<TOp>(TOp op, string name, Activations.DerivativeInput uses = Activations.DerivativeInput.Both) where TOp : struct, IActivationOp
    {
        var x = Contiguous();
        var y = Empty(Dims);
        Elementwise.Forward(op, x.Storage, x.Offset, y.Storage, 0, Numel);
        if (!RequiresGrad || !Autograd.GradMode.Enabled) return y;
        var (a, b) = uses switch
        {
            Activations.DerivativeInput.Input => (x, x),
            Activations.DerivativeInput.Output => (y, y),
            _ => (x, y),
        };
        return Record(y, name, [this], g =>
        {
            var gc = g.Contiguous();
            var gx = Empty(a.Dims);
            Elementwise.Backward(op, a.Storage, a.Offset, b.Storage, b.Offset, gc.Storage, gc.Offset, gx.Storage, 0, gx.Numel);
            return [gx];
        });
    }

    /// <summary>
    /// True when an activation whose derivative reads only its output may overwrite this tensor: gradients are
    /// off (the input is overwritten, as PyTorch's inplace=True does), or this tensor is a contiguous result of an op
    /// whose backward declared that it does not read its output (linear, matmul, add, sub, affine) and that no other
    /// recorded op has taken as an input yet (whose backward might read it).
    /// </summary>
    internal bool CanOverwriteForActivation(Activations.DerivativeInput uses)
    {
        if (!IsContiguous) return false;
        if (!GradMode.Enabled || !RequiresGrad) return true;
        return uses == Activations.DerivativeInput.Output && !_consumedByOp && GradFn is { ReadsOutput: false };
    }

    /// <summary>
    /// Applies an activation in place when <see cref="CanOverwriteForActivation"/> allows it (this tensor's
    /// storage then holds f(x) and is returned as a new tensor sharing it), and out of place otherwise.
    /// </summary>
    internal Tensor ApplyInPlace<TOp>(TOp op, string name, Activations.DerivativeInput uses) where TOp : struct, IActivationOp
    {
        if (!CanOverwriteForActivation(uses)) return Apply(op, name, uses);
        Elementwise.Forward(op, Storage, Offset, Storage, Offset, Numel);
        var y = new Tensor(Storage, Offset, Dims, Stride);
        return Record(y, name + "_", [this], g =>
        {
            var gc = g.Contiguous();
            var gx = Empty(y.Dims);
            Elementwise.Backward(op, y.Storage, y.Offset, y.Storage, y.Offset, gc.Storage, gc.Offset, gx.Storage, 0, gx.Numel);
            return [gx];
        });
    }

    /// <summary>ReLU: max(0, x). Nair &amp; Hinton, 2010.</summary>
    public Tensor Relu() => Apply(new Activations.ReluOp(), "relu", Activations.DerivativeInput.Input);

    /// <summary>Logistic sigmoid σ(x) = 1 / (1 + e^{−x}).</summary>
    public Tensor Sigmoid() => Apply(new Activations.SigmoidOp(), "sigmoid", Activations.DerivativeInput.Output);

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => Apply(new Activations.TanhOp(), "tanh", Activations.DerivativeInput.Output);
}
