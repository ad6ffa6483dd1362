using Activa.Activations;
using Activa.Kernels;

namespace Activa;

public static partial class Functional
{
    /// <summary>
    /// Gated linear unit on a pre-activation <paramref name="input"/> [..., 2·d] split in halves along the last
    /// dimension: y = a ⊙ gate(b) with a = input[..., :d] (the value) and b = input[..., d:] (the gate), y [..., d].
    /// With the default sigmoid gate this is torch.nn.functional.glu(input, -1) (Dauphin et al., 2017); relu, gelu,
    /// silu and identity give ReGLU, GEGLU, SwiGLU and the bilinear unit (Shazeer, 2020). One fused pass forward and
    /// one backward (da = g ⊙ gate(b), db = g ⊙ a ⊙ gate′(b)), vectorised per activation struct.
    /// </summary>
    /// <param name="input">Pre-activation whose last dimension is even.</param>
    /// <param name="gate">Any fixed activation spec of the <see cref="Activation"/> registry, e.g. "sigmoid", "swish(beta=1.5)".</param>
    /// <exception cref="ArgumentException">Unknown activation.</exception>
    /// <exception cref="ShapeMismatchException">The last dimension is missing or odd.</exception>
    public static Tensor Glu(Tensor input, string gate = "sigmoid") => Glu(input, Activation.Create(gate));

    /// <summary>Gated linear unit with the activation <paramref name="gate"/> (see <see cref="Glu(Tensor, string)"/>).</summary>
    public static Tensor Glu(Tensor input, IActivation gate) => Glu(input, gate, GateKernel.For(gate));

    internal static Tensor Glu(Tensor input, IActivation gate, GateKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (input.Rank < 1 || input.Dims[^1] % 2 != 0)
            throw new ShapeMismatchException("glu", $"the last dimension must be even (value and gate halves), got {Shape.Format(input.Shape)}");
        var h = input.Contiguous();
        int half = h.Dims[^1] / 2, rows = half == 0 ? 0 : h.Numel / (2 * half);
        var outDims = (int[])h.Dims.Clone();
        outDims[^1] = half;
        var y = Tensor.Empty(outDims);
        kernel.Forward(h.Storage, h.Offset, y.Storage, rows, half);
        return Tensor.Record(y, "glu_" + gate.Info.Name, [input], g =>
        {
            var gc = g.Contiguous();
            var dh = Tensor.Empty(h.Dims);
            kernel.Backward(h.Storage, h.Offset, gc.Storage, gc.Offset, dh.Storage, rows, half);
            return [dh];
        });
    }
}
