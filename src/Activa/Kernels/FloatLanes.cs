using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Activa.Kernels;

/// <summary>
/// A float lane type — one float (<see cref="Float1"/>), 8 (<see cref="Float8"/>, AVX2) or 16 (<see cref="Float16"/>,
/// AVX-512) — with the arithmetic and math the per-element kernels need. Each kernel (an activation's forward and
/// derivative, an optimiser update, a GEMV) is written once as a generic method over <typeparamref name="TV"/> and the
/// JIT specialises it per width. Scalar and vector paths then run the same sequence of operations (fused multiply-adds
/// included), so they agree bit for bit wherever the primitives do, and "the vector lanes equal the scalar path" is a
/// test of one body run three ways.
/// </summary>
/// <remarks>Masks (the results of comparisons) are lanes with all bits set (true) or clear (false), as the hardware's
/// compare instructions produce them; <see cref="Select(TV, TV, TV)"/> and the bitwise operations take them.</remarks>
public interface IFloatLanes<TV> where TV : struct, IFloatLanes<TV>
{
    /// <summary>Lanes per value.</summary>
    static abstract int Count { get; }
    /// <summary>Loads <see cref="Count"/> floats from p[i].</summary>
    static abstract TV Load(ref float p, nuint i);
    /// <summary>Stores <paramref name="v"/> to p[i].</summary>
    static abstract void Store(TV v, ref float p, nuint i);
    /// <summary>Broadcast.</summary>
    static abstract implicit operator TV(float v);
    /// <summary>Lane-wise sum.</summary>
    static abstract TV operator +(TV a, TV b);
    /// <summary>Lane-wise difference.</summary>
    static abstract TV operator -(TV a, TV b);
    /// <summary>Lane-wise product.</summary>
    static abstract TV operator *(TV a, TV b);
    /// <summary>Lane-wise quotient.</summary>
    static abstract TV operator /(TV a, TV b);
    /// <summary>Negation.</summary>
    static abstract TV operator -(TV a);
    /// <summary>a·b + c with one rounding.</summary>
    static abstract TV Fma(TV a, TV b, TV c);
    /// <summary>a·b + c with one rounding and a broadcast c. A separate overload (chosen wherever c is a float) so that a
    /// polynomial's coefficients cost the JIT one inlined call each rather than two: the math functions are long chains
    /// of these, and fewer inlinees keep whole chains inlined into a lane loop.</summary>
    static abstract TV Fma(TV a, TV b, float c);
    /// <summary>a·b + c with one rounding and a broadcast b (see <see cref="Fma(TV, TV, float)"/>).</summary>
    static abstract TV Fma(TV a, float b, TV c);
    /// <summary>a·b + c with one rounding and broadcast b and c (see <see cref="Fma(TV, TV, float)"/>).</summary>
    static abstract TV Fma(TV a, float b, float c);
    // Arithmetic and comparisons with a broadcast constant: each saves the JIT the inlined conversion of the constant,
    // which keeps chains of math functions (an exponential inside a logarithm inside an activation) inlined whole.
    /// <summary>Lane-wise product with a broadcast b.</summary>
    static abstract TV operator *(TV a, float b);
    /// <summary>Lane-wise difference with a broadcast b.</summary>
    static abstract TV operator -(TV a, float b);
    /// <summary>Lane-wise sum with a broadcast a.</summary>
    static abstract TV operator +(float a, TV b);
    /// <summary>Lane-wise difference with a broadcast a.</summary>
    static abstract TV operator -(float a, TV b);
    /// <summary>Lane-wise quotient with a broadcast a.</summary>
    static abstract TV operator /(float a, TV b);
    /// <summary>Mask of a &lt; b, b broadcast.</summary>
    static abstract TV LessThan(TV a, float b);
    /// <summary>Mask of a &gt; b, b broadcast.</summary>
    static abstract TV GreaterThan(TV a, float b);
    /// <summary>Mask of a == b, b broadcast.</summary>
    static abstract TV EqualTo(TV a, float b);
    /// <summary>IEEE minimum (NaN if either is NaN; −0 below +0), as <see cref="MathF.Min"/>.</summary>
    static abstract TV Min(TV a, TV b);
    /// <summary>IEEE maximum (NaN if either is NaN; +0 above −0), as <see cref="MathF.Max"/>.</summary>
    static abstract TV Max(TV a, TV b);
    /// <summary>IEEE minimum with a broadcast bound. A separate overload so that a constant bound reaches the JIT as a
    /// constant while it expands the minimum: it then emits one instruction instead of the NaN- and sign-handling
    /// sequence a general IEEE minimum needs.</summary>
    static abstract TV Min(TV a, float b);
    /// <summary>IEEE maximum with a broadcast bound (see <see cref="Min(TV, float)"/>).</summary>
    static abstract TV Max(TV a, float b);
    /// <summary>The x86 minimum: a &lt; b ? a : b (b when either is NaN). One instruction.</summary>
    static abstract TV MinNative(TV a, TV b);
    /// <summary>The x86 maximum: a &gt; b ? a : b (b when either is NaN). One instruction.</summary>
    static abstract TV MaxNative(TV a, TV b);
    /// <summary>MinNative(MaxNative(x, lo), hi).</summary>
    static abstract TV ClampNative(TV x, TV lo, TV hi);
    /// <summary>|a|.</summary>
    static abstract TV Abs(TV a);
    /// <summary>Square root, correctly rounded in every width.</summary>
    static abstract TV Sqrt(TV a);
    /// <summary>|x| with the sign of s.</summary>
    static abstract TV CopySign(TV x, TV s);
    /// <summary>Mask of a &lt; b.</summary>
    static abstract TV LessThan(TV a, TV b);
    /// <summary>Mask of a ≤ b.</summary>
    static abstract TV LessThanOrEqual(TV a, TV b);
    /// <summary>Mask of a &gt; b.</summary>
    static abstract TV GreaterThan(TV a, TV b);
    /// <summary>Mask of a ≥ b.</summary>
    static abstract TV GreaterThanOrEqual(TV a, TV b);
    /// <summary>Mask of a == b.</summary>
    static abstract TV EqualTo(TV a, TV b);
    /// <summary>Bitwise select: the bits of <paramref name="yes"/> where <paramref name="mask"/> is set, else of <paramref name="no"/>.</summary>
    static abstract TV Select(TV mask, TV yes, TV no);
    /// <summary><see cref="Select(TV, TV, TV)"/> with a broadcast value (a select with +0 is cheaper written as
    /// <see cref="AndNot"/> or <see cref="And"/>).</summary>
    static abstract TV Select(TV mask, float yes, TV no);
    /// <summary><see cref="Select(TV, TV, TV)"/> with a broadcast constant (see <see cref="Select(TV, float, TV)"/>).</summary>
    static abstract TV Select(TV mask, TV yes, float no);
    /// <summary><see cref="Select(TV, TV, TV)"/> with two broadcast constants (see <see cref="Select(TV, float, TV)"/>).</summary>
    static abstract TV Select(TV mask, float yes, float no);
    /// <summary>Bitwise a &amp; b.</summary>
    static abstract TV And(TV a, TV b);
    /// <summary>Bitwise a &amp; ~b.</summary>
    static abstract TV AndNot(TV a, TV b);
    /// <summary>Bitwise a | b.</summary>
    static abstract TV Or(TV a, TV b);
    /// <summary>Bitwise a ^ b.</summary>
    static abstract TV Xor(TV a, TV b);
    /// <summary>a &gt; b ? yes : no, per lane.</summary>
    static abstract TV IfGreater(TV a, TV b, TV yes, TV no);
    /// <summary>a == b ? yes : no, per lane.</summary>
    static abstract TV IfEqual(TV a, TV b, TV yes, TV no);
    /// <summary>Sum of the lanes.</summary>
    static abstract float Sum(TV a);
    /// <summary>x·2ⁿ for lanes n holding integral values with |n| ≤ 252, rounded once (a subnormal result is rounded,
    /// not flushed): two exact power-of-two factors built from exponent bits, or one vscalefps where AVX-512 has it.</summary>
    static abstract TV ScaleB(TV x, TV n);
    /// <summary>a − b on the lanes' bits read as 32-bit integers (exponent and mantissa arithmetic).</summary>
    static abstract TV SubtractInt32(TV a, TV b);
    /// <summary>The lanes' bits read as 32-bit integers, shifted left by <paramref name="count"/>.</summary>
    static abstract TV ShiftLeftInt32(TV a, int count);
    /// <summary>The lanes' bits read as 32-bit integers, shifted right by <paramref name="count"/> copying the sign bit.</summary>
    static abstract TV ShiftRightArithmeticInt32(TV a, int count);
    /// <summary>The lanes' bits read as 32-bit integers, converted to float values.</summary>
    static abstract TV ConvertInt32ToSingle(TV a);
    /// <summary>eˣ (<see cref="VectorMath.Exp{TV}(TV)"/>).</summary>
    static abstract TV Exp(TV a);
    /// <summary>ln x (<see cref="VectorMath.Log{TV}(TV)"/>).</summary>
    static abstract TV Log(TV a);
    /// <summary>ln(1 + x) (<see cref="VectorMath.Log1p{TV}(TV)"/>).</summary>
    static abstract TV Log1p(TV a);
    /// <summary>ln(1 + a) for a in [0, 1] (<see cref="VectorMath.Log1pUnit{TV}(TV)"/>).</summary>
    static abstract TV Log1pUnit(TV a);
    /// <summary>erf x (<see cref="VectorMath.Erf{TV}(TV)"/>).</summary>
    static abstract TV Erf(TV a);
    /// <summary>The logistic sigmoid (<see cref="VectorMath.Sigmoid{TV}(TV)"/>).</summary>
    static abstract TV Sigmoid(TV a);
    /// <summary>tanh x (<see cref="VectorMath.Tanh{TV}(TV)"/>).</summary>
    static abstract TV Tanh(TV a);
    /// <summary>ln(1 + eˣ) (<see cref="VectorMath.Softplus{TV}(TV)"/>).</summary>
    static abstract TV Softplus(TV a);
    /// <summary>eᵗ − 1 for t ≤ 0, accurate near 0 (<see cref="VectorMath.ExpM1Neg{TV}(TV)"/>).</summary>
    static abstract TV ExpM1Neg(TV a);
    /// <summary>½ + arctan(a)/π, accurate in both tails (<see cref="VectorMath.CauchyCdf{TV}(TV)"/>).</summary>
    static abstract TV CauchyCdf(TV a);
    /// <summary>sin a and cos a (<see cref="VectorMath.SinCos{TV}(TV, out TV, out TV)"/>).</summary>
    static abstract void SinCos(TV a, out TV sin, out TV cos);
    /// <summary>sin(w·x) and cos(w·x), the product carried exactly (<see cref="VectorMath.SinCosOfProduct{TV}(float, TV, out TV, out TV)"/>).</summary>
    static abstract void SinCosOfProduct(float w, TV x, out TV sin, out TV cos);
    /// <summary>sinc u = sin(u)/u and its derivative, for u = hi + lo (<see cref="VectorMath.Sinc{TV}(TV, TV, out TV, out TV)"/>).</summary>
    static abstract void Sinc(TV hi, TV lo, out TV sinc, out TV derivative);
}

