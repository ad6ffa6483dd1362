using Activa.Models.Forecasting;
using Activa.Nn;

namespace Activa.Onnx;

/// <summary>
/// ONNX export of the forecasting models (<see cref="ForecastModel"/>: linear, DLinear, GRU, PGN, TPGN, TSMixer): input
/// "input" [batch, L, C] (the standardised window, as the model reads it), output "forecast" [batch, H, C]. RevIn as
/// ReduceMean over the steps, Sub, Div (and the affine map), undone on the forecast; channel-independent models on
/// the series [batch, C, L] with MatMul over time; DLinear's moving average as a constant [L, L] averaging matrix
/// (edge replication folded in); the GRU as the ONNX GRU op (gates reordered to z, r, h; linear_before_reset = 1, as
/// PyTorch and Activa compute n); PGN's causal window linear as its block Toeplitz matrix [T·in, T·d] and the gated
/// fusion σ(g)⊙h + (1 − σ(g))⊙tanh(c) as elementary ops; TSMixer's layer norms as ReduceMean decompositions and its
/// softmax gate as Softmax. Dropout is omitted (inference).
/// </summary>
public static class OnnxForecast
{
    /// <summary>The graph input's name.</summary>
    public const string InputName = "input";
    /// <summary>The graph output's name.</summary>
    public const string OutputName = "forecast";

    /// <summary>The ONNX model (ModelProto bytes) of <paramref name="model"/> with its current weights.</summary>
    /// <exception cref="NotSupportedException">A model or layer without an ONNX form here (named).</exception>
    public static byte[] Model(ForecastModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = model.Options;
        int l = o.InputLength, h = o.Horizon, c = o.Channels;
        var g = new OnnxGraph("activa-forecast-" + (model.Name.Length > 0 ? model.Name : model.GetType().Name.ToLowerInvariant()));
        string x = InputName;
        string? mean = null, std = null;
        if (model.Normalization is { } revin) (x, mean, std) = Normalize(g, revin, x);
        string y = model switch
        {
            LinearForecast linear => FromSeries(g, OnnxLayers.Linear(g, linear.Projection, ToSeries(g, x), false)),
            DLinear dlinear => DLinearNodes(g, dlinear, x),
            GruForecast gru => FromSeries(g, g.Node("Reshape", [OnnxLayers.Linear(g, gru.Head, GruLast(g, gru.Gru, ToSeries(g, x), l), true), Shape(g, -1, c, h)])),
            Pgn pgn => FromSeries(g, g.Node("Reshape", [PgnNodes(g, pgn, ToSeries(g, x), l), Shape(g, -1, c, h)])),
            Tpgn tpgn => FromSeries(g, g.Node("Reshape", [TpgnNodes(g, tpgn, g.Node("Reshape", [ToSeries(g, x), Shape(g, -1, l)])), Shape(g, -1, c, h)])),
            TsMixer mixer => TsMixerNodes(g, mixer, x),
            _ => throw new NotSupportedException($"ONNX export has no form for the forecasting model '{model.GetType().Name}'; it writes {string.Join(", ", ForecastModel.Names)}."),
        };
        if (model.Normalization is { } r) y = Denormalize(g, r, y, mean!, std!);
        g.Output(OutputName, y);
        return g.ToModel(Inputs(model), Outputs(model), OnnxExport.ProducerVersion);
    }

    /// <summary>Writes the ONNX model of <paramref name="model"/> to <paramref name="path"/>; returns a line naming its input and output and their shapes.</summary>
    public static string Save(string path, ForecastModel model)
    {
        File.WriteAllBytes(path, Model(model));
        return $"input {Inputs(model)[0]}, output {Outputs(model)[0]}";
    }

    private static OnnxValue[] Inputs(ForecastModel m) => [new(InputName, OnnxGraph.FloatType, [-1, m.Options.InputLength, m.Options.Channels])];

    private static OnnxValue[] Outputs(ForecastModel m) => [new(OutputName, OnnxGraph.FloatType, [-1, m.Options.Horizon, m.Options.Channels])];

