using Activa.Data.Ctr.Features;
using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// FinalMLP on a feature batch: two MLP streams over e = [e₁ … e_F, dense] (bags and sequences pooled). Each stream
/// selects features with its own gate, hₖ = 2σ(MLPₖ(e)) ⊙ e (the paper's feature selection with the whole input as
/// context — a schema does not say which fields are user side and which item side; the factor 2 makes a fresh gate
/// about 1), then oₖ = MLPₖ(hₖ); multi-head bilinear fusion gives the logit b + w₁ᵀo₁ + w₂ᵀo₂ + Σₕ o₁,ₕᵀ W₃,ₕ o₂,ₕ.
/// Without gates and fusion (<c>gated: false</c>) it is DualMLP: the two streams' logits summed.
/// Mao, Zhu, Wang, Jin, Liu &amp; He, "FinalMLP: An Enhanced Two-Stream MLP Model for CTR Prediction", AAAI 2023.
/// </summary>
public sealed class FieldFinalMlp : FieldCtrModel
{
    private readonly Sequential _stream1, _stream2;
    private readonly Sequential? _gate1, _gate2;
    private readonly Linear? _linear1, _linear2;
    private readonly Tensor? _bilinear;
    private readonly int _heads, _out1, _out2;

    /// <summary>Whether the streams are gated and fused (FinalMLP) or summed (DualMLP).</summary>
    public bool Gated { get; }

    /// <summary>Creates the model for <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">Empty hidden widths, or heads that do not divide the streams' output widths.</exception>
    public FieldFinalMlp(FieldLayout layout, CtrModelOptions options, Generator generator, bool gated) : base(layout, options, generator)
    {
        Gated = gated;
        if (options.Hidden.Length == 0 || options.SecondHidden.Length == 0)
            throw new ArgumentException("FinalMLP: both streams need at least one hidden layer (Hidden, SecondHidden).");
        int e = Inputs.Width;
        if (!gated)
        {
            _stream1 = RegisterModule("stream1", Mlp(e, options.Hidden, options.Activation, 1, generator));
            _stream2 = RegisterModule("stream2", Mlp(e, options.SecondHidden, options.Activation, 1, generator));
            return;
        }
        _heads = options.FusionHeads;
        _out1 = options.Hidden[^1];
        _out2 = options.SecondHidden[^1];
        if (_heads < 1 || _out1 % _heads != 0 || _out2 % _heads != 0)
            throw new ArgumentException($"FinalMLP: {_heads} fusion heads must divide both stream widths ({_out1}, {_out2}).");
        _gate1 = RegisterModule("gate1", Mlp(e, [FinalMlp.GateHidden], "relu", e, generator));
        _gate2 = RegisterModule("gate2", Mlp(e, [FinalMlp.GateHidden], "relu", e, generator));
        _stream1 = RegisterModule("stream1", Mlp(e, options.Hidden, options.Activation, 0, generator));
        _stream2 = RegisterModule("stream2", Mlp(e, options.SecondHidden, options.Activation, 0, generator));
        _linear1 = RegisterModule("linear1", new Linear(_out1, 1, generator: generator));
        _linear2 = RegisterModule("linear2", new Linear(_out2, 1, bias: false, generator: generator));
        int a = _out1 / _heads, c = _out2 / _heads;
        _bilinear = RegisterParameter("bilinear", Tensor.Randn([_heads, a, c], generator).Mul(1f / MathF.Sqrt(a * c)).Detach());
    }

    /// <inheritdoc/>
    public override Tensor Logits(FeatureBatch batch)
    {
        var x = Inputs.Forward(batch);
        int n = x.Count;
        var e = x.Flat();
        if (!Gated) return _stream1.Forward(e).Add(_stream2.Forward(e)).Reshape(n);
        var o1 = _stream1.Forward(_gate1!.Forward(e).Sigmoid().Mul(2f).Mul(e));
        var o2 = _stream2.Forward(_gate2!.Forward(e).Sigmoid().Mul(2f).Mul(e));
        // Per head h: o₁,ₕᵀ W₃,ₕ o₂,ₕ as a batched product over the heads: [H, B, a]·[H, a, c] → [H, B, c], then ⊙ o₂,ₕ.
        var o1h = o1.Reshape(n, _heads, _out1 / _heads).Transpose(0, 1).Contiguous();
        var o2h = o2.Reshape(n, _heads, _out2 / _heads).Transpose(0, 1).Contiguous();
        var bilinear = o1h.MatMul(_bilinear!).Mul(o2h).Sum([0, 2]);
        return _linear1!.Forward(o1).Add(_linear2!.Forward(o2)).Reshape(n).Add(bilinear);
    }
}
