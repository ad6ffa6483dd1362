using Activa.Nn;

namespace Activa.Models.Ctr;

/// <summary>
/// FinalMLP's two streams and their fusion, shared by the behaviour-sample and the field models. Each stream selects
/// features with a gate on its own context, hₖ = 2σ(MLPₖ(cₖ)) ⊙ e (the factor 2 makes a fresh gate about 1), then
/// oₖ = MLPₖ(hₖ); multi-head bilinear fusion gives the logit b + w₁ᵀo₁ + w₂ᵀo₂ + Σₕ o₁,ₕᵀ W₃,ₕ o₂,ₕ, the outputs cut
/// into <see cref="CtrModelOptions.FusionHeads"/> heads. Without gates and fusion (<c>gated: false</c>) it is DualMLP:
/// the two streams' logits summed.
/// Mao, Zhu, Wang, Jin, Liu &amp; He, "FinalMLP: An Enhanced Two-Stream MLP Model for CTR Prediction", AAAI 2023.
/// </summary>
public sealed class TwoStreamMlp : Module
{
    /// <summary>Hidden width of each gate's MLP.</summary>
    public const int GateHidden = 64;

    private readonly Sequential _stream1, _stream2;
    private readonly Sequential? _gate1, _gate2;
    private readonly Linear? _linear1, _linear2;
    private readonly Tensor? _bilinear;
    private readonly int _heads, _out1, _out2;

    /// <summary>Whether the streams are gated and fused (FinalMLP) or just summed (DualMLP).</summary>
    public bool Gated { get; }

    // The parts, for the scorer (Scoring.TwoStreamScoring) that copies them.
    internal Sequential Stream1 => _stream1;
    internal Sequential Stream2 => _stream2;
    internal Sequential? Gate1 => _gate1;
    internal Sequential? Gate2 => _gate2;
    internal Linear? Linear1 => _linear1;
    internal Linear? Linear2 => _linear2;
    internal Tensor? Bilinear => _bilinear;
    internal int Heads => _heads;

    /// <summary>
    /// Streams over inputs of width <paramref name="width"/>, gated on contexts of widths <paramref name="context1"/> and
    /// <paramref name="context2"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Empty hidden widths, or heads that do not divide the streams' output widths.</exception>
    public TwoStreamMlp(int width, int context1, int context2, CtrModelOptions options, Generator generator, bool gated)
    {
        Gated = gated;
        if (options.Hidden.Length == 0 || options.SecondHidden.Length == 0)
            throw new ArgumentException("FinalMLP: both streams need at least one hidden layer (Hidden, SecondHidden).");
        if (!gated)
        {
            _stream1 = RegisterModule("stream1", CtrModel.Mlp(width, options.Hidden, options.Activation, 1, generator));
            _stream2 = RegisterModule("stream2", CtrModel.Mlp(width, options.SecondHidden, options.Activation, 1, generator));
            return;
        }
        _heads = options.FusionHeads;
        _out1 = options.Hidden[^1];
        _out2 = options.SecondHidden[^1];
        if (_heads < 1 || _out1 % _heads != 0 || _out2 % _heads != 0)
            throw new ArgumentException($"FinalMLP: {_heads} fusion heads must divide both stream widths ({_out1}, {_out2}).");
        _gate1 = RegisterModule("gate1", CtrModel.Mlp(context1, [GateHidden], "relu", width, generator));
        _gate2 = RegisterModule("gate2", CtrModel.Mlp(context2, [GateHidden], "relu", width, generator));
        _stream1 = RegisterModule("stream1", CtrModel.Mlp(width, options.Hidden, options.Activation, 0, generator));
        _stream2 = RegisterModule("stream2", CtrModel.Mlp(width, options.SecondHidden, options.Activation, 0, generator));
        _linear1 = RegisterModule("linear1", new Linear(_out1, 1, generator: generator));
        _linear2 = RegisterModule("linear2", new Linear(_out2, 1, bias: false, generator: generator));
        int a = _out1 / _heads, c = _out2 / _heads;
        _bilinear = RegisterParameter("bilinear", Tensor.Randn([_heads, a, c], generator).Mul(1f / MathF.Sqrt(a * c)).Detach());
    }

    /// <summary>One logit per row of <paramref name="e"/> [B, width]; the gates read <paramref name="context1"/> and <paramref name="context2"/>.</summary>
    public Tensor Logits(Tensor e, Tensor context1, Tensor context2)
    {
        int n = e.Size(0);
        if (!Gated) return _stream1.Forward(e).Add(_stream2.Forward(e)).Reshape(n);
        var o1 = _stream1.Forward(_gate1!.Forward(context1).Sigmoid().Mul(2f).Mul(e));
        var o2 = _stream2.Forward(_gate2!.Forward(context2).Sigmoid().Mul(2f).Mul(e));
        // Per head h: o₁,ₕᵀ W₃,ₕ o₂,ₕ as a batched product over the heads: [H, B, a]·[H, a, c] → [H, B, c], then ⊙ o₂,ₕ.
        var o1h = o1.Reshape(n, _heads, _out1 / _heads).Transpose(0, 1).Contiguous();
        var o2h = o2.Reshape(n, _heads, _out2 / _heads).Transpose(0, 1).Contiguous();
        var bilinear = o1h.MatMul(_bilinear!).Mul(o2h).Sum([0, 2]);    // [B]
        return _linear1!.Forward(o1).Add(_linear2!.Forward(o2)).Reshape(n).Add(bilinear);
    }
}
