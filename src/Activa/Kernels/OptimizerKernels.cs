using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// Fused optimiser updates: one pass over parameter, gradient and state per step. Each update is written once,
/// generic over the lane type, and runs 16 lanes (AVX-512), then 8 (AVX2), then one float for the tail: the same
/// operations in every width, so vector and scalar elements agree bit for bit.
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>
    /// Adam / AdamW: g' = g + l2·p; m = β₁m + (1−β₁)g'; v = β₂v + (1−β₂)g'²;
    /// p = p·(1 − decoupled) − stepSize·m / (√v·invSqrtC2 + ε), with stepSize = lr/c₁.
    /// </summary>
    public static void Adam(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float beta2, float eps, float l2, float decoupledDecay, float stepSize, float invSqrtC2)
    {
        var k = new AdamStep(beta1, beta2, eps, l2, 1f - decoupledDecay, stepSize, invSqrtC2);
        ref float rp = ref MemoryMarshal.GetReference(p);
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rm = ref MemoryMarshal.GetReference(m);
        ref float rv = ref MemoryMarshal.GetReference(v);
        nuint i = 0, n = (nuint)p.Length;
        if (Vector512.IsHardwareAccelerated) i = k.Run<Float16>(ref rp, ref rg, ref rm, ref rv, i, n);
        if (Vector256.IsHardwareAccelerated) i = k.Run<Float8>(ref rp, ref rg, ref rm, ref rv, i, n);
        k.Run<Float1>(ref rp, ref rg, ref rm, ref rv, i, n);
    }

    private readonly record struct AdamStep(float Beta1, float Beta2, float Eps, float L2, float Keep, float StepSize, float InvSqrtC2)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nuint Run<TV>(ref float p, ref float g, ref float m, ref float v, nuint i, nuint n) where TV : struct, IFloatLanes<TV>
        {
            TV b1 = Beta1, b1c = 1f - Beta1, b2 = Beta2, b2c = 1f - Beta2, eps = Eps, l2 = L2, keep = Keep, step = StepSize, c2 = InvSqrtC2;
            nuint w = (nuint)TV.Count;
            for (; i + w <= n; i += w)
            {
                TV pv = TV.Load(ref p, i);
                TV gv = TV.Fma(l2, pv, TV.Load(ref g, i));
                TV mv = TV.Fma(b1, TV.Load(ref m, i), b1c * gv);
                TV vv = TV.Fma(b2, TV.Load(ref v, i), b2c * gv * gv);
                TV.Store(mv, ref m, i);
                TV.Store(vv, ref v, i);
                TV.Store(pv * keep - step * mv / TV.Fma(TV.Sqrt(vv), c2, eps), ref p, i);
            }
            return i;
        }
    }

    /// <summary>
    /// SGD with momentum: g' = g + wd·p; buf = μ·buf + (1−dampening)·g' (buf = g' on the first step);
    /// d = g' + μ·buf (Nesterov) or buf; p −= lr·d. Without momentum, d = g'.
    /// </summary>
    public static void Sgd(Span<float> p, ReadOnlySpan<float> g, Span<float> buf, bool firstStep,
        float lr, float weightDecay, float momentum, float dampening, bool nesterov)
    {
        var k = new SgdStep(lr, weightDecay, momentum, 1f - dampening, firstStep, nesterov);
        ref float rp = ref MemoryMarshal.GetReference(p);
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rb = ref momentum != 0f ? ref MemoryMarshal.GetReference(buf) : ref rp;
        nuint i = 0, n = (nuint)p.Length;
        if (Vector512.IsHardwareAccelerated) i = k.Run<Float16>(ref rp, ref rg, ref rb, i, n);
        if (Vector256.IsHardwareAccelerated) i = k.Run<Float8>(ref rp, ref rg, ref rb, i, n);
        k.Run<Float1>(ref rp, ref rg, ref rb, i, n);
    }

    private readonly record struct SgdStep(float Lr, float WeightDecay, float Momentum, float Undamped, bool First, bool Nesterov)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nuint Run<TV>(ref float p, ref float g, ref float buf, nuint i, nuint n) where TV : struct, IFloatLanes<TV>
        {
            TV lr = Lr, wd = WeightDecay, mu = Momentum, undamped = Undamped;
            bool momentum = Momentum != 0f;
            nuint w = (nuint)TV.Count;
            for (; i + w <= n; i += w)
            {
                TV pv = TV.Load(ref p, i);
                TV d = TV.Fma(wd, pv, TV.Load(ref g, i));
                if (momentum)
                {
                    TV b = First ? d : TV.Fma(mu, TV.Load(ref buf, i), undamped * d);
                    TV.Store(b, ref buf, i);
                    d = Nesterov ? TV.Fma(mu, b, d) : b;
                }
                TV.Store(pv - lr * d, ref p, i);
            }
            return i;
        }
    }

    /// <summary>Adagrad: g' = g + wd·p; s += g'²; p −= clr·g' / (√s + ε).</summary>
    public static void Adagrad(Span<float> p, ReadOnlySpan<float> g, Span<float> sum, float clr, float weightDecay, float eps)
    {
        var k = new AdagradStep(clr, weightDecay, eps);
        ref float rp = ref MemoryMarshal.GetReference(p);
        ref float rg = ref MemoryMarshal.GetReference(g);
        ref float rs = ref MemoryMarshal.GetReference(sum);
        nuint i = 0, n = (nuint)p.Length;
        if (Vector512.IsHardwareAccelerated) i = k.Run<Float16>(ref rp, ref rg, ref rs, i, n);
        if (Vector256.IsHardwareAccelerated) i = k.Run<Float8>(ref rp, ref rg, ref rs, i, n);
        k.Run<Float1>(ref rp, ref rg, ref rs, i, n);
    }

    private readonly record struct AdagradStep(float Clr, float WeightDecay, float Eps)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nuint Run<TV>(ref float p, ref float g, ref float sum, nuint i, nuint n) where TV : struct, IFloatLanes<TV>
        {
            TV clr = Clr, wd = WeightDecay, eps = Eps;
            nuint w = (nuint)TV.Count;
            for (; i + w <= n; i += w)
            {
                TV pv = TV.Load(ref p, i);
                TV gv = TV.Fma(wd, pv, TV.Load(ref g, i));
                TV s = TV.Fma(gv, gv, TV.Load(ref sum, i));
                TV.Store(s, ref sum, i);
                TV.Store(pv - clr * gv / (TV.Sqrt(s) + eps), ref p, i);
            }
            return i;
        }
    }
}
