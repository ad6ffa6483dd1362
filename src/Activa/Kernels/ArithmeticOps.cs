using System.Runtime.CompilerServices;

namespace Activa.Kernels;

// Operator structs for the core arithmetic, each written once over the lane type. Transcendentals use VectorMath, so
// the scalar tail and the vector body compute the same approximation.

internal readonly struct AddOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> => a + b;
}

internal readonly struct SubOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> => a - b;
}

internal readonly struct MulOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> => a * b;
}

internal readonly struct DivOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> => a / b;
}

/// <summary>max(a, b), NaN-propagating like torch.maximum.</summary>
internal readonly struct MaxOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> => TV.Select(TV.And(TV.EqualTo(a, a), TV.EqualTo(b, b)), TV.Max(a, b), a + b);
}

/// <summary>min(a, b), NaN-propagating like torch.minimum.</summary>
internal readonly struct MinOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> => TV.Select(TV.And(TV.EqualTo(a, a), TV.EqualTo(b, b)), TV.Min(a, b), a + b);
}

/// <summary>Share of the gradient of max(a, b) that goes to a: 1 if a &gt; b, ½ on a tie, else 0.</summary>
internal readonly struct MaxGradLeftOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(a, b), 1f, TV.Select(TV.EqualTo(a, b), 0.5f, 0f));
}

/// <summary>a^b = exp(b·log a) where every lane has a &gt; 0; otherwise MathF.Pow lane by lane (integer powers, signs, zeros).</summary>
internal readonly struct PowOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.NoInlining)] // stackalloc: never inlined into a loop
    public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV>
    {
        Span<float> x = stackalloc float[TV.Count], y = stackalloc float[TV.Count];
        TV.Store(a, ref x[0], 0);
        TV.Store(b, ref y[0], 0);
        bool positive = true;
        foreach (float v in x) positive &= v > 0;
        if (positive && TV.Count > 1) return TV.Exp(b * TV.Log(a));
        for (int i = 0; i < x.Length; i++) x[i] = MathF.Pow(x[i], y[i]);
        return TV.Load(ref x[0], 0);
    }
}

/// <summary>Returns b: used to copy one strided view into another.</summary>
internal readonly struct TakeRightOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV> => b;
}

internal readonly struct NegOp : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => -x;
}

internal readonly struct AbsOp : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Abs(x);
}

/// <summary>sign(x) with sign(0) = 0 (the gradient of |x|, as PyTorch defines it); NaN stays NaN.</summary>
internal readonly struct SignOp : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.GreaterThan(x, 0f), 1f, TV.Select(TV.LessThan(x, 0f), -1f, x));
}

internal readonly struct SqrtOp : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Sqrt(x);
}

internal readonly struct ExpOp : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Exp(x);
}

internal readonly struct LogOp : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Log(x);
}

/// <summary>clamp(x, min, max); NaN stays NaN.</summary>
internal readonly struct ClampOp(float min, float max) : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.LessThan(x, min), min, TV.Select(TV.GreaterThan(x, max), max, x));
}

/// <summary>1 where min ≤ x ≤ max, else 0: the gradient mask of clamp.</summary>
internal readonly struct InRangeOp(float min, float max) : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Select(TV.And(TV.GreaterThanOrEqual(x, min), TV.LessThanOrEqual(x, max)), 1f, 0f);
}

/// <summary>x·s + t (scale and shift by constants).</summary>
internal readonly struct AffineOp(float scale, float shift) : IUnaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV> => TV.Fma(x, scale, shift);
}
