namespace Activa.Kernels;

/// <summary>
/// Float32 elementary functions for the kernels — exp, log, log1p, tanh, sigmoid, softplus, erf, sin/cos, and the
/// activation helpers eᵗ − 1, the Cauchy distribution function and sinc — each written once as a generic method over
/// the lane type TV (<see cref="IFloatLanes{TV}"/>).
/// </summary>
/// <remarks>
/// <para>The JIT specialises each function for <see cref="Float1"/> (scalar), <see cref="Float8"/> (AVX2) and
/// <see cref="Float16"/> (AVX-512); all three run the same sequence of IEEE operations (fused multiply-adds included),
/// so the scalar path returns the same bits as every lane of the vector paths; the tests check this. There are no
/// branches and no per-lane loops: range switches are masks and blends. Without hardware FMA the runtime emulates it,
/// which keeps the results but not the speed.</para>
/// <para>Polynomial and rational coefficients are minimax fits computed for this library (weighted least squares with
/// Lawson iteration in double, each coefficient rounded to float and the rest refitted), except where a member says it
/// uses a Taylor series. The errors quoted in each member's documentation were measured against double precision
/// over every float in the stated range, not estimated.</para>
/// <para>Constants are passed as <c>float</c> and broadcast by the lane type's implicit conversion, so they
/// reach the JIT as constants.</para>
/// </remarks>
public static partial class VectorMath
{
    private const float Ln2Hi = 0.693147182f;          // float(ln 2)
    private const float Ln2Lo = -1.90465430e-9f;       // ln 2 − Ln2Hi
}
