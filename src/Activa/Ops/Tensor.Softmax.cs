using Activa.Kernels;

namespace Activa;

public sealed partial class Tensor
{
    /// <summary>softmax(x)ᵢ = e^{xᵢ − max} / Σⱼ e^{xⱼ − max} along <paramref name="axis"/>.</summary>
    public Tensor Softmax(int axis = -1) => SoftmaxImpl(axis, log: false);

    /// <summary>log softmax(x)ᵢ = xᵢ − max − log Σⱼ e^{xⱼ − max} along <paramref name="axis"/>.</summary>
    public Tensor LogSoftmax(int axis = -1) => SoftmaxImpl(axis, log: true);

    private Tensor SoftmaxImpl(int axis, bool log)
    {
        string name = log ? "log_softmax" : "softmax";
        int d = Activa.Shape.Axis(name, axis, Rank);
        if (d != Rank - 1) return Transpose(d, -1).SoftmaxImpl(-1, log).Transpose(d, -1);
        var x = Contiguous();
        int n = Dims[d], rows = n == 0 ? 0 : Numel / n;
        var y = Empty(Dims);
        SoftmaxKernel.Forward(x.Storage, x.Offset, y.Storage, rows, n, log);
        return Record(y, name, [this], g =>
        {
            // softmax: dx = y·(g − Σ g·y);  log-softmax: dx = g − softmax·Σ g
            if (log) return [g.Sub(y.Exp().Mul(g.Sum(-1, keepDim: true)))];
            return [y.Mul(g.Sub(g.Mul(y).Sum(-1, keepDim: true)))];
        });
    }
}