    private static string Shape(OnnxGraph g, params long[] dims) => g.Int64("shape", dims, dims.Length);

    private static string Transpose(OnnxGraph g, string x, params long[] perm) => g.Node("Transpose", [x], ("perm", perm));

    /// <summary>[B, L, C] → [B, C, L]: one series per window and channel, time last.</summary>
    private static string ToSeries(OnnxGraph g, string x) => Transpose(g, x, 0, 2, 1);

    /// <summary>[B, C, H] → [B, H, C].</summary>
    private static string FromSeries(OnnxGraph g, string y) => Transpose(g, y, 0, 2, 1);

    /// <summary>RevIn: (x − mean)/std per window and channel over the steps, std = √(var + ε), then the affine map.</summary>
    private static (string Y, string Mean, string Std) Normalize(OnnxGraph g, RevIn revin, string x)
    {
        var mean = g.Node("ReduceMean", [x], ("axes", new long[] { 1 }), ("keepdims", 1));
        var centred = g.Node("Sub", [x, mean]);
        var variance = g.Node("ReduceMean", [g.Node("Mul", [centred, centred])], ("axes", new long[] { 1 }), ("keepdims", 1));
        var std = g.Node("Sqrt", [g.Node("Add", [variance, g.Scalar("eps", revin.Eps)])]);
        var y = g.Node("Div", [centred, std]);
        if (revin.Weight is { } w) y = g.Node("Add", [g.Node("Mul", [y, g.Constant("revin_weight", w.ToArray(), revin.Channels)]), g.Constant("revin_bias", revin.Bias!.ToArray(), revin.Channels)]);
        return (y, mean, std);
    }

    /// <summary>RevIn undone: ((y − b)/(w + ε²))·std + mean.</summary>
    private static string Denormalize(OnnxGraph g, RevIn revin, string y, string mean, string std)
    {
        if (revin.Weight is { } w)
            y = g.Node("Div", [g.Node("Sub", [y, g.Constant("revin_bias", revin.Bias!.ToArray(), revin.Channels)]),
                g.Constant("revin_weight_eps", [.. w.ToArray().Select(v => v + revin.Eps * revin.Eps)], revin.Channels)]);
        return g.Node("Add", [g.Node("Mul", [y, std]), mean]);
    }

    /// <summary>DLinear: seasonal x − trend and trend A·x (A the moving-average matrix), each through its map over time, summed.</summary>
    private static string DLinearNodes(OnnxGraph g, DLinear model, string x)
    {
        var o = model.Options;
        int l = o.InputLength, h = o.Horizon, c = o.Channels;
        var series = ToSeries(g, x);                                                    // [B, C, L]
        var trend = g.Node("MatMul", [series, g.Constant("moving_average_t", AverageMatrixTransposed(l, o.MovingAverage), l, l)]);
        var seasonal = g.Node("Sub", [series, trend]);
        if (!o.Individual)
        {
            var linears = model.NamedChildren().ToDictionary(m => m.Name, m => (Linear)m.Module);
            return FromSeries(g, g.Node("Add", [OnnxLayers.Linear(g, linears["seasonal"], seasonal, false), OnnxLayers.Linear(g, linears["trend"], trend, false)]));
        }
        // per channel: [C, B, L] @ [C, L, H] + [C, 1, H] → [C, B, H]
        var p = model.NamedParameters().ToDictionary(q => q.Name, q => q.Parameter);
        string PerChannel(string part, string weight, string bias)
        {
            var w = p[weight].ToArray();                                                // [C, H, L] → [C, L, H]
            var wt = new float[w.Length];
            for (int ch = 0; ch < c; ch++)
                for (int k = 0; k < h; k++)
                    for (int i = 0; i < l; i++) wt[(ch * l + i) * h + k] = w[(ch * h + k) * l + i];
            return g.Node("Add", [g.Node("MatMul", [Transpose(g, part, 1, 0, 2), g.Constant(weight, wt, c, l, h)]), g.Constant(bias, p[bias].ToArray(), c, 1, h)]);
        }
        var y = g.Node("Add", [PerChannel(seasonal, "seasonal_weight", "seasonal_bias"), PerChannel(trend, "trend_weight", "trend_bias")]);
        return Transpose(g, y, 1, 2, 0);                                                // [B, H, C]
    }

