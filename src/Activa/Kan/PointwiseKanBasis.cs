using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
            EvaluateRows(xs, fs, stride, b == 1);
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
                partial[item] = new float[paramCount];
                if (wantX || wantParams) BackwardRows(xs, gs, stride, b == 1, gxs, partial[item]);
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

    /// <summary>
    /// Writes the features of <paramref name="x"/> (whole rows) at <paramref name="stride"/>: silu(x[e]) to
    /// features[e·stride] when <paramref name="withBase"/>, and the basis after it (<see cref="Evaluate"/>). A basis with a
    /// fused kernel for both overrides this.
    /// </summary>
    protected virtual void EvaluateRows(ReadOnlySpan<float> x, Span<float> features, int stride, bool withBase)
    {
        if (withBase) SiluStrided(x, features, stride);
        Evaluate(x, withBase ? features[1..] : features, stride);
    }

    /// <summary>
    /// The backward of <see cref="EvaluateRows"/>: <paramref name="grad"/> holds the features' gradients at
    /// <paramref name="stride"/> (the base's first in each block when <paramref name="withBase"/>); adds grad·silu′(x) to
    /// <paramref name="gradX"/> (unless empty) and calls <see cref="Backward"/> for the basis.
    /// </summary>
    protected virtual void BackwardRows(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, bool withBase, Span<float> gradX, Span<float> paramGrad)
    {
        if (withBase && !gradX.IsEmpty) SiluBackwardStrided(x, grad, stride, gradX);
        Backward(x, withBase ? grad[1..] : grad, stride, gradX, paramGrad);
    }

    /// <summary>features[e·stride] = silu(x[e]), computed in SIMD lanes (<see cref="SiluLanes"/>).</summary>
    private static void SiluStrided(ReadOnlySpan<float> x, Span<float> features, int stride)
    {
        Span<float> lanes = stackalloc float[16];
        int e = 0;
        if (Vector512.IsHardwareAccelerated) e = SiluStrided<Float16>(x, features, stride, lanes);
        else if (Vector256.IsHardwareAccelerated) e = SiluStrided<Float8>(x, features, stride, lanes);
        for (; e < x.Length; e++) features[e * stride] = SiluLanes((Float1)x[e]).V;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SiluStrided<TV>(ReadOnlySpan<float> x, Span<float> features, int stride, Span<float> lanes) where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count, e = 0;
        for (; e + w <= x.Length; e += w)
        {
            TV.Store(SiluLanes(TV.Load(ref MemoryMarshal.GetReference(x), (nuint)e)), ref MemoryMarshal.GetReference(lanes), 0);
            for (int l = 0; l < w; l++) features[(e + l) * stride] = lanes[l];
        }
        return e;
    }

    /// <summary>gradX[e] += grad[e·stride]·silu′(x[e]), computed in SIMD lanes (<see cref="SiluDerivativeLanes"/>).</summary>
    private static void SiluBackwardStrided(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX)
    {
        Span<float> lanes = stackalloc float[16];
        int e = 0;
        if (Vector512.IsHardwareAccelerated) e = SiluBackwardStrided<Float16>(x, grad, stride, gradX, lanes);
        else if (Vector256.IsHardwareAccelerated) e = SiluBackwardStrided<Float8>(x, grad, stride, gradX, lanes);
        for (; e < x.Length; e++) gradX[e] += grad[e * stride] * SiluDerivativeLanes((Float1)x[e]).V;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SiluBackwardStrided<TV>(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> lanes)
        where TV : struct, IFloatLanes<TV>
    {
        int w = TV.Count, e = 0;
        ref float lr = ref MemoryMarshal.GetReference(lanes);
        for (; e + w <= x.Length; e += w)
        {
            for (int l = 0; l < w; l++) lanes[l] = grad[(e + l) * stride];
            var g = TV.Load(ref lr, 0) * SiluDerivativeLanes(TV.Load(ref MemoryMarshal.GetReference(x), (nuint)e));
            TV.Store(TV.Load(ref MemoryMarshal.GetReference(gradX), (nuint)e) + g, ref MemoryMarshal.GetReference(gradX), (nuint)e);
        }
        return e;
    }

    /// <summary>SiLU in lanes, as <see cref="Silu"/> (0 below −100): x·σ(x) with <see cref="VectorMath.Sigmoid{TV}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV SiluLanes<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.LessThan(x, -100f), 0f, x * VectorMath.Sigmoid(x));

    /// <summary>d/dx SiLU in lanes, as <see cref="SiluDerivative"/> (0 below −100, 1 above 100).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV SiluDerivativeLanes<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        var s = VectorMath.Sigmoid(x);
        var d = s * TV.Fma(x, 1f - s, 1f);
        return TV.Select(TV.LessThan(x, -100f), 0f, TV.Select(TV.GreaterThan(x, 100f), 1f, d));
    }

    private static (int First, int End) Rows(int rows, int items, int item) =>
        ((int)((long)rows * item / items), (int)((long)rows * (item + 1) / items));

    /// <summary>SiLU, the base function b(x) = x·σ(x) (0 below −100, where x·σ(x) is below float's range; −∞ gives 0).
    /// The one-lane case of the vectorised kernel, so it equals the base column of <see cref="Features"/> exactly.</summary>
    public static float Silu(float x) => SiluLanes((Float1)x).V;

    /// <summary>d/dx SiLU = σ(x)·(1 + x·(1 − σ(x))) (0 below −100, 1 above 100); the one-lane case of the vectorised kernel.</summary>
    public static float SiluDerivative(float x) => SiluDerivativeLanes((Float1)x).V;
}
