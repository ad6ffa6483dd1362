using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Models.Forecasting;

/// <summary>
/// TSMixer (Chen et al., "TSMixer: An All-MLP Architecture for Time Series Forecasting", TMLR 2023): a stack of
/// <see cref="ForecastModelOptions.Blocks"/> mixer blocks on windows [B, L, C], then a temporal projection L → H
/// shared by the channels. Each block is
/// <list type="bullet">
/// <item>time mixing: x ← x + Dropout(act(Linear_{L→L}(Norm(x) along time))), the linear shared by the channels;</item>
/// <item>feature mixing: x ← x + Dropout(Linear_{F→C}(Dropout(act(Linear_{C→F}(Norm(x)))))), F =
/// <see cref="ForecastModelOptions.Hidden"/>, shared by the steps: this is where the channels mix.</item>
/// </list>
/// With <see cref="ForecastModelOptions.GatedAttention"/> each mixing MLP's output is gated by
/// <see cref="SoftmaxGatedAttention"/> (x ⊙ softmax(xW + b) over the mixed axis, PatchTSMixer's gate; Ekambaram et
/// al., KDD 2023) before the residual.
/// </summary>
/// <remarks>
/// Norm is a layer normalisation over the whole [L, C] window of each sample (the paper's code offers it beside a
/// batch normalisation; this one needs no running statistics and behaves the same in training and evaluation).
/// The activation is <see cref="ForecastModelOptions.Activation"/> (ReLU in the paper); a learnable one gets one
/// parameter set per unit of the layer it follows.
/// </remarks>
public sealed class TsMixer : ForecastModel
{
    private readonly List<Block> _blocks = [];

    /// <summary>The temporal projection L → H.</summary>
    public Linear Projection { get; }

    /// <summary>The mixer blocks.</summary>
    public IReadOnlyList<Module> Blocks => _blocks;

    /// <summary>Creates the model.</summary>
    public TsMixer(ForecastModelOptions options, Generator generator) : base(options)
    {
        for (int i = 0; i < options.Blocks; i++)
            _blocks.Add(RegisterModule($"block{i}", new Block(options, generator)));
        Projection = RegisterModule("projection", new Linear(L, H, generator: generator));
    }

    /// <inheritdoc/>
    protected override Tensor Forecast(Tensor input)
    {
        var x = input;
        foreach (var block in _blocks) x = block.Forward(x);
        return Projection.Forward(x.Transpose(1, 2)).Transpose(1, 2);    // [B, C, L] → [B, C, H] → [B, H, C]
    }

    /// <summary>One time-mixing + feature-mixing block on [B, L, C].</summary>
    private sealed class Block : Module
    {
        private readonly int _l, _c;
        private readonly LayerNorm _timeNorm, _featureNorm;
        private readonly Linear _time, _feature1, _feature2;
        private readonly Module _timeAct, _featureAct;
        private readonly Dropout _drop;
        private readonly SoftmaxGatedAttention? _timeGate, _featureGate;

        public Block(ForecastModelOptions o, Generator g)
        {
            _l = o.InputLength;
            _c = o.Channels;
            _timeNorm = RegisterModule("time_norm", new LayerNorm(_l * _c));
            _time = RegisterModule("time", new Linear(_l, _l, generator: g));
            _timeAct = RegisterModule("time_act", LearnableActivations.CreateModule(o.Activation, _l));
            _featureNorm = RegisterModule("feature_norm", new LayerNorm(_l * _c));
            _feature1 = RegisterModule("feature1", new Linear(_c, o.Hidden, generator: g));
            _featureAct = RegisterModule("feature_act", LearnableActivations.CreateModule(o.Activation, o.Hidden));
            _feature2 = RegisterModule("feature2", new Linear(o.Hidden, _c, generator: g));
            _drop = RegisterModule("dropout", new Dropout(o.Dropout, g));
            if (o.GatedAttention)
            {
                _timeGate = RegisterModule("time_gate", new SoftmaxGatedAttention(_l, g));
                _featureGate = RegisterModule("feature_gate", new SoftmaxGatedAttention(_c, g));
            }
        }

        private Tensor Norm(LayerNorm norm, Tensor x) => norm.Forward(x.Reshape(x.Size(0), _l * _c)).Reshape(x.Size(0), _l, _c);

        /// <summary>The activation on rows of <paramref name="units"/> values (learnable activations see [rows, units]).</summary>
        private static Tensor Activate(Module act, Tensor x, int units)
        {
            var dims = x.Shape.ToArray();
            return act.Forward(x.Reshape(-1, units)).Reshape(dims);
        }

        protected override Tensor ForwardCore(Tensor x)
        {
            // time mixing: along L, shared by the channels
            var t = _time.Forward(Norm(_timeNorm, x).Transpose(1, 2));        // [B, C, L]
            t = _drop.Forward(Activate(_timeAct, t, _l));
            if (_timeGate != null) t = _timeGate.Forward(t);
            x = x.Add(t.Transpose(1, 2));
            // feature mixing: along C, shared by the steps
            var f = Activate(_featureAct, _feature1.Forward(Norm(_featureNorm, x)), _feature1.OutFeatures);
            f = _drop.Forward(_feature2.Forward(_drop.Forward(f)));
            if (_featureGate != null) f = _featureGate.Forward(f);
            return x.Add(f);
        }
    }
}
