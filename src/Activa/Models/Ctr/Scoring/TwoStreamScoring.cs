using Activa.Kernels;

namespace Activa.Models.Ctr.Scoring;

/// <summary>
/// FinalMLP's (and DualMLP's) two streams for the scorer, on the rows e = [user, q, Σⱼ kⱼ] (5d) the scorer builds:
/// each gate 2σ(MLPₖ(cₖ)) ⊙ e with c₁ = [user, Σⱼ kⱼ] and c₂ = q, each stream's MLP, then the bilinear fusion
/// b + w₁ᵀo₁ + w₂ᵀo₂ + Σₕ o₁,ₕᵀ W₃,ₕ o₂,ₕ (DualMLP: the streams' logits summed). See <see cref="TwoStreamMlp"/>.
/// </summary>
internal sealed class TwoStreamScoring
{
    private readonly ScoringMlp _stream1, _stream2;
    private readonly ScoringMlp? _gate1, _gate2;
    private readonly float[] _w1 = [], _w2 = [], _bilinear = [];
    private readonly float _bias;
    private readonly int _d, _heads, _a, _c;
    private float[] _context = [], _h1 = [], _h2 = [];
    private int _rows;

    /// <summary>Copies <paramref name="streams"/> for rows of 5·<paramref name="d"/> features.</summary>
    public TwoStreamScoring(TwoStreamMlp streams, int d)
    {
        _d = d;
        _stream1 = new ScoringMlp(streams.Stream1, "FinalMLP's first stream");
        _stream2 = new ScoringMlp(streams.Stream2, "FinalMLP's second stream");
        if (!streams.Gated) return;
        _gate1 = new ScoringMlp(streams.Gate1!, "FinalMLP's first gate");
        _gate2 = new ScoringMlp(streams.Gate2!, "FinalMLP's second gate");
        _w1 = streams.Linear1!.Weight.ToArray();
        _bias = streams.Linear1.Bias!.ToArray()[0];
        _w2 = streams.Linear2!.Weight.ToArray();
        _bilinear = streams.Bilinear!.ToArray();
        _heads = streams.Heads;
        _a = _w1.Length / _heads;
        _c = _w2.Length / _heads;
    }

    private TwoStreamScoring(TwoStreamScoring s)
    {
        (_stream1, _stream2, _gate1, _gate2) = (s._stream1.Clone(), s._stream2.Clone(), s._gate1?.Clone(), s._gate2?.Clone());
        (_w1, _w2, _bilinear, _bias, _d, _heads, _a, _c) = (s._w1, s._w2, s._bilinear, s._bias, s._d, s._heads, s._a, s._c);
        EnsureRows(s._rows);
    }

    /// <summary>The same (read-only) weights with workspaces of its own.</summary>
    public TwoStreamScoring Clone() => new(this);

    /// <summary>Grows the workspaces to <paramref name="rows"/> rows.</summary>
    public void EnsureRows(int rows)
    {
        if (rows <= _rows) return;
        _context = new float[rows * 3 * _d];
        _h1 = new float[rows * 5 * _d];
        _h2 = new float[rows * 5 * _d];
        foreach (var mlp in new[] { _stream1, _stream2, _gate1, _gate2 }) mlp?.EnsureRows(rows);
        _rows = rows;
    }

    /// <summary>Writes the logit of each of the <paramref name="n"/> rows of <paramref name="e"/> (5d floats each) to <paramref name="logits"/>.</summary>
    public void Logits(ReadOnlySpan<float> e, int n, Span<float> logits)
    {
        EnsureRows(n);
        int d = _d, x = 5 * d;
        if (_gate1 == null)
        {
            var o1 = _stream1.Run(e, x, n, out int s1);
            for (int i = 0; i < n; i++) logits[i] = o1[i * s1];
            var o2 = _stream2.Run(e, x, n, out int s2);
            for (int i = 0; i < n; i++) logits[i] += o2[i * s2];
            return;
        }
        var context = _context.AsSpan(0, n * 3 * d);
        for (int i = 0; i < n; i++)
        {
            e.Slice(i * x, d).CopyTo(context.Slice(i * 3 * d, d));
            e.Slice(i * x + 3 * d, 2 * d).CopyTo(context.Slice(i * 3 * d + d, 2 * d));
        }
        Gate(_gate1.Run(context, 3 * d, n, out int g1), g1, e, x, n, _h1);
        Gate(_gate2!.Run(e[d..], x, n, out int g2), g2, e, x, n, _h2);
        var out1 = _stream1.Run(_h1, x, n, out int t1);
        var out2 = _stream2.Run(_h2, x, n, out int t2);
        for (int i = 0; i < n; i++)
        {
            var o1 = out1.Slice(i * t1, _w1.Length);
            var o2 = out2.Slice(i * t2, _w2.Length);
            float logit = _bias;
            for (int u = 0; u < o1.Length; u++) logit += _w1[u] * o1[u];
            for (int u = 0; u < o2.Length; u++) logit += _w2[u] * o2[u];
            for (int h = 0; h < _heads; h++)
                for (int p = 0; p < _a; p++)
                {
                    var w = _bilinear.AsSpan((h * _a + p) * _c, _c);
                    float row = 0;
                    for (int q = 0; q < _c; q++) row += w[q] * o2[h * _c + q];
                    logit += o1[h * _a + p] * row;
                }
            logits[i] = logit;
        }
    }

    // h = 2σ(g) ⊙ e, row by row.
    private static void Gate(ReadOnlySpan<float> g, int stride, ReadOnlySpan<float> e, int x, int n, Span<float> h)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < x; j++)
                h[i * x + j] = 2f * VectorMath.Sigmoid<Float1>(g[i * stride + j]).V * e[i * x + j];
    }
}