// Members are documented on IFloatLanes<TV>.
#pragma warning disable CS1591

/// <summary>One float: the scalar path and the tail of every vector loop.</summary>
public readonly struct Float1(float v) : IFloatLanes<Float1>
{
    /// <summary>The lanes.</summary>
    public readonly float V = v;
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Load(ref float p, nuint i) => new(Unsafe.Add(ref p, i));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Float1 v, ref float p, nuint i) => Unsafe.Add(ref p, i) = v.V;
    public static implicit operator Float1(float v) => new(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator +(Float1 a, Float1 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator -(Float1 a, Float1 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator *(Float1 a, Float1 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator /(Float1 a, Float1 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator -(Float1 a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Fma(Float1 a, Float1 b, Float1 c) => new(MathF.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Fma(Float1 a, Float1 b, float c) => new(MathF.FusedMultiplyAdd(a.V, b.V, c));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Fma(Float1 a, float b, Float1 c) => new(MathF.FusedMultiplyAdd(a.V, b, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Fma(Float1 a, float b, float c) => new(MathF.FusedMultiplyAdd(a.V, b, c));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator *(Float1 a, float b) => new(a.V * b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator -(Float1 a, float b) => new(a.V - b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator +(float a, Float1 b) => new(a + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator -(float a, Float1 b) => new(a - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 operator /(float a, Float1 b) => new(a / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 LessThan(Float1 a, float b) => new(Vector128.LessThan(S(a), Vector128.CreateScalarUnsafe(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 GreaterThan(Float1 a, float b) => new(Vector128.GreaterThan(S(a), Vector128.CreateScalarUnsafe(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 EqualTo(Float1 a, float b) => new(Vector128.Equals(S(a), Vector128.CreateScalarUnsafe(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Min(Float1 a, Float1 b) => new(MathF.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Max(Float1 a, Float1 b) => new(MathF.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Min(Float1 a, float b) => new(MathF.Min(a.V, b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Max(Float1 a, float b) => new(MathF.Max(a.V, b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 MinNative(Float1 a, Float1 b) => new(a.V < b.V ? a.V : b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 MaxNative(Float1 a, Float1 b) => new(a.V > b.V ? a.V : b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 ClampNative(Float1 x, Float1 lo, Float1 hi) => MinNative(MaxNative(x, lo), hi);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Abs(Float1 a) => new(MathF.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Sqrt(Float1 a) => new(MathF.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 CopySign(Float1 x, Float1 s) => new(MathF.CopySign(x.V, s.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 LessThan(Float1 a, Float1 b) => new(Vector128.LessThan(S(a), S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 LessThanOrEqual(Float1 a, Float1 b) => new(Vector128.LessThanOrEqual(S(a), S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 GreaterThan(Float1 a, Float1 b) => new(Vector128.GreaterThan(S(a), S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 GreaterThanOrEqual(Float1 a, Float1 b) => new(Vector128.GreaterThanOrEqual(S(a), S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 EqualTo(Float1 a, Float1 b) => new(Vector128.Equals(S(a), S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Select(Float1 mask, Float1 yes, Float1 no) => new(Vector128.ConditionalSelect(S(mask), S(yes), S(no)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Select(Float1 mask, float yes, Float1 no) => Select(mask, new Float1(yes), no);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Select(Float1 mask, Float1 yes, float no) => Select(mask, yes, new Float1(no));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Select(Float1 mask, float yes, float no) => Select(mask, new Float1(yes), new Float1(no));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 And(Float1 a, Float1 b) => new((S(a) & S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 AndNot(Float1 a, Float1 b) => new((Vector128.AndNot(S(a), S(b))).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Or(Float1 a, Float1 b) => new((S(a) | S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Xor(Float1 a, Float1 b) => new((S(a) ^ S(b)).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 IfGreater(Float1 a, Float1 b, Float1 yes, Float1 no) => a.V > b.V ? yes : no;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 IfEqual(Float1 a, Float1 b, Float1 yes, Float1 no) => a.V == b.V ? yes : no;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Float1 a) => a.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 ScaleB(Float1 x, Float1 n) { int i = float.ConvertToIntegerNative<int>(n.V), h = i >> 1; return new(x.V * Pow2(h) * Pow2(i - h)); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 SubtractInt32(Float1 a, Float1 b) => new((S(a).AsInt32() - S(b).AsInt32()).AsSingle().ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 ShiftLeftInt32(Float1 a, int count) => new(Vector128.ShiftLeft(S(a).AsInt32(), count).AsSingle().ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 ShiftRightArithmeticInt32(Float1 a, int count) => new(Vector128.ShiftRightArithmetic(S(a).AsInt32(), count).AsSingle().ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 ConvertInt32ToSingle(Float1 a) => new(Vector128.ConvertToSingle(S(a).AsInt32()).ToScalar());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Exp(Float1 a) => VectorMath.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Log(Float1 a) => VectorMath.Log(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Log1p(Float1 a) => VectorMath.Log1p(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Log1pUnit(Float1 a) => VectorMath.Log1pUnit(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Erf(Float1 a) => VectorMath.Erf(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Sigmoid(Float1 a) => VectorMath.Sigmoid(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Tanh(Float1 a) => VectorMath.Tanh(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 Softplus(Float1 a) => VectorMath.Softplus(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 ExpM1Neg(Float1 a) => VectorMath.ExpM1Neg(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float1 CauchyCdf(Float1 a) => VectorMath.CauchyCdf(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SinCos(Float1 a, out Float1 sin, out Float1 cos) => VectorMath.SinCos(a, out sin, out cos);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SinCosOfProduct(float w, Float1 x, out Float1 sin, out Float1 cos) => VectorMath.SinCosOfProduct(w, x, out sin, out cos);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Sinc(Float1 hi, Float1 lo, out Float1 sinc, out Float1 derivative) => VectorMath.Sinc(hi, lo, out sinc, out derivative);

    // Masks, selects, bitwise and integer operations stay in a vector register (compare and blend instructions on the low lane):
    // a branch on the sign or size of random data mispredicts half the time, a detour through an integer register costs moves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static Vector128<float> S(Float1 a) => Vector128.CreateScalarUnsafe(a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static float Pow2(int e) => BitConverter.Int32BitsToSingle((e + 127) << 23);
}

/// <summary>Eight floats (AVX2).</summary>
public readonly struct Float8(Vector256<float> v) : IFloatLanes<Float8>
{
    /// <summary>The lanes.</summary>
    public readonly Vector256<float> V = v;
    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Load(ref float p, nuint i) => new(Vector256.LoadUnsafe(ref p, i));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Float8 v, ref float p, nuint i) => v.V.StoreUnsafe(ref p, i);
    public static implicit operator Float8(float v) => new(Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator +(Float8 a, Float8 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator -(Float8 a, Float8 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator *(Float8 a, Float8 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator /(Float8 a, Float8 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator -(Float8 a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Fma(Float8 a, Float8 b, Float8 c) => new(Vector256.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Fma(Float8 a, Float8 b, float c) => new(Vector256.FusedMultiplyAdd(a.V, b.V, Vector256.Create(c)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Fma(Float8 a, float b, Float8 c) => new(Vector256.FusedMultiplyAdd(a.V, Vector256.Create(b), c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Fma(Float8 a, float b, float c) => new(Vector256.FusedMultiplyAdd(a.V, Vector256.Create(b), Vector256.Create(c)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator *(Float8 a, float b) => new(a.V * Vector256.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator -(Float8 a, float b) => new(a.V - Vector256.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator +(float a, Float8 b) => new(Vector256.Create(a) + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator -(float a, Float8 b) => new(Vector256.Create(a) - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 operator /(float a, Float8 b) => new(Vector256.Create(a) / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 LessThan(Float8 a, float b) => new(Vector256.LessThan(a.V, Vector256.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 GreaterThan(Float8 a, float b) => new(Vector256.GreaterThan(a.V, Vector256.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 EqualTo(Float8 a, float b) => new(Vector256.Equals(a.V, Vector256.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Min(Float8 a, Float8 b) => new(Vector256.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Max(Float8 a, Float8 b) => new(Vector256.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Min(Float8 a, float b) => new(Vector256.Min(a.V, Vector256.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Max(Float8 a, float b) => new(Vector256.Max(a.V, Vector256.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 MinNative(Float8 a, Float8 b) => new(Vector256.MinNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 MaxNative(Float8 a, Float8 b) => new(Vector256.MaxNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 ClampNative(Float8 x, Float8 lo, Float8 hi) => new(Vector256.ClampNative(x.V, lo.V, hi.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Abs(Float8 a) => new(Vector256.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Sqrt(Float8 a) => new(Vector256.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 CopySign(Float8 x, Float8 s) => new(Vector256.CopySign(x.V, s.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 LessThan(Float8 a, Float8 b) => new(Vector256.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 LessThanOrEqual(Float8 a, Float8 b) => new(Vector256.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 GreaterThan(Float8 a, Float8 b) => new(Vector256.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 GreaterThanOrEqual(Float8 a, Float8 b) => new(Vector256.GreaterThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 EqualTo(Float8 a, Float8 b) => new(Vector256.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Select(Float8 mask, Float8 yes, Float8 no) => new(Vector256.ConditionalSelect(mask.V, yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Select(Float8 mask, float yes, Float8 no) => new(Vector256.ConditionalSelect(mask.V, Vector256.Create(yes), no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Select(Float8 mask, Float8 yes, float no) => new(Vector256.ConditionalSelect(mask.V, yes.V, Vector256.Create(no)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Select(Float8 mask, float yes, float no) => new(Vector256.ConditionalSelect(mask.V, Vector256.Create(yes), Vector256.Create(no)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 And(Float8 a, Float8 b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 AndNot(Float8 a, Float8 b) => new(Vector256.AndNot(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Or(Float8 a, Float8 b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Xor(Float8 a, Float8 b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 IfGreater(Float8 a, Float8 b, Float8 yes, Float8 no) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.V, b.V), yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 IfEqual(Float8 a, Float8 b, Float8 yes, Float8 no) => new(Vector256.ConditionalSelect(Vector256.Equals(a.V, b.V), yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Float8 a) => Vector256.Sum(a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float8 ScaleB(Float8 x, Float8 n)
    {
        var i = Vector256.ConvertToInt32Native(n.V);
        var h = Vector256.ShiftRightArithmetic(i, 1);
        var bias = Vector256.Create(127);
        return new(x.V * Vector256.ShiftLeft(h + bias, 23).AsSingle() * Vector256.ShiftLeft(i - h + bias, 23).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 SubtractInt32(Float8 a, Float8 b) => new((a.V.AsInt32() - b.V.AsInt32()).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 ShiftLeftInt32(Float8 a, int count) => new(Vector256.ShiftLeft(a.V.AsInt32(), count).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 ShiftRightArithmeticInt32(Float8 a, int count) => new(Vector256.ShiftRightArithmetic(a.V.AsInt32(), count).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 ConvertInt32ToSingle(Float8 a) => new(Vector256.ConvertToSingle(a.V.AsInt32()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Exp(Float8 a) => VectorMath.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Log(Float8 a) => VectorMath.Log(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Log1p(Float8 a) => VectorMath.Log1p(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Log1pUnit(Float8 a) => VectorMath.Log1pUnit(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Erf(Float8 a) => VectorMath.Erf(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Sigmoid(Float8 a) => VectorMath.Sigmoid(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Tanh(Float8 a) => VectorMath.Tanh(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 Softplus(Float8 a) => VectorMath.Softplus(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 ExpM1Neg(Float8 a) => VectorMath.ExpM1Neg(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float8 CauchyCdf(Float8 a) => VectorMath.CauchyCdf(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SinCos(Float8 a, out Float8 sin, out Float8 cos) => VectorMath.SinCos(a, out sin, out cos);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SinCosOfProduct(float w, Float8 x, out Float8 sin, out Float8 cos) => VectorMath.SinCosOfProduct(w, x, out sin, out cos);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Sinc(Float8 hi, Float8 lo, out Float8 sinc, out Float8 derivative) => VectorMath.Sinc(hi, lo, out sinc, out derivative);
}

/// <summary>Sixteen floats (AVX-512).</summary>
public readonly struct Float16(Vector512<float> v) : IFloatLanes<Float16>
{
    /// <summary>The lanes.</summary>
    public readonly Vector512<float> V = v;
    public static int Count => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Load(ref float p, nuint i) => new(Vector512.LoadUnsafe(ref p, i));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Float16 v, ref float p, nuint i) => v.V.StoreUnsafe(ref p, i);
    public static implicit operator Float16(float v) => new(Vector512.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator +(Float16 a, Float16 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator -(Float16 a, Float16 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator *(Float16 a, Float16 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator /(Float16 a, Float16 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator -(Float16 a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Fma(Float16 a, Float16 b, Float16 c) => new(Vector512.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Fma(Float16 a, Float16 b, float c) => new(Vector512.FusedMultiplyAdd(a.V, b.V, Vector512.Create(c)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Fma(Float16 a, float b, Float16 c) => new(Vector512.FusedMultiplyAdd(a.V, Vector512.Create(b), c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Fma(Float16 a, float b, float c) => new(Vector512.FusedMultiplyAdd(a.V, Vector512.Create(b), Vector512.Create(c)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator *(Float16 a, float b) => new(a.V * Vector512.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator -(Float16 a, float b) => new(a.V - Vector512.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator +(float a, Float16 b) => new(Vector512.Create(a) + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator -(float a, Float16 b) => new(Vector512.Create(a) - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 operator /(float a, Float16 b) => new(Vector512.Create(a) / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 LessThan(Float16 a, float b) => new(Vector512.LessThan(a.V, Vector512.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 GreaterThan(Float16 a, float b) => new(Vector512.GreaterThan(a.V, Vector512.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 EqualTo(Float16 a, float b) => new(Vector512.Equals(a.V, Vector512.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Min(Float16 a, Float16 b) => new(Vector512.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Max(Float16 a, Float16 b) => new(Vector512.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Min(Float16 a, float b) => new(Vector512.Min(a.V, Vector512.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Max(Float16 a, float b) => new(Vector512.Max(a.V, Vector512.Create(b)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 MinNative(Float16 a, Float16 b) => new(Vector512.MinNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 MaxNative(Float16 a, Float16 b) => new(Vector512.MaxNative(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 ClampNative(Float16 x, Float16 lo, Float16 hi) => new(Vector512.ClampNative(x.V, lo.V, hi.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Abs(Float16 a) => new(Vector512.Abs(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Sqrt(Float16 a) => new(Vector512.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 CopySign(Float16 x, Float16 s) => new(Vector512.CopySign(x.V, s.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 LessThan(Float16 a, Float16 b) => new(Vector512.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 LessThanOrEqual(Float16 a, Float16 b) => new(Vector512.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 GreaterThan(Float16 a, Float16 b) => new(Vector512.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 GreaterThanOrEqual(Float16 a, Float16 b) => new(Vector512.GreaterThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 EqualTo(Float16 a, Float16 b) => new(Vector512.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Select(Float16 mask, Float16 yes, Float16 no) => new(Vector512.ConditionalSelect(mask.V, yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Select(Float16 mask, float yes, Float16 no) => new(Vector512.ConditionalSelect(mask.V, Vector512.Create(yes), no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Select(Float16 mask, Float16 yes, float no) => new(Vector512.ConditionalSelect(mask.V, yes.V, Vector512.Create(no)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Select(Float16 mask, float yes, float no) => new(Vector512.ConditionalSelect(mask.V, Vector512.Create(yes), Vector512.Create(no)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 And(Float16 a, Float16 b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 AndNot(Float16 a, Float16 b) => new(Vector512.AndNot(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Or(Float16 a, Float16 b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Xor(Float16 a, Float16 b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 IfGreater(Float16 a, Float16 b, Float16 yes, Float16 no) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.V, b.V), yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 IfEqual(Float16 a, Float16 b, Float16 yes, Float16 no) => new(Vector512.ConditionalSelect(Vector512.Equals(a.V, b.V), yes.V, no.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Float16 a) => Vector512.Sum(a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float16 ScaleB(Float16 x, Float16 n)
    {
        if (Avx512F.IsSupported) return new(Avx512F.Scale(x.V, n.V));
        var i = Vector512.ConvertToInt32Native(n.V);
        var h = Vector512.ShiftRightArithmetic(i, 1);
        var bias = Vector512.Create(127);
        return new(x.V * Vector512.ShiftLeft(h + bias, 23).AsSingle() * Vector512.ShiftLeft(i - h + bias, 23).AsSingle());
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 SubtractInt32(Float16 a, Float16 b) => new((a.V.AsInt32() - b.V.AsInt32()).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 ShiftLeftInt32(Float16 a, int count) => new(Vector512.ShiftLeft(a.V.AsInt32(), count).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 ShiftRightArithmeticInt32(Float16 a, int count) => new(Vector512.ShiftRightArithmetic(a.V.AsInt32(), count).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 ConvertInt32ToSingle(Float16 a) => new(Vector512.ConvertToSingle(a.V.AsInt32()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Exp(Float16 a) => VectorMath.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Log(Float16 a) => VectorMath.Log(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Log1p(Float16 a) => VectorMath.Log1p(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Log1pUnit(Float16 a) => VectorMath.Log1pUnit(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Erf(Float16 a) => VectorMath.Erf(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Sigmoid(Float16 a) => VectorMath.Sigmoid(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Tanh(Float16 a) => VectorMath.Tanh(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 Softplus(Float16 a) => VectorMath.Softplus(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 ExpM1Neg(Float16 a) => VectorMath.ExpM1Neg(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float16 CauchyCdf(Float16 a) => VectorMath.CauchyCdf(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SinCos(Float16 a, out Float16 sin, out Float16 cos) => VectorMath.SinCos(a, out sin, out cos);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SinCosOfProduct(float w, Float16 x, out Float16 sin, out Float16 cos) => VectorMath.SinCosOfProduct(w, x, out sin, out cos);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Sinc(Float16 hi, Float16 lo, out Float16 sinc, out Float16 derivative) => VectorMath.Sinc(hi, lo, out sinc, out derivative);
}
