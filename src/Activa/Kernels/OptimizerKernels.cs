using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// Fused optimiser updates: one pass over parameter, gradient and state per step (Vector512 body,
/// scalar tail computing the same formula).
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
        int i = 0, n = p.Length;
        float keep = 1f - decoupledDecay;
        if (Vector512.IsHardwareAccelerated)
        {
            var vb1 = Vector512.Create(beta1); var vb1c = Vector512.Create(1f - beta1);
            var vb2 = Vector512.Create(beta2); var vb2c = Vector512.Create(1f - beta2);
            var veps = Vector512.Create(eps); var vl2 = Vector512.Create(l2); var vkeep = Vector512.Create(keep);
            var vstep = Vector512.Create(stepSize); var vc2 = Vector512.Create(invSqrtC2);
            for (; i <= n - 16; i += 16)
            {
                var pv = Vector512.Create(p.Slice(i, 16));
                var gv = Vector512.FusedMultiplyAdd(vl2, pv, Vector512.Create(g.Slice(i, 16)));
                var mv = Vector512.FusedMultiplyAdd(vb1, Vector512.Create(m.Slice(i, 16)), vb1c * gv);
                var vv = Vector512.FusedMultiplyAdd(vb2, Vector512.Create(v.Slice(i, 16)), vb2c * gv * gv);
                mv.CopyTo(m.Slice(i, 16));
                vv.CopyTo(v.Slice(i, 16));
                var denom = Vector512.FusedMultiplyAdd(Vector512.Sqrt(vv), vc2, veps);
                (pv * vkeep - vstep * mv / denom).CopyTo(p.Slice(i, 16));
            }
        }
        for (; i < n; i++)
        {
            float gi = MathF.FusedMultiplyAdd(l2, p[i], g[i]);
            float mi = MathF.FusedMultiplyAdd(beta1, m[i], (1f - beta1) * gi);
            float vi = MathF.FusedMultiplyAdd(beta2, v[i], (1f - beta2) * gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] * keep - stepSize * mi / MathF.FusedMultiplyAdd(MathF.Sqrt(vi), invSqrtC2, eps);
        }
    }

    /// <summary>
    /// SGD with momentum: g' = g + wd·p; buf = μ·buf + (1−dampening)·g' (buf = g' on the first step);
    /// d = g' + μ·buf (Nesterov) or buf; p −= lr·d. Without momentum, d = g'.
    /// </summary>
    public static void Sgd(Span<float> p, ReadOnlySpan<float> g, Span<float> buf, bool firstStep,
        float lr, float weightDecay, float momentum, float dampening, bool nesterov)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float gi = MathF.FusedMultiplyAdd(weightDecay, p[i], g[i]);
            if (momentum != 0f)
            {
                float b = firstStep ? gi : MathF.FusedMultiplyAdd(momentum, buf[i], (1f - dampening) * gi);
                buf[i] = b;
                gi = nesterov ? MathF.FusedMultiplyAdd(momentum, b, gi) : b;
            }
            p[i] -= lr * gi;
        }
    }

    /// <summary>Adagrad: g' = g + wd·p; s += g'²; p −= clr·g' / (√s + ε).</summary>
    public static void Adagrad(Span<float> p, ReadOnlySpan<float> g, Span<float> sum, float clr, float weightDecay, float eps)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float gi = MathF.FusedMultiplyAdd(weightDecay, p[i], g[i]);
            float s = MathF.FusedMultiplyAdd(gi, gi, sum[i]);
            sum[i] = s;
            p[i] -= clr * gi / (MathF.Sqrt(s) + eps);
        }
    }
}
