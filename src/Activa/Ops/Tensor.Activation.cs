using Activa.Kernels;

namespace Activa;

public sealed partial class Tensor
{
    /// <summary>
    /// Applies an activation operator: one fused forward pass, and on backward one fused pass computing
    /// g·f'(x, y) from the saved input and output.
    /// </summary>
    public Tensor Apply<TOp>(TOp op, string name) where TOp : struct, IActivationOp
    {
        var x = Contiguous();
        var y = Empty(Dims);
        Elementwise.Forward(op, x.Storage, x.Offset, y.Storage, 0, Numel);
        return Record(y, name, [this], g =>
        {
            var gc = g.Contiguous();
            var gx = Empty(x.Dims);
            Elementwise.Backward(op, x.Storage, x.Offset, y.Storage, 0, gc.Storage, gc.Offset, gx.Storage, 0, gx.Numel);
            return [gx];
        });
    }

    /// <summary>ReLU: max(0, x). Nair &amp; Hinton, 2010.</summary>
    public Tensor Relu() => Apply(new Activations.ReluOp(), "relu");

    /// <summary>Logistic sigmoid σ(x) = 1 / (1 + e^{−x}).</summary>
    public Tensor Sigmoid() => Apply(new Activations.SigmoidOp(), "sigmoid");

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => Apply(new Activations.TanhOp(), "tanh");
}
