using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations.Learnable;

/// <summary>
/// A float lane type (one float, 8 or 16 lanes) with the arithmetic the learnable-activation kernels need, so that
/// each kernel is written once as a generic method and the JIT specialises it per width. Because scalar and vector
/// paths then run the same sequence of operations (FMA included), they agree bit for bit wherever the primitives do.
/// </summary>
internal interface IFloatLanes<TV> where TV : struct, IFloatLanes<TV>
{
    /// <summary>Lanes per value.</summary>
    static abstract int Count { get; }
    /// <summary>Loads <see cref="Count"/> floats from p[i].</summary>
    static abstract TV Load(ref float p, nuint i);
    /// <summary>Stores <paramref name="v"/> to p[i].</summary>
    static abstract void Store(TV v, ref float p, nuint i);
    /// <summary>Broadcast.</summary>
    static abstract implicit operator TV(float v);
    static abstract TV operator +(TV a, TV b);
    static abstract TV operator -(TV a, TV b);
    static abstract TV operator *(TV a, TV b);
    static abstract TV operator /(TV a, TV b);
    static abstract TV operator -(TV a);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TV Fma(TV a, TV b, TV c);
    static abstract TV Min(TV a, TV b);
    static abstract TV Max(TV a, TV b);
    static abstract TV Abs(TV a);
    /// <summary>Square root, correctly rounded in every width.</summary>
    static abstract TV Sqrt(TV a);
    static abstract TV Exp(TV a);
    static abstract TV Log(TV a);
    static abstract TV Erf(TV a);
    /// <summary>The logistic sigmoid (<see cref="VectorMath.Sigmoid(float)"/>).</summary>
    static abstract TV Sigmoid(TV a);
    /// <summary>½ + arctan(a)/π, accurate in both tails (<see cref="Activations.ZooMath.CauchyCdf(float)"/>).</summary>
    static abstract TV CauchyCdf(TV a);
    /// <summary>ln(1 + a) for a in [0, 1] (<see cref="Kernels.VectorMath.Log1pUnit(float)"/>).</summary>
    static abstract TV Log1pUnit(TV a);
    /// <summary>sin a and cos a (<see cref="Activations.SinCos"/>).</summary>
    static abstract void SinCos(TV a, out TV sin, out TV cos);
    /// <summary>a &gt; b ? yes : no, per lane.</summary>
    static abstract TV IfGreater(TV a, TV b, TV yes, TV no);
    /// <summary>a == b ? yes : no, per lane.</summary>
    static abstract TV IfEqual(TV a, TV b, TV yes, TV no);
    /// <summary>Sum of the lanes.</summary>
    static abstract float Sum(TV a);
}

