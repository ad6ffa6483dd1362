using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Nn;

/// <summary>
/// Gated recurrent unit over a sequence (Cho et al., "Learning Phrase Representations using RNN Encoder-Decoder for
/// Statistical Machine Translation", EMNLP 2014), with PyTorch's equations and parameter layout (gates in the order
/// r, z, n):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h′ = (1 − z)⊙n + z⊙h; h₀ = 0.
/// </summary>
/// <remarks>
/// The input projection of all steps is one GEMM (a <see cref="Functional.Linear"/>, [T·N, in] → [T·N, 3·hidden]);
/// the recurrence is one recorded op with a hand-written backward through time: each step is a GEMM h·W_hhᵀ and
/// one vectorised pass over the gates, and the backward runs the steps in reverse (one GEMM each for the state's
/// gradient), then forms dW_hh for all steps in a single GEMM. States are kept time-major ([T, N, hidden]) so each
/// step's operands are contiguous matrices. Initialised as PyTorch: every weight and bias U(±1/√hidden).
/// </remarks>
public sealed class Gru : Module
{
    /// <summary>Input-to-hidden weights [3·hidden, in] (r, z, n).</summary>
    public Tensor WeightIh { get; }
    /// <summary>Hidden-to-hidden weights [3·hidden, hidden].</summary>
    public Tensor WeightHh { get; }
    /// <summary>Input-side biases [3·hidden].</summary>
    public Tensor BiasIh { get; }
    /// <summary>Hidden-side biases [3·hidden] (b_hn stays inside r⊙(·), as in PyTorch).</summary>
    public Tensor BiasHh { get; }
    /// <summary>Input features per step.</summary>
    public int InputSize { get; }
    /// <summary>Hidden size.</summary>
    public int HiddenSize { get; }

    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentException">A size below 1.</exception>
    public Gru(int inputSize, int hiddenSize, Generator? generator = null)
    {
        if (inputSize < 1) throw new ArgumentException($"Gru: inputSize must be at least 1, got {inputSize}.", nameof(inputSize));
        if (hiddenSize < 1) throw new ArgumentException($"Gru: hiddenSize must be at least 1, got {hiddenSize}.", nameof(hiddenSize));
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        float b = 1f / MathF.Sqrt(hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.Uniform([3 * hiddenSize, inputSize], -b, b, generator));
        WeightHh = RegisterParameter("weight_hh", Tensor.Uniform([3 * hiddenSize, hiddenSize], -b, b, generator));
        BiasIh = RegisterParameter("bias_ih", Tensor.Uniform([3 * hiddenSize], -b, b, generator));
        BiasHh = RegisterParameter("bias_hh", Tensor.Uniform([3 * hiddenSize], -b, b, generator));
    }

