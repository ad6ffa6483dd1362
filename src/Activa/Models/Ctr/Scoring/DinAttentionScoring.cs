using Activa.Kernels;
using Activa.Nn;

namespace Activa.Models.Ctr.Scoring;

/// <summary>
/// DIN's local activation unit for one user against N candidates, without building the N×L unit inputs
/// [q, k, q − k, q ⊙ k]. The first layer is linear, so W·[q, k, q − k, q ⊙ k] + b = (W_q + W_d)·q + b (once per
/// candidate) + (W_k − W_d)·k (once per behaviour) + W_p·(q ⊙ k) (per pair): only the product term costs an N·L-row
/// GEMM, of width 2d instead of 8d. Then the activation, the output unit (one score per pair), the optional softmax
/// over the behaviours, and the pooling Σⱼ aᵢⱼ·kⱼ as one more GEMM.
/// </summary>
internal sealed class DinAttentionScoring
{
    private readonly int _w, _hidden, _stride;
    private readonly float[] _wq, _wk, _wp, _bias, _out;
    private readonly float _outBias;
    private readonly ScoringActivation _activation;
    private readonly bool _softmax;
    private float[] _candidateTerm = [], _behaviourTerm = [], _products = [], _units = [], _scores = [];

    /// <summary>Copies the unit of <paramref name="attention"/> for behaviour vectors of width <paramref name="width"/> (2d).</summary>
    /// <exception cref="NotSupportedException">Not the shape DIN builds: Linear(4·width → H), activation, Linear(H → 1).</exception>
    public DinAttentionScoring(Sequential attention, int width, bool softmax)
    {
        if (attention.Layers.Count != 3 || attention.Layers[0] is not Linear first || attention.Layers[2] is not Linear second
            || first.InFeatures != 4 * width || second.OutFeatures != 1 || second.InFeatures != first.OutFeatures)
            throw new NotSupportedException($"CTR scoring: DIN's attention unit must be Linear({4 * width} → H), an activation, Linear(H → 1); got {attention}.");
        _w = width;
        _hidden = first.OutFeatures;
        _stride = ScoringMlp.StrideFor(_hidden);
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
        _activation = ScoringActivation.For(attention.Layers[1], _hidden, _stride);
        _out = second.Weight.ToArray();
        _outBias = second.Bias?.ToArray()[0] ?? 0f;
    }

    /// <summary>The same (read-only) weights with workspaces of its own.</summary>
    public DinAttentionScoring Clone()
    {
        var copy = (DinAttentionScoring)MemberwiseClone();
        copy._candidateTerm = copy._behaviourTerm = copy._products = copy._units = copy._scores = [];
        return copy;
    }

    /// <summary>Grows the workspaces for <paramref name="candidates"/> × <paramref name="behaviours"/> pairs.</summary>
    public void EnsureCapacity(int candidates, int behaviours)
    {
        int pairs = candidates * behaviours;
        if (_candidateTerm.Length < candidates * _stride) _candidateTerm = new float[candidates * _stride];
        if (_behaviourTerm.Length < behaviours * _stride) _behaviourTerm = new float[behaviours * _stride];
        if (_products.Length < pairs * _w) _products = new float[pairs * _w];
        if (_units.Length < pairs * _stride) _units = new float[pairs * _stride];
        if (_scores.Length < pairs) _scores = new float[pairs];
    }

    /// <summary>
    /// Pools the <paramref name="l"/> behaviours <paramref name="k"/> ([L, w]) for each of the <paramref name="n"/>
    /// candidates <paramref name="q"/> ([N, w]) into <paramref name="pooled"/> (row i at i·<paramref name="pooledStride"/>).
    /// </summary>
    public void Pool(ReadOnlySpan<float> q, ReadOnlySpan<float> k, int n, int l, Span<float> pooled, int pooledStride)
    {
        int w = _w, s = _stride, pairs = n * l;
        if (l == 0)
        {
            for (int i = 0; i < n; i++) pooled.Slice(i * pooledStride, w).Clear();
            return;
        }
        EnsureCapacity(n, l);
        var cand = _candidateTerm.AsSpan(0, n * s);
        var beh = _behaviourTerm.AsSpan(0, l * s);
        var products = _products.AsSpan(0, pairs * w);
        var units = _units.AsSpan(0, pairs * s);
        var scores = _scores.AsSpan(0, pairs);

        for (int i = 0; i < n; i++) _bias.CopyTo(cand.Slice(i * s, _hidden));
        Gemm.Sgemm(false, true, n, _hidden, w, 1f, q, w, _wq, w, 1f, cand, s);        // (W_q + W_d)·q + b
        Gemm.Sgemm(false, true, l, _hidden, w, 1f, k, w, _wk, w, 0f, beh, s);         // (W_k − W_d)·k
        for (int i = 0; i < n; i++)
        {
            var qi = q.Slice(i * w, w);
            for (int j = 0; j < l; j++) Elementwise.Zip(new MulOp(), qi, k.Slice(j * w, w), products.Slice((i * l + j) * w, w));
        }
        Gemm.Sgemm(false, true, pairs, _hidden, w, 1f, products, w, _wp, w, 0f, units, s);   // W_p·(q ⊙ k)
        for (int i = 0; i < n; i++)
        {
            var ci = cand.Slice(i * s, s);
            for (int j = 0; j < l; j++)
            {
                var row = units.Slice((i * l + j) * s, s);
                Elementwise.Zip(new AddOp(), row, ci, row);
                Elementwise.Zip(new AddOp(), row, beh.Slice(j * s, s), row);
            }
        }
        _activation.Apply(units, pairs, s);
        Gemm.Sgemm(false, true, pairs, 1, _hidden, 1f, units, s, _out, _hidden, 0f, scores, 1);
        Elementwise.Map(new AffineOp(1f, _outBias), scores, scores);
        if (_softmax)
            for (int i = 0; i < n; i++) Softmax(scores.Slice(i * l, l));
        Gemm.Sgemm(false, false, n, w, l, 1f, scores, l, k, w, 0f, pooled, pooledStride);    // Σⱼ aᵢⱼ·kⱼ
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
