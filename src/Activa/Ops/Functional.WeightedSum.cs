using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa;

public static partial class Functional
{
    /// <summary>
    /// Weighted sum pooling: y[b, :] = Σₗ weights[b, l] · values[b, l, :], i.e. <c>(weights.unsqueeze(2) * values).sum(1)</c>
    /// in one pass, without the [B, L, D] product (attention pooling, as DIN pools a user's behaviours). The backward
    /// is one pass too: ∂/∂weights[b, l] = g[b, :]·values[b, l, :] and ∂/∂values[b, l, :] = weights[b, l]·g[b, :].
    /// </summary>
    /// <param name="weights">[B, L].</param>
    /// <param name="values">[B, L, D].</param>
    /// <returns>[B, D].</returns>
    /// <exception cref="ShapeMismatchException">The shapes do not fit [B, L] and [B, L, D].</exception>
    public static Tensor WeightedSum(Tensor weights, Tensor values)
    {
        if (weights.Rank != 2 || values.Rank != 3 || values.Dims[0] != weights.Dims[0] || values.Dims[1] != weights.Dims[1])
            throw new ShapeMismatchException("weighted_sum",
                $"needs weights [B, L] and values [B, L, D], got {Shape.Format(weights.Shape)} and {Shape.Format(values.Shape)}");
        var w = weights.Contiguous();
        var v = values.Contiguous();
        int n = v.Dims[0], l = v.Dims[1], d = v.Dims[2];
        var y = Tensor.Empty([n, d]);
        // Rows in fixed blocks of the worker pool; each row is computed alone, so results do not depend on the split.
        Parallelism.ForRows(n, l * d, Elementwise.ParallelChunk, (from, to) =>
        {
            for (int b = from; b < to; b++) WeightedSumKernel.Forward(w.Storage, w.Offset + b * l, v.Storage, v.Offset + b * l * d, l, d, y.Storage, b * d);
        });
        return Tensor.Record(y, "weighted_sum", [weights, values], g =>
        {
            var gc = g.Contiguous();
            var gw = weights.RequiresGrad ? Tensor.Empty([n, l]) : null;
            var gv = values.RequiresGrad ? Tensor.Empty([n, l, d]) : null;
            Parallelism.ForRows(n, l * d, Elementwise.ParallelChunk, (from, to) =>
            {
                for (int b = from; b < to; b++)
                    WeightedSumKernel.Backward(w.Storage, w.Offset + b * l, v.Storage, v.Offset + b * l * d, l, d, gc.Storage, gc.Offset + b * d,
                        gw?.Storage, b * l, gv?.Storage, b * l * d);
            });
            return [gw, gv];
        }, readsOutput: false);
    }
}

/// <summary>The per-row loops of <see cref="Functional.WeightedSum"/>, over the widest accelerated lanes.</summary>
internal static class WeightedSumKernel
{
    public static void Forward(float[] w, int wo, float[] v, int vo, int l, int d, float[] y, int yo)
    {
        if (Vector512.IsHardwareAccelerated) Forward<Float16>(w, wo, v, vo, l, d, y, yo);
        else if (Vector256.IsHardwareAccelerated) Forward<Float8>(w, wo, v, vo, l, d, y, yo);
        else Forward<Float1>(w, wo, v, vo, l, d, y, yo);
    }

    public static void Backward(float[] w, int wo, float[] v, int vo, int l, int d, float[] g, int go, float[]? gw, int gwo, float[]? gv, int gvo)
    {
        if (Vector512.IsHardwareAccelerated) Backward<Float16>(w, wo, v, vo, l, d, g, go, gw, gwo, gv, gvo);
        else if (Vector256.IsHardwareAccelerated) Backward<Float8>(w, wo, v, vo, l, d, g, go, gw, gwo, gv, gvo);
        else Backward<Float1>(w, wo, v, vo, l, d, g, go, gw, gwo, gv, gvo);
    }

    private static void Forward<TV>(float[] w, int wo, float[] v, int vo, int l, int d, float[] y, int yo) where TV : struct, IFloatLanes<TV>
    {
        int j = 0;
        for (; j <= d - TV.Count; j += TV.Count)
        {
            TV acc = default;
            for (int i = 0; i < l; i++) acc = TV.Fma(TV.Load(ref v[vo + i * d], (nuint)j), w[wo + i], acc);
            TV.Store(acc, ref y[yo], (nuint)j);
        }
        for (; j < d; j++)
        {
            float acc = 0;
            for (int i = 0; i < l; i++) acc = MathF.FusedMultiplyAdd(v[vo + i * d + j], w[wo + i], acc);
            y[yo + j] = acc;
        }
    }

    private static void Backward<TV>(float[] w, int wo, float[] v, int vo, int l, int d, float[] g, int go, float[]? gw, int gwo, float[]? gv, int gvo)
        where TV : struct, IFloatLanes<TV>
    {
        for (int i = 0; i < l; i++)
        {
            float wi = w[wo + i];
            int j = 0;
            TV dot = default;
            float tail = 0;
            for (; j <= d - TV.Count; j += TV.Count)
            {
                var gj = TV.Load(ref g[go], (nuint)j);
                if (gw != null) dot = TV.Fma(gj, TV.Load(ref v[vo + i * d], (nuint)j), dot);
                if (gv != null) TV.Store(gj * wi, ref gv[gvo + i * d], (nuint)j);
            }
            for (; j < d; j++)
            {
                if (gw != null) tail = MathF.FusedMultiplyAdd(g[go + j], v[vo + i * d + j], tail);
                if (gv != null) gv[gvo + i * d + j] = g[go + j] * wi;
            }
            if (gw != null) gw[gwo + i] = TV.Sum(dot) + tail;
        }
    }
}
