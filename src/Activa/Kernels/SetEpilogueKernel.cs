using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Activations;

namespace Activa.Kernels;

/// <summary>
/// The GEMM epilogue and backward prologue of a learnable activation's set kernel <typeparamref name="TOp"/> after a
/// Linear layer, whose output columns are the activation's channels. Built for one forward call: the coefficients of
/// that step are laid out per column (K rows of one value per column, whatever the sharing), so a lane group of
/// columns loads its own coefficients; the backward accumulates each column's parameter-gradient terms in float over
/// blocks of <see cref="SetKernel.FlushRows"/> rows, then in double, and <see cref="Sums"/> adds the columns of each
/// set in column order — the same sums at any thread count.
/// </summary>
internal sealed unsafe class SetEpilogueKernel<TOp> : EpilogueKernel where TOp : struct, ISetKernel
{
    private readonly float[] _coef;      // [K × cols]
    private readonly float[] _grad;      // [M × cols] float sums of the current row block
    private readonly double[] _sums;     // [M × cols]
    private readonly int[] _setOf;
    private readonly int _cols, _groups;

    /// <param name="coef">Per-set coefficients, [groups × K] row-major.</param>
    /// <param name="setOf">The parameter set of each of the <paramref name="cols"/> columns.</param>
    /// <param name="groups">Number of parameter sets.</param>
    /// <param name="cols">Output features of the Linear layer (the activation's channels).</param>
    public SetEpilogueKernel(float[] coef, int[] setOf, int groups, int cols)
    {
        int k = TOp.CoefficientCount, m = TOp.GradientCount;
        (_setOf, _cols, _groups) = (setOf, cols, groups);
        _coef = new float[Math.Max(1, k * cols)];
        for (int i = 0; i < k; i++)
            for (int c = 0; c < cols; c++) _coef[i * cols + c] = coef[setOf[c] * k + i];
        _grad = new float[Math.Max(1, m * cols)];
        _sums = new double[Math.Max(1, m * cols)];
    }

    public override DerivativeInput Uses => DerivativeInput.Input;

    public override void Tile(float* c, nint ldc, int col0, float* bias, float* z, int rows, int cols)
    {
        if (bias != null) bias += col0;
        for (int r = 0; r < rows; r++, c += ldc, z = z == null ? null : z + ldc)
        {
            nuint j = 0, n = (nuint)cols;
            if (Vector512.IsHardwareAccelerated) j = TileLanes<Float16>(c, col0, bias, z, j, n);
            else if (Vector256.IsHardwareAccelerated) j = TileLanes<Float8>(c, col0, bias, z, j, n);
            TileLanes<Float1>(c, col0, bias, z, j, n);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private nuint TileLanes<TV>(float* c, int col0, float* bias, float* z, nuint j, nuint n) where TV : struct, IFloatLanes<TV>
    {
        ref float rc = ref Unsafe.AsRef<float>(c);
        ref float coef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_coef), col0);
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
        {
            TV v = TV.Load(ref rc, j);
            if (bias != null) v += TV.Load(ref Unsafe.AsRef<float>(bias), j);
            if (z != null) TV.Store(v, ref Unsafe.AsRef<float>(z), j);
            TV.Store(TOp.Forward(v, SetLanes.Load<TOp, TV>(ref coef, _cols, j)), ref rc, j);
        }
        return j;
    }

    public override void Prologue(float* g, float* a, float* b, float* dz, float* db, int rows, int cols, int col0, int col1)
    {
        for (int r0 = 0; r0 < rows; r0 += SetKernel.FlushRows)
        {
            int r1 = Math.Min(rows, r0 + SetKernel.FlushRows);
            for (int r = r0; r < r1; r++)
            {
                nint o = (nint)r * cols;
                float* sum = r == 0 ? null : db;
                nuint j = (nuint)col0, n = (nuint)col1;
                if (Vector512.IsHardwareAccelerated) j = PrologueLanes<Float16>(g + o, a + o, dz + o, db, sum, r == r0, j, n);
                else if (Vector256.IsHardwareAccelerated) j = PrologueLanes<Float8>(g + o, a + o, dz + o, db, sum, r == r0, j, n);
                PrologueLanes<Float1>(g + o, a + o, dz + o, db, sum, r == r0, j, n);
            }
            for (int i = 0; i < TOp.GradientCount; i++)
                for (int c = col0; c < col1; c++) _sums[i * _cols + c] += _grad[i * _cols + c];
        }
    }

    // One row: dz = the kernel's input gradient, the parameter terms added to this block's float sums (which start at
    // zero on the block's first row), db as in the fixed activations' prologue.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private nuint PrologueLanes<TV>(float* pg, float* px, float* pdz, float* pdb, float* psum, bool blockStart, nuint j, nuint n)
        where TV : struct, IFloatLanes<TV>
    {
        ref float g = ref Unsafe.AsRef<float>(pg);
        ref float x = ref Unsafe.AsRef<float>(px);
        ref float dz = ref Unsafe.AsRef<float>(pdz);
        ref float db = ref Unsafe.AsRef<float>(pdb);
        ref float coef = ref MemoryMarshal.GetArrayDataReference(_coef);
        ref float grad = ref MemoryMarshal.GetArrayDataReference(_grad);
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
        {
            var acc = blockStart ? SetLanes.Zero<TOp, TV>() : SetLanes.LoadGrads<TOp, TV>(ref grad, _cols, j);
            TV d = TOp.Backward(TV.Load(ref x, j), TV.Load(ref g, j), SetLanes.Load<TOp, TV>(ref coef, _cols, j), ref acc);
            SetLanes.StoreGrads<TOp, TV>(ref grad, _cols, j, acc);
            TV.Store(d, ref dz, j);
            if (pdb != null) TV.Store(psum == null ? d : TV.Load(ref db, j) + d, ref db, j);
        }
        return j;
    }

    /// <summary>Forgets the sums of an earlier backward pass (a graph kept with retainGraph runs backward again).</summary>
    public void ClearSums() => Array.Clear(_sums);

    /// <summary>The per-set sums Σ g·∂y/∂θₘ of the last backward pass, [groups × M] row-major (as <see cref="SetKernel.Backward{TOp}"/>).</summary>
    public double[] Sums()
    {
        int m = TOp.GradientCount;
        var sums = new double[_groups * m];
        for (int c = 0; c < _cols; c++)
            for (int i = 0; i < m; i++) sums[_setOf[c] * m + i] += _sums[i * _cols + c];
        return sums;
    }
}