    /// <summary>
    /// Aᵀ for trend = x·Aᵀ: A[t, s] = (1/k)·#{j ∈ [−p₁, p₂] : clamp(t + j, 0, L − 1) = s}, p₁ = ⌊(k − 1)/2⌋, p₂ = k − 1 − p₁.
    /// </summary>
    private static float[] AverageMatrixTransposed(int l, int k)
    {
        int front = (k - 1) / 2;
        var counts = new int[l * l];
        for (int t = 0; t < l; t++)
            for (int j = -front; j <= k - 1 - front; j++) counts[Math.Clamp(t + j, 0, l - 1) * l + t]++;
        return [.. counts.Select(n => n / (float)k)];
    }

    /// <summary>The GRU over the series [B, C, L] (one feature per step): the ONNX GRU op, its state after the last step [B·C, hidden].</summary>
    private static string GruLast(OnnxGraph g, Gru gru, string series, int steps)
    {
        int hidden = gru.HiddenSize, inputs = gru.InputSize;
        var x = g.Node("Unsqueeze", [Transpose(g, g.Node("Reshape", [series, Shape(g, -1, steps)]), 1, 0), g.Int64("axes", [2], 1)]);   // [L, N, 1]
        // Activa (as PyTorch) stores the gates r, z, n; ONNX wants z, r, h
        float[] Reorder(float[] v, int width)
        {
            int block = hidden * width;
            return [.. v.AsSpan(block, block), .. v.AsSpan(0, block), .. v.AsSpan(2 * block, block)];
        }
        var w = g.Constant("gru_w", Reorder(gru.WeightIh.ToArray(), inputs), 1, 3 * hidden, inputs);
        var r = g.Constant("gru_r", Reorder(gru.WeightHh.ToArray(), hidden), 1, 3 * hidden, hidden);
        var b = g.Constant("gru_b", [.. Reorder(gru.BiasIh.ToArray(), 1), .. Reorder(gru.BiasHh.ToArray(), 1)], 1, 6 * hidden);
        var states = g.Node("GRU", [x, w, r, b], ("hidden_size", hidden), ("linear_before_reset", 1));            // [L, 1, N, hidden]
        var last = g.Node("Gather", [states, g.Int64("last", [steps - 1])], ("axis", 0));                          // [1, N, hidden]
        return g.Node("Reshape", [last, Shape(g, -1, hidden)]);
    }

    /// <summary>PGN forecaster on the series [B, C, L]: the PGN layer over the L steps, the aggregation L·d → d and the head; [B·C, H].</summary>
    private static string PgnNodes(OnnxGraph g, Pgn model, string series, int steps)
    {
        int d = model.Options.DModel;
        var x3 = g.Node("Reshape", [series, Shape(g, -1, steps, 1)]);
        var states = PgnLayerNodes(g, model.Layer, x3, steps);                                                   // [N, L, d]
        var features = OnnxLayers.Linear(g, model.Aggregate, g.Node("Reshape", [states, Shape(g, -1, (long)steps * d)]), true);
        return OnnxLayers.Linear(g, model.Head, features, true);
    }

