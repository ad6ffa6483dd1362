using System.Runtime.Intrinsics;

namespace Activa.Kernels;

// Operator structs for the core arithmetic, one line per lane width. Transcendentals use VectorMath so
// that the scalar tail and the vector body compute the same approximation.

internal readonly struct AddOp : IBinaryOp
{
    public float Apply(float a, float b) => a + b;
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a + b;
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a + b;
}

internal readonly struct SubOp : IBinaryOp
{
    public float Apply(float a, float b) => a - b;
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a - b;
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a - b;
}

internal readonly struct MulOp : IBinaryOp
{
    public float Apply(float a, float b) => a * b;
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a * b;
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a * b;
}

internal readonly struct DivOp : IBinaryOp
{
    public float Apply(float a, float b) => a / b;
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a / b;
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a / b;
}

/// <summary>max(a, b), NaN-propagating like torch.maximum.</summary>
internal readonly struct MaxOp : IBinaryOp
{
    public float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Max(a, b);
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b)
    {
        var nan = ~(Vector256.Equals(a, a) & Vector256.Equals(b, b));
        return Vector256.ConditionalSelect(nan, a + b, Vector256.Max(a, b));
    }
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b)
    {
        var nan = ~(Vector512.Equals(a, a) & Vector512.Equals(b, b));
        return Vector512.ConditionalSelect(nan, a + b, Vector512.Max(a, b));
    }
}

/// <summary>min(a, b), NaN-propagating like torch.minimum.</summary>
internal readonly struct MinOp : IBinaryOp
{
    public float Apply(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Min(a, b);
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b)
    {
        var nan = ~(Vector256.Equals(a, a) & Vector256.Equals(b, b));
        return Vector256.ConditionalSelect(nan, a + b, Vector256.Min(a, b));
    }
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b)
    {
        var nan = ~(Vector512.Equals(a, a) & Vector512.Equals(b, b));
        return Vector512.ConditionalSelect(nan, a + b, Vector512.Min(a, b));
    }
}

/// <summary>Share of the gradient of max(a, b) that goes to a: 1 if a &gt; b, ½ on a tie, else 0.</summary>
internal readonly struct MaxGradLeftOp : IBinaryOp
{
    public float Apply(float a, float b) => a > b ? 1f : a == b ? 0.5f : 0f;
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, b), Vector256<float>.One,
            Vector256.ConditionalSelect(Vector256.Equals(a, b), Vector256.Create(0.5f), Vector256<float>.Zero));
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), Vector512<float>.One,
            Vector512.ConditionalSelect(Vector512.Equals(a, b), Vector512.Create(0.5f), Vector512<float>.Zero));
}

/// <summary>a^b = exp(b·log a) for a &gt; 0; integer and other special cases go through MathF.Pow lane by lane.</summary>
internal readonly struct PowOp : IBinaryOp
{
    public float Apply(float a, float b) => MathF.Pow(a, b);
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b)
    {
        if (Vector256.GreaterThanAll(a, Vector256<float>.Zero)) return VectorMath.Exp(new Float8(b) * VectorMath.Log(new Float8(a))).V;
        Span<float> t = stackalloc float[8];
        for (int i = 0; i < 8; i++) t[i] = MathF.Pow(a[i], b[i]);
        return Vector256.Create((ReadOnlySpan<float>)t);
    }
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b)
    {
        if (Vector512.GreaterThanAll(a, Vector512<float>.Zero)) return VectorMath.Exp(new Float16(b) * VectorMath.Log(new Float16(a))).V;
        Span<float> t = stackalloc float[16];
        for (int i = 0; i < 16; i++) t[i] = MathF.Pow(a[i], b[i]);
        return Vector512.Create((ReadOnlySpan<float>)t);
    }
}

/// <summary>Returns b: used to copy one strided view into another.</summary>
internal readonly struct TakeRightOp : IBinaryOp
{
    public float Apply(float a, float b) => b;
    public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => b;
    public Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => b;
}

internal readonly struct NegOp : IUnaryOp
{
    public float Apply(float x) => -x;
    public Vector256<float> Apply(Vector256<float> x) => -x;
    public Vector512<float> Apply(Vector512<float> x) => -x;
}

internal readonly struct AbsOp : IUnaryOp
{
    public float Apply(float x) => MathF.Abs(x);
    public Vector256<float> Apply(Vector256<float> x) => Vector256.Abs(x);
    public Vector512<float> Apply(Vector512<float> x) => Vector512.Abs(x);
}

/// <summary>sign(x) with sign(0) = 0 (the gradient of |x|, as PyTorch defines it).</summary>
internal readonly struct SignOp : IUnaryOp
{
    public float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : x;
    public Vector256<float> Apply(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One,
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(-1f), x));
    public Vector512<float> Apply(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One,
            Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512.Create(-1f), x));
}

internal readonly struct SqrtOp : IUnaryOp
{
    public float Apply(float x) => MathF.Sqrt(x);
    public Vector256<float> Apply(Vector256<float> x) => Vector256.Sqrt(x);
    public Vector512<float> Apply(Vector512<float> x) => Vector512.Sqrt(x);
}

internal readonly struct ExpOp : IUnaryOp
{
    public float Apply(float x) => VectorMath.Exp<Float1>(x).V;
    public Vector256<float> Apply(Vector256<float> x) => VectorMath.Exp(new Float8(x)).V;
    public Vector512<float> Apply(Vector512<float> x) => VectorMath.Exp(new Float16(x)).V;
}

internal readonly struct LogOp : IUnaryOp
{
    public float Apply(float x) => VectorMath.Log<Float1>(x).V;
    public Vector256<float> Apply(Vector256<float> x) => VectorMath.Log(new Float8(x)).V;
    public Vector512<float> Apply(Vector512<float> x) => VectorMath.Log(new Float16(x)).V;
}

/// <summary>clamp(x, min, max); NaN stays NaN.</summary>
internal readonly struct ClampOp(float min, float max) : IUnaryOp
{
    public float Apply(float x) => x < min ? min : x > max ? max : x;
    public Vector256<float> Apply(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(min)), Vector256.Create(min),
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(max)), Vector256.Create(max), x));
    public Vector512<float> Apply(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(min)), Vector512.Create(min),
            Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(max)), Vector512.Create(max), x));
}

/// <summary>1 where min ≤ x ≤ max, else 0: the gradient mask of clamp.</summary>
internal readonly struct InRangeOp(float min, float max) : IUnaryOp
{
    public float Apply(float x) => x >= min && x <= max ? 1f : 0f;
    public Vector256<float> Apply(Vector256<float> x) =>
        (Vector256.GreaterThanOrEqual(x, Vector256.Create(min)) & Vector256.LessThanOrEqual(x, Vector256.Create(max))) & Vector256<float>.One;
    public Vector512<float> Apply(Vector512<float> x) =>
        (Vector512.GreaterThanOrEqual(x, Vector512.Create(min)) & Vector512.LessThanOrEqual(x, Vector512.Create(max))) & Vector512<float>.One;
}

/// <summary>x·s + t (scale and shift by constants).</summary>
internal readonly struct AffineOp(float scale, float shift) : IUnaryOp
{
    public float Apply(float x) => MathF.FusedMultiplyAdd(x, scale, shift);
    public Vector256<float> Apply(Vector256<float> x) => Vector256.FusedMultiplyAdd(x, Vector256.Create(scale), Vector256.Create(shift));
    public Vector512<float> Apply(Vector512<float> x) => Vector512.FusedMultiplyAdd(x, Vector512.Create(scale), Vector512.Create(shift));
}
