using System.Runtime.CompilerServices;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// ReLU: f(x) = max(0, x); f'(x) = 1 for x &gt; 0, else 0 (0 at the kink, as PyTorch).
/// Nair &amp; Hinton, "Rectified Linear Units Improve Restricted Boltzmann Machines", ICML 2010.
/// </summary>
internal readonly struct ReluOp : IFixedActivation<ReluOp>
{
    public static ActivationInfo Info { get; } = new("relu", "max(0, x)",
        "Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines, ICML", 2010,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Lower = 0, Family = "rectifier", Torch = "F.relu(x)",
    };
    public double Reference(double x) => Math.Max(0, x);

    // x with the lanes where x ≤ 0 cleared: one and-not (NaN compares false and passes through).
    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.AndNot(x, TV.LessThanOrEqual(x, 0f));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> => RectifierLanes.StepAbove(x, 0f);
}

/// <summary>
/// The pieces the piecewise-linear activations share (ReLU and its clipped, thresholded and shifted forms, the hard
/// sigmoid and tanh, the shrinkage rules): indicator derivatives and the IEEE clamp, each written once over the lane type.
/// </summary>
internal static class RectifierLanes
{
    /// <summary>1 where x &gt; t, else 0 (0 for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV StepAbove<TV>(TV x, float t) where TV : struct, IFloatLanes<TV> => TV.And(TV.GreaterThan(x, t), 1f);

    /// <summary>1 where x ≥ t, else 0 (0 for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV StepAtOrAbove<TV>(TV x, float t) where TV : struct, IFloatLanes<TV> => TV.And(TV.GreaterThanOrEqual(x, t), 1f);

    /// <summary><paramref name="v"/> where lo &lt; x &lt; hi, else 0 (0 at both bounds and for NaN): the derivative of a clamp
    /// to [lo, hi] scaled by v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Window<TV>(TV x, float lo, float hi, float v) where TV : struct, IFloatLanes<TV> =>
        TV.And(TV.And(TV.GreaterThan(x, lo), TV.LessThan(x, hi)), v);

    /// <summary>zᵏ for a small integer k ≥ 0 by repeated multiplication, in order (RePU, Elephant).</summary>
    public static TV IntPow<TV>(TV z, int k) where TV : struct, IFloatLanes<TV>
    {
        TV y = 1f;
        for (int i = 0; i < k; i++) y *= z;
        return y;
    }

    /// <summary>min(max(x, lo), hi) with IEEE min and max (NaN stays NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Clamp<TV>(TV x, float lo, float hi) where TV : struct, IFloatLanes<TV> => TV.Min(TV.Max(x, lo), hi);
}