    /// <summary>
    /// A <see cref="PgnLayer"/> on <paramref name="x3"/> [N, T, in]: HIE hₜ = b + Σ W_j·x_{t−j} as one MatMul with the
    /// block Toeplitz K[(s, i), (t, o)] = W[o, i, t − s − 1] (1 ≤ t − s ≤ w), the gate projection of [x, h], and the
    /// gated fusion σ(g)⊙h + (1 − σ(g))⊙tanh(c); [N, T, d].
    /// </summary>
    private static string PgnLayerNodes(OnnxGraph g, PgnLayer layer, string x3, int steps)
    {
        var hie = layer.Hie;
        int din = hie.InFeatures, d = hie.OutFeatures, window = hie.Window;
        var w = hie.Weight.ToArray();
        var k = new float[steps * din * steps * d];
        for (int s = 0; s < steps; s++)
            for (int t = s + 1; t <= Math.Min(steps - 1, s + window); t++)
                for (int i = 0; i < din; i++)
                    for (int o = 0; o < d; o++) k[(s * din + i) * steps * d + t * d + o] = w[(o * din + i) * window + t - s - 1];
        var bias = hie.Bias.ToArray();
        var flat = g.Node("Reshape", [x3, Shape(g, -1, (long)steps * din)]);
        var h = g.Node("Add", [g.Node("MatMul", [flat, g.Constant("hie_toeplitz", k, (long)steps * din, (long)steps * d)]),
            g.Constant("hie_bias", [.. Enumerable.Range(0, steps * d).Select(e => bias[e % d])], (long)steps * d)]);
        h = g.Node("Reshape", [h, Shape(g, -1, steps, d)]);
        var gates = OnnxLayers.Linear(g, layer.Gate, g.Node("Concat", [x3, h], ("axis", 2)), false);           // [N, T, 2d]
        var gate = g.Node("Sigmoid", [OnnxLayers.LastSlice(g, gates, 0, d)]);
        var candidate = g.Node("Tanh", [OnnxLayers.LastSlice(g, gates, d, 2 * d)]);
        // σ(g)⊙h + (1 − σ(g))⊙ĥ = ĥ + σ(g)⊙(h − ĥ)
        return g.Node("Add", [g.Node("Mul", [gate, h]), g.Node("Mul", [g.Node("Sub", [g.Scalar("one", 1f), gate]), candidate])]);
    }

    /// <summary>TPGN on series [N, L]: the long-term PGN down the rows of every phase, the short-term patch branch, the head per phase; [N, H].</summary>
    private static string TpgnNodes(OnnxGraph g, Tpgn model, string x)
    {
        var o = model.Options;
        int l = o.InputLength, h = o.Horizon, p = o.Period, patch = o.EffectivePatchLength, d = o.DModel, rows = model.Rows, patches = model.Patches;
        string PadFront(int length)
        {
            int pad = length - l;
            if (pad == 0) return x;
            var first = g.Node("Slice", [x, g.Int64("starts", [0], 1), g.Int64("ends", [1], 1), g.Int64("axes", [1], 1)]);
            return g.Node("Concat", [g.Node("Mul", [first, g.Constant("ones", [.. Enumerable.Repeat(1f, pad)], 1, pad)]), x], ("axis", 1));
        }
        var grid = g.Node("Reshape", [PadFront(rows * p), Shape(g, -1, rows, p)]);                            // [N, R, P]
        var columns = g.Node("Reshape", [Transpose(g, grid, 0, 2, 1), Shape(g, -1, rows, 1)]);                  // [N·P, R, 1]
        var longH = PgnLayerNodes(g, model.LongTerm, columns, rows);                                            // [N·P, R, d]
        var longF = g.Node("Reshape", [OnnxLayers.Linear(g, model.LongAggregate, g.Node("Reshape", [longH, Shape(g, -1, (long)rows * d)]), true), Shape(g, -1, p, d)]);
        var patchGrid = patch == p ? grid : g.Node("Reshape", [PadFront(patches * patch), Shape(g, -1, patches, patch)]);
        var embedded = OnnxLayers.Linear(g, model.PatchEmbedding, patchGrid, false);                           // [N, patches, d]
        var shortF = OnnxLayers.Linear(g, model.PatchMixing, g.Node("Reshape", [embedded, Shape(g, -1, (long)patches * d)]), true);
        var shortP = g.Node("Expand", [g.Node("Unsqueeze", [shortF, g.Int64("axes", [1], 1)]), Shape(g, 1, p, d)]);
        var both = g.Node("Concat", [longF, shortP], ("axis", 2));                                             // [N, P, 2d]
        var y = OnnxLayers.Linear(g, model.Head, both, false);                                                  // [N, P, R_out]
        var steps = g.Node("Reshape", [Transpose(g, y, 0, 2, 1), Shape(g, -1, (long)model.OutputRows * p)]);
        return model.OutputRows * p == h ? steps
            : g.Node("Slice", [steps, g.Int64("starts", [0], 1), g.Int64("ends", [h], 1), g.Int64("axes", [1], 1)]);
    }

