using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Activa.Kernels;
using Activa.Nn;

namespace Activa.Models.Ctr.Scoring;

/// <summary>
/// DIN's local activation unit for one user against N candidates, without building the N×L unit inputs
/// [q, k, q − k, q ⊙ k]. The first layer is linear, so for hidden unit h
/// W·[q, k, q − k, q ⊙ k] + b = ((W_q + W_d)·q + b) (once per candidate) + ((W_k − W_d)·k) (once per behaviour) +
/// (W_p ⊙ q)·k (per pair). The last term is one GEMM per block of candidates: the rows W_p,h ⊙ qᵢ of every candidate
/// and unit in the block times Kᵀ, giving a unit-major block [candidate, unit, behaviour]. Then one pass per
/// (candidate, unit) row of L behaviours adds the two other terms, applies the unit's activation (its coefficients
/// are scalars there) and accumulates the output unit's weighted sum into the L scores. Then the optional softmax over
/// the behaviours, and the pooling Σⱼ aᵢⱼ·kⱼ as one more GEMM.
/// </summary>
internal sealed class DinAttentionScoring
{
    /// <summary>Floats of unit values per block of candidates: the block stays in the L2 cache between its two passes.</summary>
    private const int BlockFloats = 1 << 15;

    private readonly int _w, _hidden;
    private readonly float[] _wq, _wk, _wp, _bias, _out;
    private readonly float _outBias;
    private readonly ScoringActivation _activation;
    private readonly bool _softmax;
    private float[] _candidateTerm = [], _behaviourTerm = [], _scores = [];
    private Workspace[] _workspaces = [];

    /// <summary>What one worker needs for a block of candidates: the scaled W_p rows, the unit block, one score row.</summary>
    private sealed class Workspace
    {
        public float[] Scaled = [], Units = [], Row = [];
    }

    /// <summary>Copies the unit of <paramref name="attention"/> for behaviour vectors of width <paramref name="width"/> (2d).</summary>
    /// <exception cref="NotSupportedException">Not the shape DIN builds: Linear(4·width → H), activation, Linear(H → 1).</exception>
    public DinAttentionScoring(Sequential attention, int width, bool softmax)
    {
        if (attention.Layers.Count != 3 || attention.Layers[0] is not Linear first || attention.Layers[2] is not Linear second
            || first.InFeatures != 4 * width || second.OutFeatures != 1 || second.InFeatures != first.OutFeatures)
            throw new NotSupportedException($"CTR scoring: DIN's attention unit must be Linear({4 * width} → H), an activation, Linear(H → 1); got {attention}.");
        _w = width;
        _hidden = first.OutFeatures;
        _softmax = softmax;
        var w1 = first.Weight.ToArray();                                      // [H, 4w]: columns q | k | q − k | q ⊙ k
        _wq = new float[_hidden * width];
        _wk = new float[_hidden * width];
        _wp = new float[_hidden * width];
        for (int h = 0; h < _hidden; h++)
            for (int t = 0; t < width; t++)
            {
                int row = h * 4 * width;
                float d = w1[row + 2 * width + t];
                _wq[h * width + t] = w1[row + t] + d;
                _wk[h * width + t] = w1[row + width + t] - d;
                _wp[h * width + t] = w1[row + 3 * width + t];
            }
        _bias = first.Bias?.ToArray() ?? new float[_hidden];
        _activation = ScoringActivation.For(attention.Layers[1], _hidden, ScoringMlp.StrideFor(_hidden));
        _out = second.Weight.ToArray();
        _outBias = second.Bias?.ToArray()[0] ?? 0f;
    }

    /// <summary>The same (read-only) weights with workspaces of its own.</summary>
    public DinAttentionScoring Clone()
    {
        var copy = (DinAttentionScoring)MemberwiseClone();
        copy._candidateTerm = copy._behaviourTerm = copy._scores = [];
        copy._workspaces = [];
        return copy;
    }

    // Candidates per block for histories padded to lp.
    private int BlockCandidates(int lp) => Math.Max(1, BlockFloats / (_hidden * Math.Max(1, lp)));

    /// <summary>Grows the workspaces for <paramref name="candidates"/> × <paramref name="behaviours"/> pairs and <paramref name="workers"/> parallel workers.</summary>
    public void EnsureCapacity(int candidates, int behaviours, int workers = 1)
    {
        int lp = ScoringMlp.StrideFor(Math.Max(1, behaviours)), block = Math.Min(candidates, BlockCandidates(lp));
        if (_candidateTerm.Length < candidates * _hidden) _candidateTerm = new float[candidates * _hidden];
        if (_behaviourTerm.Length < _hidden * lp) _behaviourTerm = new float[_hidden * lp];
        if (_scores.Length < candidates * behaviours) _scores = new float[candidates * behaviours];
        if (_workspaces.Length < workers) _workspaces = [.. _workspaces, .. Enumerable.Range(0, workers - _workspaces.Length).Select(_ => new Workspace())];
        foreach (var ws in _workspaces)
        {
            if (ws.Scaled.Length < block * _hidden * _w) ws.Scaled = new float[block * _hidden * _w];
            if (ws.Units.Length < block * _hidden * lp) ws.Units = new float[block * _hidden * lp];
            if (ws.Row.Length < lp) ws.Row = new float[lp];
        }
    }