/// <summary>One float.</summary>
internal readonly struct Float1(float v) : IFloatLanes<Float1>
{
    public readonly float V = v;
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Load(ref float p, nuint i) => new(Unsafe.Add(ref p, i));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Float1 v, ref float p, nuint i) => Unsafe.Add(ref p, i) = v.V;
    public static implicit operator Float1(float v) => new(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator +(Float1 a, Float1 b) => new(a.V + b.V);
    public static Float1 operator -(Float1 a, Float1 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator *(Float1 a, Float1 b) => new(a.V * b.V);
    public static Float1 operator /(Float1 a, Float1 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator -(Float1 a) => new(-a.V);
    public static Float1 Fma(Float1 a, Float1 b, Float1 c) => new(MathF.FusedMultiplyAdd(a.V, b.V, c.V));
    // Min/Max as the vector forms with a scalar second operand behave (x86 minps/maxps): the second operand when either is NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Min(Float1 a, Float1 b) => new(a.V < b.V ? a.V : b.V);
    public static Float1 Max(Float1 a, Float1 b) => new(a.V > b.V ? a.V : b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Abs(Float1 a) => new(MathF.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Sqrt(Float1 a) => new(MathF.Sqrt(a.V));
    public static Float1 Exp(Float1 a) => new(VectorMath.Exp(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Log(Float1 a) => new(VectorMath.Log(a.V));
    public static Float1 Erf(Float1 a) => new(VectorMath.Erf(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Sigmoid(Float1 a) => new(VectorMath.Sigmoid(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 CauchyCdf(Float1 a) => new(Activations.ZooMath.CauchyCdf(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Log1pUnit(Float1 a) => new(VectorMath.Log1pUnit(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos(Float1 a, out Float1 sin, out Float1 cos)
    {
        Activations.SinCos.Of(a.V, out float s, out float c);
        (sin, cos) = (new(s), new(c));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 IfGreater(Float1 a, Float1 b, Float1 yes, Float1 no) => a.V > b.V ? yes : no;
    public static Float1 IfEqual(Float1 a, Float1 b, Float1 yes, Float1 no) => a.V == b.V ? yes : no;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Float1 a) => a.V;
}

/// <summary>Eight floats (AVX2).</summary>
internal readonly struct Float8(Vector256<float> v) : IFloatLanes<Float8>
{
    public readonly Vector256<float> V = v;
    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Load(ref float p, nuint i) => new(Vector256.LoadUnsafe(ref p, i));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Float8 v, ref float p, nuint i) => v.V.StoreUnsafe(ref p, i);
    public static implicit operator Float8(float v) => new(Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator +(Float8 a, Float8 b) => new(a.V + b.V);
    public static Float8 operator -(Float8 a, Float8 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator *(Float8 a, Float8 b) => new(a.V * b.V);
    public static Float8 operator /(Float8 a, Float8 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator -(Float8 a) => new(-a.V);
    public static Float8 Fma(Float8 a, Float8 b, Float8 c) => new(Vector256.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Min(Float8 a, Float8 b) => new(Vector256.ConditionalSelect(Vector256.LessThan(a.V, b.V), a.V, b.V));
    public static Float8 Max(Float8 a, Float8 b) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Abs(Float8 a) => new(Vector256.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Sqrt(Float8 a) => new(Vector256.Sqrt(a.V));
    public static Float8 Exp(Float8 a) => new(VectorMath.Exp(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Log(Float8 a) => new(VectorMath.Log(a.V));
    public static Float8 Erf(Float8 a) => new(VectorMath.Erf(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Sigmoid(Float8 a) => new(VectorMath.Sigmoid(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 CauchyCdf(Float8 a) => new(Activations.ZooMath.CauchyCdf(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Log1pUnit(Float8 a) => new(VectorMath.Log1pUnit(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos(Float8 a, out Float8 sin, out Float8 cos)
    {
        Activations.SinCos.Of(a.V, out var s, out var c);
        (sin, cos) = (new(s), new(c));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 IfGreater(Float8 a, Float8 b, Float8 yes, Float8 no) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.V, b.V), yes.V, no.V));
    public static Float8 IfEqual(Float8 a, Float8 b, Float8 yes, Float8 no) => new(Vector256.ConditionalSelect(Vector256.Equals(a.V, b.V), yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Float8 a) => Vector256.Sum(a.V);
}

/// <summary>Sixteen floats (AVX-512).</summary>
internal readonly struct Float16(Vector512<float> v) : IFloatLanes<Float16>
{
    public readonly Vector512<float> V = v;
    public static int Count => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Load(ref float p, nuint i) => new(Vector512.LoadUnsafe(ref p, i));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Float16 v, ref float p, nuint i) => v.V.StoreUnsafe(ref p, i);
    public static implicit operator Float16(float v) => new(Vector512.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator +(Float16 a, Float16 b) => new(a.V + b.V);
    public static Float16 operator -(Float16 a, Float16 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator *(Float16 a, Float16 b) => new(a.V * b.V);
    public static Float16 operator /(Float16 a, Float16 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator -(Float16 a) => new(-a.V);
    public static Float16 Fma(Float16 a, Float16 b, Float16 c) => new(Vector512.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Min(Float16 a, Float16 b) => new(Vector512.ConditionalSelect(Vector512.LessThan(a.V, b.V), a.V, b.V));
    public static Float16 Max(Float16 a, Float16 b) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.V, b.V), a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Abs(Float16 a) => new(Vector512.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Sqrt(Float16 a) => new(Vector512.Sqrt(a.V));
    public static Float16 Exp(Float16 a) => new(VectorMath.Exp(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Log(Float16 a) => new(VectorMath.Log(a.V));
    public static Float16 Erf(Float16 a) => new(VectorMath.Erf(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Sigmoid(Float16 a) => new(VectorMath.Sigmoid(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 CauchyCdf(Float16 a) => new(Activations.ZooMath.CauchyCdf(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Log1pUnit(Float16 a) => new(VectorMath.Log1pUnit(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos(Float16 a, out Float16 sin, out Float16 cos)
    {
        Activations.SinCos.Of(a.V, out var s, out var c);
        (sin, cos) = (new(s), new(c));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 IfGreater(Float16 a, Float16 b, Float16 yes, Float16 no) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.V, b.V), yes.V, no.V));
    public static Float16 IfEqual(Float16 a, Float16 b, Float16 yes, Float16 no) => new(Vector512.ConditionalSelect(Vector512.Equals(a.V, b.V), yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Float16 a) => Vector512.Sum(a.V);
}