    /// <summary>TSMixer on [B, L, C]: the mixer blocks (time mixing, feature mixing), then the projection over time; [B, H, C].</summary>
    private static string TsMixerNodes(OnnxGraph g, TsMixer model, string x)
    {
        int l = model.Options.InputLength, c = model.Options.Channels;
        for (int index = 0; index < model.Blocks.Count; index++)
        {
            var parts = model.Blocks[index].NamedChildren().ToDictionary(m => m.Name, m => m.Module);
            T Part<T>(string name) where T : Module => (T)parts[name];
            string Norm(string name, string v) =>
                g.Node("Reshape", [LayerNormNodes(g, Part<LayerNorm>(name), g.Node("Reshape", [v, Shape(g, -1, (long)l * c)])), Shape(g, -1, l, c)]);
            string Activate(string name, string v, int units, long middle)
            {
                var rows = g.Node("Reshape", [v, Shape(g, -1, units)]);
                string a;
                try
                {
                    a = OnnxActivations.Apply(g, Part<Module>(name), rows, units);
                }
                catch (NotSupportedException e)
                {
                    throw new NotSupportedException($"TSMixer block {index}, {name}: {e.Message}", e);
                }
                return g.Node("Reshape", [a, Shape(g, -1, middle, units)]);
            }
            string Gate(string name, string v) => parts.TryGetValue(name, out var m) && m is SoftmaxGatedAttention attention
                ? g.Node("Mul", [v, g.Node("Softmax", [OnnxLayers.Linear(g, attention.Projection, v, false)], ("axis", -1))])
                : v;
            var t = OnnxLayers.Linear(g, Part<Linear>("time"), Transpose(g, Norm("time_norm", x), 0, 2, 1), false);   // [B, C, L]
            t = Gate("time_gate", Activate("time_act", t, l, c));
            x = g.Node("Add", [x, Transpose(g, t, 0, 2, 1)]);
            var feature1 = Part<Linear>("feature1");
            var f = Activate("feature_act", OnnxLayers.Linear(g, feature1, Norm("feature_norm", x), false), feature1.OutFeatures, l);
            f = Gate("feature_gate", OnnxLayers.Linear(g, Part<Linear>("feature2"), f, false));
            x = g.Node("Add", [x, f]);
        }
        return Transpose(g, OnnxLayers.Linear(g, model.Projection, Transpose(g, x, 0, 2, 1), false), 0, 2, 1);
    }

    /// <summary>Layer norm over the last dimension: (x − mean)/√(mean((x − mean)²) + ε)·w + b.</summary>
    private static string LayerNormNodes(OnnxGraph g, LayerNorm norm, string x)
    {
        var centred = g.Node("Sub", [x, g.Node("ReduceMean", [x], ("axes", new long[] { -1 }), ("keepdims", 1))]);
        var variance = g.Node("ReduceMean", [g.Node("Mul", [centred, centred])], ("axes", new long[] { -1 }), ("keepdims", 1));
        var y = g.Node("Div", [centred, g.Node("Sqrt", [g.Node("Add", [variance, g.Scalar("eps", norm.Eps)])])]);
        return norm.Weight is { } w
            ? g.Node("Add", [g.Node("Mul", [y, g.Constant("ln_weight", w.ToArray(), norm.Features)]), g.Constant("ln_bias", norm.Bias!.ToArray(), norm.Features)])
            : y;
    }
}
