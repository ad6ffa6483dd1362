using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations.Learnable;

/// <summary>
/// The arithmetic of one lane width (16 floats, 8 floats or 1 float) behind static abstract members, so that a
/// learnable activation's per-element math is written once, generic over the width, and the JIT specialises it
/// into plain Vector512, Vector256 and scalar code (every implementation is a struct).
/// </summary>
internal interface ILanes<TV> where TV : unmanaged
{
    /// <summary>Floats per value.</summary>
    static abstract int Width { get; }
    /// <summary>All lanes set to <paramref name="v"/>.</summary>
    static abstract TV Splat(float v);
    /// <summary>Reads <see cref="Width"/> floats starting at <paramref name="p"/>.</summary>
    static abstract TV Load(ref float p);
    /// <summary>Writes <see cref="Width"/> floats starting at <paramref name="p"/>.</summary>
    static abstract void Store(TV v, ref float p);
    /// <summary>a + b.</summary>
    static abstract TV Add(TV a, TV b);
    /// <summary>a − b.</summary>
    static abstract TV Sub(TV a, TV b);
    /// <summary>a · b.</summary>
    static abstract TV Mul(TV a, TV b);
    /// <summary>a / b.</summary>
    static abstract TV Div(TV a, TV b);
    /// <summary>a · b + c, fused.</summary>
    static abstract TV Fma(TV a, TV b, TV c);
    /// <summary>|a|.</summary>
    static abstract TV Abs(TV a);
    /// <summary>−1, 0 or +1 (sign(0) = 0).</summary>
    static abstract TV Sign(TV a);
    /// <summary>+1 where a ≥ 0, −1 elsewhere (the right derivative of |a|).</summary>
    static abstract TV SignPlus(TV a);
    /// <summary>1 where a &gt; 0, 0 elsewhere.</summary>
    static abstract TV Step(TV a);
    /// <summary>max(a, b).</summary>
    static abstract TV Max(TV a, TV b);
    /// <summary>The logistic sigmoid.</summary>
    static abstract TV Sigmoid(TV a);
    /// <summary>Sum of the lanes.</summary>
    static abstract float Sum(TV a);
}

/// <summary>16 lanes (AVX-512).</summary>
internal readonly struct Lanes16 : ILanes<Vector512<float>>
{
    public static int Width => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float v) => Vector512.Create(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float p) => Vector512.LoadUnsafe(ref p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> v, ref float p) => v.StoreUnsafe(ref p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Div(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sign(Vector512<float> a) =>
        (Vector512.GreaterThan(a, Vector512<float>.Zero) & Vector512<float>.One) - (Vector512.LessThan(a, Vector512<float>.Zero) & Vector512<float>.One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SignPlus(Vector512<float> a) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, Vector512<float>.Zero), Vector512<float>.One, Vector512.Create(-1f));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Step(Vector512<float> a) => Vector512.GreaterThan(a, Vector512<float>.Zero) & Vector512<float>.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sigmoid(Vector512<float> a) => VectorMath.Sigmoid(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> a) => Vector512.Sum(a);
}

/// <summary>8 lanes (AVX2).</summary>
internal readonly struct Lanes8 : ILanes<Vector256<float>>
{
    public static int Width => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float v) => Vector256.Create(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float p) => Vector256.LoadUnsafe(ref p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> v, ref float p) => v.StoreUnsafe(ref p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Div(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sign(Vector256<float> a) =>
        (Vector256.GreaterThan(a, Vector256<float>.Zero) & Vector256<float>.One) - (Vector256.LessThan(a, Vector256<float>.Zero) & Vector256<float>.One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SignPlus(Vector256<float> a) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, Vector256<float>.Zero), Vector256<float>.One, Vector256.Create(-1f));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Step(Vector256<float> a) => Vector256.GreaterThan(a, Vector256<float>.Zero) & Vector256<float>.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sigmoid(Vector256<float> a) => VectorMath.Sigmoid(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> a) => Vector256.Sum(a);
}

/// <summary>One lane (the scalar tail and machines without SIMD).</summary>
internal readonly struct Lanes1 : ILanes<float>
{
    public static int Width => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float v) => v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float p) => p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float v, ref float p) => p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sub(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Mul(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Div(float a, float b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Abs(float a) => MathF.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sign(float a) => a > 0 ? 1f : a < 0 ? -1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float SignPlus(float a) => a >= 0 ? 1f : -1f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Step(float a) => a > 0 ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Max(float a, float b) => MathF.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sigmoid(float a) => VectorMath.Sigmoid(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float a) => a;
}
