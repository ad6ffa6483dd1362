using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Activa.Activations;

namespace Activa.Kernels;

/// <summary>
/// What a GEMM does to each finished tile of C while it is still in L1: <c>c = f(c + bias[col])</c>, the
/// pre-activation <c>c + bias</c> stored to <see cref="Z"/> (same layout and row stride as C) when the backward needs it.
/// The default value does nothing.
/// </summary>
internal readonly unsafe struct GemmEpilogue(EpilogueKernel kernel, float* bias, float* z)
{
    /// <summary>The activation's tile and prologue loops (<see cref="EpilogueKernel.Identity"/> for a bias alone).</summary>
    public EpilogueKernel? Kernel { get; } = kernel;

    /// <summary>One float per column of C, or null.</summary>
    public float* Bias { get; } = bias;

    /// <summary>Where the pre-activation goes, or null.</summary>
    public float* Z { get; } = z;

    /// <summary>Whether there is anything to do.</summary>
    public bool Active => Kernel != null;

    /// <summary>Finishes rows [<paramref name="row0"/>, +rows) × columns [<paramref name="col0"/>, +cols) of C; <paramref name="c"/> points at (row0, col0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(float* c, nint ldc, int row0, int col0, int rows, int cols) =>
        Kernel!.Tile(c, ldc, col0, Bias, Z == null ? null : Z + row0 * ldc + col0, rows, cols);
}

/// <summary>
/// An activation's loops around a GEMM: the forward epilogue applied to tiles of the output (bias, pre-activation
/// store, activation) and the backward prologue (the incoming gradient times the derivative, with the bias gradient
/// reduced in the same pass). Specialised per catalogue operator by <see cref="EpilogueKernel{TOp}"/>.
/// </summary>
internal abstract unsafe class EpilogueKernel
{
    /// <summary>The bias alone (the identity activation).</summary>
    public static readonly EpilogueKernel Identity = new EpilogueKernel<IdentityOp>(default, DerivativeInput.Output);

    /// <summary>Which saved tensor the derivative reads: the pre-activation (input), the output, or both.</summary>
    public abstract DerivativeInput Uses { get; }

    /// <summary>
    /// For each of <paramref name="rows"/> rows of <paramref name="cols"/> floats, <paramref name="ldc"/> apart, that are
    /// columns [<paramref name="col0"/>, col0 + cols) of the output: v = c + bias[col] (<paramref name="bias"/>, indexed by
    /// output column, may be null), z = v when <paramref name="z"/> (same layout as c) is not null, c = f(v).
    /// </summary>
    public abstract void Tile(float* c, nint ldc, int col0, float* bias, float* z, int rows, int cols);

    /// <summary>
    /// Columns [<paramref name="col0"/>, <paramref name="col1"/>) of contiguous [rows, cols] arrays: dz = g·f′(a, b), with
    /// a and b the saved tensors as <see cref="Uses"/> says (the one saved tensor in both slots unless it is
    /// <see cref="DerivativeInput.Both"/>: pre-activation, output); db[j] = Σ_r dz[r, j] in row order when db is not null.
    /// </summary>
    public abstract void Prologue(float* g, float* a, float* b, float* dz, float* db, int rows, int cols, int col0, int col1);

    /// <summary>
    /// <see cref="Prologue"/> over all columns, split into column blocks across threads: each bias-gradient element is
    /// summed by one thread in row order, so results do not depend on the thread count.
    /// </summary>
    public void Backward(float* g, float* a, float* b, float* dz, float* db, int rows, int cols)
    {
        if (rows == 0 && db != null) new Span<float>(db, cols).Clear(); // the sum of no rows
        int blocks = Parallelism.ItemsFor((long)rows * cols, MinBlockElements, Parallelism.Threads);
        blocks = Math.Min(blocks, (cols + BlockAlign - 1) / BlockAlign);
        if (blocks <= 1) Prologue(g, a, b, dz, db, rows, cols, 0, cols);
        else Parallelism.For(blocks, new PrologueBody(this, g, a, b, dz, db, rows, cols, blocks));
    }

    /// <summary>Column blocks start at multiples of this, so that every block but the last runs whole vectors.</summary>
    private const int BlockAlign = 16;
    private const int MinBlockElements = 1 << 15;