    /// <summary>
    /// Pools the <paramref name="l"/> behaviours <paramref name="k"/> ([L, w]) for each of the <paramref name="n"/>
    /// candidates <paramref name="q"/> ([N, w]) into <paramref name="pooled"/> (row i at i·<paramref name="pooledStride"/>).
    /// With <paramref name="workers"/> &gt; 1 the blocks of candidates are shared out over the worker pool.
    /// </summary>
    public void Pool(float[] q, float[] k, int n, int l, Span<float> pooled, int pooledStride, int workers = 1)
    {
        int w = _w, hn = _hidden;
        if (l == 0)
        {
            for (int i = 0; i < n; i++) pooled.Slice(i * pooledStride, w).Clear();
            return;
        }
        int lp = ScoringMlp.StrideFor(l), block = BlockCandidates(lp), blocks = (n + block - 1) / block;
        workers = Math.Clamp(workers, 1, blocks);
        EnsureCapacity(n, l, workers);
        var cand = _candidateTerm.AsSpan(0, n * hn);
        var beh = _behaviourTerm.AsSpan(0, hn * lp);
        var scores = _scores.AsSpan(0, n * l);
        for (int i = 0; i < n; i++) _bias.CopyTo(cand.Slice(i * hn, hn));
        Gemm.Sgemm(false, true, n, hn, w, 1f, q.AsSpan(0, n * w), w, _wq, w, 1f, cand, hn);     // [N, H]: (W_q + W_d)·q + b
        Gemm.Sgemm(false, true, hn, l, w, 1f, _wk, w, k.AsSpan(0, l * w), w, 0f, beh, lp);      // [H, L]: (W_k − W_d)·k
        if (workers == 1) Blocks(q, k, n, l, 0, blocks, _workspaces[0]);
        else Parallelism.For(workers, new BlockBody(this, q, k, n, l, blocks, workers));
        if (_softmax)
            for (int i = 0; i < n; i++) Softmax(scores.Slice(i * l, l));
        Gemm.Sgemm(false, false, n, w, l, 1f, scores, l, k.AsSpan(0, l * w), w, 0f, pooled, pooledStride);    // Σⱼ aᵢⱼ·kⱼ
    }

    private readonly struct BlockBody(DinAttentionScoring unit, float[] q, float[] k, int n, int l, int blocks, int workers) : IParallelBody
    {
        public void Run(int index) =>
            unit.Blocks(q, k, n, l, blocks * index / workers, blocks * (index + 1) / workers, unit._workspaces[index]);
    }

    // The pair scores of the candidates in blocks [from, to): one GEMM per block, then one pass per candidate.
    private void Blocks(float[] q, float[] k, int n, int l, int from, int to, Workspace ws)
    {
        int w = _w, hn = _hidden, lp = ScoringMlp.StrideFor(l), block = BlockCandidates(lp);
        for (int b = from; b < to; b++)
        {
            int i0 = b * block, m = Math.Min(block, n - i0);
            var scaled = ws.Scaled.AsSpan(0, m * hn * w);
            var units = ws.Units.AsSpan(0, m * hn * lp);
            for (int i = 0; i < m; i++)
            {
                var qi = q.AsSpan((i0 + i) * w, w);
                for (int h = 0; h < hn; h++) Elementwise.Zip(new MulOp(), _wp.AsSpan(h * w, w), qi, scaled.Slice((i * hn + h) * w, w));
            }
            Gemm.Sgemm(false, true, m * hn, l, w, 1f, scaled, w, k.AsSpan(0, l * w), w, 0f, units, lp);   // [m·H, L]: (W_p,h ⊙ qᵢ)·kⱼ
            for (int i = 0; i < m; i++)
            {
                var cand = _candidateTerm.AsSpan((i0 + i) * hn, hn);
                var beh = _behaviourTerm.AsSpan(0, hn * lp);
                var row = ws.Row.AsSpan(0, lp);
                switch (ScoringActivation.Width)
                {
                    case 16: Scores<Float16>(units.Slice(i * hn * lp, hn * lp), cand, beh, row); break;
                    case 8: Scores<Float8>(units.Slice(i * hn * lp, hn * lp), cand, beh, row); break;
                    default: Scores<Float1>(units.Slice(i * hn * lp, hn * lp), cand, beh, row); break;
                }
                row[..l].CopyTo(_scores.AsSpan((i0 + i) * l, l));
            }
        }
    }

    // One candidate: for each unit h, its row of L (padded to lp) behaviours gets the candidate's and the behaviours'
    // terms, the unit's activation, and is added into the scores with the output weight of h. The padding columns
    // are computed (finite: the workspaces start at zero) and never read.
    private void Scores<TV>(Span<float> units, ReadOnlySpan<float> candidate, ReadOnlySpan<float> behaviours, Span<float> scores)
        where TV : struct, IFloatLanes<TV>
    {
        int lp = scores.Length;
        scores.Fill(_outBias);
        ref float acc = ref MemoryMarshal.GetReference(scores);
        for (int h = 0; h < _hidden; h++)
        {
            var rowSpan = units.Slice(h * lp, lp);
            ref float row = ref MemoryMarshal.GetReference(rowSpan);
            ref float bh = ref Unsafe.AsRef(in behaviours[h * lp]);
            TV ch = candidate[h];
            for (nuint j = 0; j < (nuint)lp; j += (nuint)TV.Count)
                TV.Store(TV.Load(ref row, j) + TV.Load(ref bh, j) + ch, ref row, j);
            _activation.ApplyUnit(h, rowSpan);
            float weight = _out[h];
            for (nuint j = 0; j < (nuint)lp; j += (nuint)TV.Count)
                TV.Store(TV.Fma(TV.Load(ref row, j), weight, TV.Load(ref acc, j)), ref acc, j);
        }
    }

    private static void Softmax(Span<float> x)
    {
        float max = float.NegativeInfinity;
        foreach (float v in x) max = Math.Max(max, v);
        Elementwise.Map(new AffineOp(1f, -max), x, x);
        Elementwise.Map(new ExpOp(), x, x);
        Elementwise.Map(new AffineOp(1f / Reduce.Sum(x), 0f), x, x);
    }
}
