using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>
/// Vectorised float32 elementary functions for the kernels: exp, log, log1p, tanh, sigmoid, softplus, erf.
/// </summary>
/// <remarks>
/// <para>Each function exists as <c>float</c>, <see cref="Vector256{T}"/> and <see cref="Vector512{T}"/>
/// overloads that run the same sequence of IEEE operations (fused multiply-adds included), so the
/// scalar path returns the same bits as every lane of the vector paths; the tests check this. Vector
/// paths have no branches and no per-lane loops: range switches are masks and blends. Without hardware
/// FMA the runtime emulates it, which keeps the results but not the speed.</para>
/// <para>Polynomial and rational coefficients are minimax fits computed for this file (weighted
/// least squares with Lawson iteration in double, each coefficient rounded to float and the rest
/// refitted). The errors quoted in each member's documentation were measured against double
/// precision over every float in the stated range, not estimated.</para>
/// </remarks>
public static partial class VectorMath
{
    // ---- shared constants ----

    private const float Ln2Hi = 0.693147182f;          // float(ln 2)
    private const float Ln2Lo = -1.90465430e-9f;       // ln 2 − Ln2Hi

    // ---- small helpers: one place for the spelling of a fused multiply-add with a constant ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, float c) =>
        Vector256.FusedMultiplyAdd(a, b, Vector256.Create(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, float c) =>
        Vector512.FusedMultiplyAdd(a, b, Vector512.Create(c));

    /// <summary>x &lt; limit ? ifLess : otherwise, as a compare and blend: a scalar branch on the sign or
    /// size of random data mispredicts half the time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SelectLess(float x, float limit, float ifLess, float otherwise) =>
        Vector128.ConditionalSelect(Vector128.LessThan(Vector128.CreateScalarUnsafe(x), Vector128.CreateScalarUnsafe(limit)),
            Vector128.CreateScalarUnsafe(ifLess), Vector128.CreateScalarUnsafe(otherwise)).ToScalar();
}