    private readonly struct PrologueBody(EpilogueKernel k, float* g, float* a, float* b, float* dz, float* db, int rows, int cols, int blocks)
        : IParallelBody
    {
        public void Run(int index)
        {
            int per = (cols / BlockAlign + blocks - 1) / blocks * BlockAlign;
            int c0 = Math.Min(cols, index * per), c1 = index == blocks - 1 ? cols : Math.Min(cols, c0 + per);
            if (c0 < c1) k.Prologue(g, a, b, dz, db, rows, cols, c0, c1);
        }
    }
}

/// <summary>The epilogue and prologue of catalogue operator <typeparamref name="TOp"/>: one generic body per direction,
/// run at 16 or 8 lanes, then one for the tail, with the same lane operations as <see cref="Elementwise"/>.</summary>
internal sealed unsafe class EpilogueKernel<TOp>(TOp op, DerivativeInput uses) : EpilogueKernel where TOp : struct, IActivationOp
{
    public override DerivativeInput Uses => uses;

    public override void Tile(float* c, nint ldc, int col0, float* bias, float* z, int rows, int cols)
    {
        if (bias != null) bias += col0;
        for (int r = 0; r < rows; r++, c += ldc, z = z == null ? null : z + ldc)
        {
            nuint j = 0, n = (nuint)cols;
            if (Vector512.IsHardwareAccelerated) j = TileLanes<Float16>(c, bias, z, j, n);
            else if (Vector256.IsHardwareAccelerated) j = TileLanes<Float8>(c, bias, z, j, n);
            TileLanes<Float1>(c, bias, z, j, n);
        }
    }

    // Never inlined, so that each width gets the JIT's whole inlining budget (see Elementwise.ForwardLanes).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private nuint TileLanes<TV>(float* c, float* bias, float* z, nuint j, nuint n) where TV : struct, IFloatLanes<TV>
    {
        ref float rc = ref Unsafe.AsRef<float>(c);
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
        {
            TV v = TV.Load(ref rc, j);
            if (bias != null) v += TV.Load(ref Unsafe.AsRef<float>(bias), j);
            if (z != null) TV.Store(v, ref Unsafe.AsRef<float>(z), j);
            TV.Store(op.Forward(v), ref rc, j);
        }
        return j;
    }

    public override void Prologue(float* g, float* a, float* b, float* dz, float* db, int rows, int cols, int col0, int col1)
    {
        for (int r = 0; r < rows; r++)
        {
            nint o = (nint)r * cols;
            float* sum = r == 0 ? null : db;
            nuint j = (nuint)col0, n = (nuint)col1;
            if (Vector512.IsHardwareAccelerated) j = PrologueLanes<Float16>(g + o, a + o, b + o, dz + o, db, sum, j, n);
            else if (Vector256.IsHardwareAccelerated) j = PrologueLanes<Float8>(g + o, a + o, b + o, dz + o, db, sum, j, n);
            PrologueLanes<Float1>(g + o, a + o, b + o, dz + o, db, sum, j, n);
        }
    }

    // db = sum + dz, with sum null on the first row (db = dz) and db null when no bias gradient is wanted.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private nuint PrologueLanes<TV>(float* pg, float* pa, float* pb, float* pdz, float* pdb, float* psum, nuint j, nuint n)
        where TV : struct, IFloatLanes<TV>
    {
        ref float g = ref Unsafe.AsRef<float>(pg);
        ref float a = ref Unsafe.AsRef<float>(pa);
        ref float b = ref Unsafe.AsRef<float>(pb);
        ref float dz = ref Unsafe.AsRef<float>(pdz);
        ref float db = ref Unsafe.AsRef<float>(pdb);
        for (nuint w = (nuint)TV.Count; j + w <= n; j += w)
        {
            TV d = TV.Load(ref g, j) * op.Derivative(TV.Load(ref a, j), TV.Load(ref b, j));
            TV.Store(d, ref dz, j);
            if (pdb != null) TV.Store(psum == null ? d : TV.Load(ref db, j) + d, ref db, j);
        }
        return j;
    }
}

/// <summary>An activation that has an <see cref="EpilogueKernel"/>: it can be fused into the GEMM of the layer before it.</summary>
internal interface IEpilogueSource
{
    /// <summary>The activation's epilogue and prologue, built once.</summary>
    EpilogueKernel EpilogueKernel { get; }
}
