using Activa.Kernels;

namespace Activa.Kan;

/// <summary>
/// A basis evaluated element by element: a subclass writes the forward values and the backward sums of one span of
/// inputs, and this class builds the feature tensor in one pass (SiLU base and the basis of each input side by side, no
/// per-function temporaries), splits rows across threads and records the op for autograd.
/// </summary>
public abstract class PointwiseKanBasis : KanBasis
{
    /// <summary>Creates the basis for <paramref name="inputs"/> inputs.</summary>
    protected PointwiseKanBasis(int inputs) : base(inputs) { }

    /// <summary>
    /// Writes b_k(x[e]) to dest[e·stride + k] for k &lt; <see cref="KanBasis.Size"/> and every element e of
    /// <paramref name="x"/>, which holds whole rows (element e belongs to input e mod <see cref="KanBasis.Inputs"/>).
    /// </summary>
    protected abstract void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride);

    /// <summary>
    /// For every element e of <paramref name="x"/> (whole rows): adds Σ_k grad[e·stride + k]·b_k′(x[e]) to gradX[e]
    /// unless <paramref name="gradX"/> is empty, and adds the gradients of the basis's parameters (flattened in
    /// <see cref="Nn.Module.Parameters"/> order) to <paramref name="paramGrad"/> unless it is empty.
    /// </summary>
    protected abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad);

    /// <inheritdoc/>
    public override Tensor Features(Tensor x, bool withBase)
    {
        var xc = CheckInput(x);
        int rows = xc.Dims[0], k = Size, b = withBase ? 1 : 0, stride = k + b;
        var features = Tensor.Empty([rows, Inputs * stride]);
        var xv = xc.Storage.AsMemory(xc.Offset, xc.Numel);
        var fv = features.Storage.AsMemory(0, features.Numel);
        int items = Parallelism.ItemsFor((long)rows * Inputs * stride, 32_768, Parallelism.Threads * 4);
        Parallelism.For(items, item =>
        {
            var (r0, r1) = Rows(rows, items, item);
            var xs = xv.Span[(r0 * Inputs)..(r1 * Inputs)];
            var fs = fv.Span[(r0 * Inputs * stride)..(r1 * Inputs * stride)];
            if (b == 1)
                for (int e = 0; e < xs.Length; e++) fs[e * stride] = Silu(xs[e]);
            Evaluate(xs, fs[b..], stride);
        });
        var parameters = Parameters().ToArray();
        Tensor[] inputs = [x, .. parameters];
        return Tensor.Record(features, "kan_features", inputs, g =>
        {
            var gc = g.Contiguous();
            var gv = gc.Storage.AsMemory(gc.Offset, gc.Numel);
            bool wantX = x.RequiresGrad;
            bool wantParams = parameters.Any(p => p.RequiresGrad);
            var gx = wantX ? Tensor.Zeros(rows, Inputs) : null;
            var gxv = gx?.Storage.AsMemory(0, gx.Numel) ?? Memory<float>.Empty;
            int paramCount = wantParams ? parameters.Sum(p => p.Numel) : 0;
            var partial = new float[items][];
            Parallelism.For(items, item =>
            {
                var (r0, r1) = Rows(rows, items, item);
                var xs = xv.Span[(r0 * Inputs)..(r1 * Inputs)];
                var gs = gv.Span[(r0 * Inputs * stride)..(r1 * Inputs * stride)];
                var gxs = wantX ? gxv.Span[(r0 * Inputs)..(r1 * Inputs)] : Span<float>.Empty;
                if (wantX && b == 1)
                    for (int e = 0; e < xs.Length; e++) gxs[e] = gs[e * stride] * SiluDerivative(xs[e]);
                partial[item] = new float[paramCount];
                if (wantX || wantParams) Backward(xs, gs[b..], stride, gxs, partial[item]);
            });
            var grads = new Tensor?[inputs.Length];
            grads[0] = gx;
            int offset = 0;
            for (int p = 0; p < parameters.Length; p++)
            {
                if (wantParams && parameters[p].RequiresGrad)
                {
                    var gp = Tensor.Zeros(parameters[p].Dims);
                    var gps = gp.AsSpan();
                    foreach (var part in partial)
                        for (int j = 0; j < gps.Length; j++) gps[j] += part[offset + j];
                    grads[p + 1] = gp;
                }
                offset += parameters[p].Numel;
            }
            return grads;
        }, readsOutput: false);
    }

    private static (int First, int End) Rows(int rows, int items, int item) =>
        ((int)((long)rows * item / items), (int)((long)rows * (item + 1) / items));

    /// <summary>SiLU, the base function b(x) = x·σ(x) (0 below −100, where x·σ(x) is below float's range; −∞ gives 0).</summary>
    public static float Silu(float x) => x < -100f ? 0f : x / (1f + MathF.Exp(-x));

    /// <summary>d/dx SiLU = σ(x)·(1 + x·(1 − σ(x))).</summary>
    public static float SiluDerivative(float x)
    {
        if (x < -100f) return 0f;
        if (x > 100f) return 1f;
        float s = 1f / (1f + MathF.Exp(-x));
        return s * (1f + x * (1f - s));
    }
}