    /// <summary>All hidden states: [N, T, in] → [N, T, hidden] (a view of time-major storage).</summary>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank != 3 || input.Size(2) != InputSize)
            throw new ShapeMismatchException("gru", $"input must be [N, T, {InputSize}], got {Shape.Format(input.Shape)}");
        var gi = Functional.Linear(input.Transpose(0, 1), WeightIh, BiasIh); // [T, N, 3H]
        return Recurrence(gi, WeightHh, BiasHh).Transpose(0, 1);
    }

    /// <summary>The recurrence from precomputed input projections <paramref name="gi"/> [T, N, 3H] → states [T, N, H].</summary>
    internal static unsafe Tensor Recurrence(Tensor gi, Tensor whh, Tensor bhh)
    {
        int steps = gi.Size(0), n = gi.Size(1), h3 = gi.Size(2), h = h3 / 3;
        if (whh.Rank != 2 || whh.Size(0) != h3 || whh.Size(1) != h || bhh.Rank != 1 || bhh.Size(0) != h3 || h3 != 3 * h)
            throw new ShapeMismatchException("gru", $"projections {Shape.Format(gi.Shape)}, weight_hh {Shape.Format(whh.Shape)} and bias_hh {Shape.Format(bhh.Shape)} do not fit");
        var g = gi.Contiguous();
        var w = whh.Contiguous();
        var bias = bhh.Contiguous();
        int block = n * h;
        var states = new float[(steps + 1) * block];   // states[0] = h₀ = 0
        var cache = StoragePool.Rent(steps * n * 4 * h); // per row: r | z | n | W_hn h + b_hn
        var gh = new float[n * h3];
        fixed (float* pw = w.Storage, ps = states, pgh = gh)
            for (int t = 0; t < steps; t++)
            {
                for (int r = 0; r < n; r++) bias.Storage.AsSpan(bias.Offset, h3).CopyTo(gh.AsSpan(r * h3, h3));
                if (t > 0) Gemm.Sgemm(false, true, n, h3, h, 1f, ps + t * block, h, pw + w.Offset, h, 1f, pgh, h3);
                StepForward(g.Storage, g.Offset + t * n * h3, gh, states, t * block, (t + 1) * block, cache, t * n * 4 * h, n, h);
            }
        var y = new Tensor(states, block, [steps, n, h], Shape.ContiguousStrides([steps, n, h]));
        var result = Tensor.Record(y, "gru", [gi, whh, bhh], grad =>
        {
            var dy = grad.Contiguous();
            var dgi = Tensor.Empty([steps, n, h3]);
            var dgh = StoragePool.Rent(steps * n * h3);
            var dh = new float[block];
            fixed (float* pw = w.Storage, ps = states, pdgh = dgh, pdh = dh)
            {
                for (int t = steps - 1; t >= 0; t--)
                {
                    StepBackward(cache, t * n * 4 * h, states, t * block, dy.Storage, dy.Offset + t * block, dh, dgi.Storage, t * n * h3, dgh, n, h);
                    if (t > 0) Gemm.Sgemm(false, false, n, h, h3, 1f, pdgh + t * n * h3, h3, pw + w.Offset, h, 1f, pdh, h);
                }
                Tensor? dw = null, db = null;
                if (whh.RequiresGrad)
                {
                    dw = Tensor.Zeros(3 * h, h);
                    if (steps > 1)
                        fixed (float* pdw = dw.Storage)
                            Gemm.Sgemm(true, false, h3, h, (steps - 1) * n, 1f, pdgh + n * h3, h3, ps + block, h, 0f, pdw, h);
                }
                if (bhh.RequiresGrad) db = new Tensor(dgh, 0, [steps * n, h3], [h3, 1]).Sum(0);
                StoragePool.Return(dgh);
                return [gi.RequiresGrad ? dgi : null, dw, db];
            }
        }, onRelease: () => StoragePool.Return(cache)); // the backward reads the states, which are the output's storage
        if (!result.RequiresGrad) StoragePool.Return(cache);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StepForward(float[] gi, int gio, float[] gh, float[] states, int prevOffset, int outOffset, float[] cache, int co, int n, int h)
    {
        ref float pgi = ref MemoryMarshal.GetArrayDataReference(gi);
        ref float pgh = ref MemoryMarshal.GetArrayDataReference(gh);
        ref float ps = ref MemoryMarshal.GetArrayDataReference(states);
        ref float pc = ref MemoryMarshal.GetArrayDataReference(cache);
        for (int r = 0; r < n; r++)
        {
            ref float a = ref Unsafe.Add(ref pgi, gio + r * 3 * h);
            ref float b = ref Unsafe.Add(ref pgh, r * 3 * h);
            ref float hp = ref Unsafe.Add(ref ps, prevOffset + r * h);
            ref float ho = ref Unsafe.Add(ref ps, outOffset + r * h);
            ref float c = ref Unsafe.Add(ref pc, co + r * 4 * h);
            nuint len = (nuint)h;
            for (nuint gate = 0; gate < 2; gate++) // r, then z: σ(gi + gh) into the cache
            {
                ref float ag = ref Unsafe.Add(ref a, gate * len);
                ref float bg = ref Unsafe.Add(ref b, gate * len);
                ref float cg = ref Unsafe.Add(ref c, gate * len);
                nuint k = 0;
                if (Vector512.IsHardwareAccelerated) k = GateLanes<Float16>(ref ag, ref bg, ref cg, k, len);
                if (Vector256.IsHardwareAccelerated) k = GateLanes<Float8>(ref ag, ref bg, ref cg, k, len);
                GateLanes<Float1>(ref ag, ref bg, ref cg, k, len);
            }
            nuint j = 0;
            if (Vector512.IsHardwareAccelerated) j = StateLanes<Float16>(ref a, ref b, ref hp, ref ho, ref c, j, len);
            if (Vector256.IsHardwareAccelerated) j = StateLanes<Float8>(ref a, ref b, ref hp, ref ho, ref c, j, len);
            StateLanes<Float1>(ref a, ref b, ref hp, ref ho, ref c, j, len);
        }
    }

    // Lane loops are methods of their own so that each width gets the JIT's whole inlining budget (docs/architecture.md),
    // with one transcendental function each (several in one loop can overrun the budget). They and the row loops are
    // compiled fully optimised from the first call: called once per row and step, their tiered early versions are slow
    // for many steps.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nuint GateLanes<TV>(ref float gi, ref float gh, ref float c, nuint j, nuint h) where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= h; j += w)
            TV.Store(TV.Sigmoid(TV.Load(ref gi, j) + TV.Load(ref gh, j)), ref c, j);
        return j;
    }

    /// <summary>With r and z in the cache: n = tanh(gi_n + r⊙hn), h′ = n + z⊙(h − n); keeps n and hn.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nuint StateLanes<TV>(ref float gi, ref float gh, ref float hp, ref float ho, ref float c, nuint j, nuint h)
        where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= h; j += w)
        {
            TV r = TV.Load(ref c, j), z = TV.Load(ref c, h + j);
            TV hn = TV.Load(ref gh, 2 * h + j);
            TV nn = TV.Tanh(TV.Fma(r, hn, TV.Load(ref gi, 2 * h + j)));
            TV.Store(TV.Fma(z, TV.Load(ref hp, j) - nn, nn), ref ho, j);
            TV.Store(nn, ref c, 2 * h + j);
            TV.Store(hn, ref c, 3 * h + j);
        }
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StepBackward(float[] cache, int co, float[] states, int prevOffset, float[] dy, int dyo, float[] dh, float[] dgi, int dgio,
        float[] dgh, int n, int h)
    {
        ref float pc = ref MemoryMarshal.GetArrayDataReference(cache);
        ref float ps = ref MemoryMarshal.GetArrayDataReference(states);
        ref float pdy = ref MemoryMarshal.GetArrayDataReference(dy);
        ref float pdh = ref MemoryMarshal.GetArrayDataReference(dh);
        ref float pdgi = ref MemoryMarshal.GetArrayDataReference(dgi);
        ref float pdgh = ref MemoryMarshal.GetArrayDataReference(dgh);
        for (int r = 0; r < n; r++)
        {
            ref float c = ref Unsafe.Add(ref pc, co + r * 4 * h);
            ref float hp = ref Unsafe.Add(ref ps, prevOffset + r * h);
            ref float y = ref Unsafe.Add(ref pdy, dyo + r * h);
            ref float d = ref Unsafe.Add(ref pdh, r * h);
            ref float a = ref Unsafe.Add(ref pdgi, dgio + r * 3 * h);
            ref float b = ref Unsafe.Add(ref pdgh, dgio + r * 3 * h);
            nuint j = 0, len = (nuint)h;
            if (Vector512.IsHardwareAccelerated) j = BackwardLanes<Float16>(ref c, ref hp, ref y, ref d, ref a, ref b, j, len);
            if (Vector256.IsHardwareAccelerated) j = BackwardLanes<Float8>(ref c, ref hp, ref y, ref d, ref a, ref b, j, len);
            BackwardLanes<Float1>(ref c, ref hp, ref y, ref d, ref a, ref b, j, len);
        }
    }

    /// <summary>
    /// One step back: with d = dh + dy, dn = d(1 − z), dz = d(h_prev − n), pre-activation gradients
    /// a_n = dn(1 − n²), a_r = a_n·hn·r(1 − r), a_z = dz·z(1 − z); dgi = [a_r, a_z, a_n], dgh = [a_r, a_z, a_n·r];
    /// dh becomes d·z (the caller adds dgh·W_hh).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nuint BackwardLanes<TV>(ref float c, ref float hp, ref float dy, ref float dh, ref float dgi, ref float dgh, nuint j, nuint h)
        where TV : struct, IFloatLanes<TV>
    {
        for (nuint w = (nuint)TV.Count; j + w <= h; j += w)
        {
            TV r = TV.Load(ref c, j), z = TV.Load(ref c, h + j), nn = TV.Load(ref c, 2 * h + j), hn = TV.Load(ref c, 3 * h + j);
            TV d = TV.Load(ref dh, j) + TV.Load(ref dy, j);
            TV an = d * (1f - z) * (1f - nn * nn);
            TV ar = an * hn * r * (1f - r);
            TV az = d * (TV.Load(ref hp, j) - nn) * z * (1f - z);
            TV.Store(ar, ref dgi, j);
            TV.Store(az, ref dgi, h + j);
            TV.Store(an, ref dgi, 2 * h + j);
            TV.Store(ar, ref dgh, j);
            TV.Store(az, ref dgh, h + j);
            TV.Store(an * r, ref dgh, 2 * h + j);
            TV.Store(d * z, ref dh, j);
        }
        return j;
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"in={InputSize}, hidden={HiddenSize}";
}
