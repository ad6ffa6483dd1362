namespace Activa.Nn;

/// <summary>
/// The parallel gated network (PGN) layer of Jia et al., "PGN: The RNN's New Successor is Effective for Long-Range
/// Time Series Forecasting", NeurIPS 2024: a replacement for a recurrent layer whose every step is computed in
/// parallel and reaches every earlier step in one hop. For x [N, T, in]:
/// H = HIE(x) (a <see cref="CausalWindowLinear"/> over all previous steps, zero-padded, current step excluded),
/// [g | c] = W[x, H] + b, G = σ(g), Ĥ = tanh(c), out = G⊙H + (1 − G)⊙Ĥ  → [N, T, hidden].
/// </summary>
/// <remarks>
/// The window is fixed when the layer is built (<c>steps − 1</c>, all previous steps of a <c>steps</c>-long
/// sequence); a longer sequence still runs, each output then seeing only that many previous steps. The gate
/// is one Linear over the concatenation (the paper's W[x, H]); the fusion is one fused op (<see cref="GatedFusion"/>).
/// Short sequences (T·in &lt; in + d, as TPGN's rows) instead run the HIE and the gate as one composed linear map
/// (one GEMM with T·in inner terms instead of a GEMM with in + d per step, and no concatenation), which computes the
/// same function with the same parameters.
/// </remarks>
public sealed class PgnLayer : Module
{
    /// <summary>The historical-information extraction.</summary>
    public CausalWindowLinear Hie { get; }
    /// <summary>The gate: [x, H] → [g | c], weight [2·hidden, in + hidden].</summary>
    public Linear Gate { get; }
    /// <summary>Input features per step (the HIE's).</summary>
    public int InFeatures => Hie.InFeatures;
    /// <summary>Hidden (output) features per step (the HIE's output features).</summary>
    public int Hidden => Hie.OutFeatures;

    /// <summary>Creates the layer for sequences of <paramref name="steps"/> steps (HIE window <c>steps − 1</c>, at least 1).</summary>
    /// <exception cref="ArgumentException">A size below 1.</exception>
    public PgnLayer(int inFeatures, int hidden, int steps, Generator? generator = null)
    {
        if (inFeatures < 1) throw new ArgumentException($"PgnLayer: inFeatures must be at least 1, got {inFeatures}.", nameof(inFeatures));
        if (hidden < 1) throw new ArgumentException($"PgnLayer: hidden must be at least 1, got {hidden}.", nameof(hidden));
        if (steps < 1) throw new ArgumentException($"PgnLayer: steps must be at least 1, got {steps}.", nameof(steps));
        Hie = RegisterModule("hie", new CausalWindowLinear(inFeatures, hidden, Math.Max(1, steps - 1), generator));
        Gate = RegisterModule("gate", new Linear(inFeatures + hidden, 2 * hidden, generator: generator));
    }

    /// <summary>[N, T, in] → [N, T, hidden].</summary>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank != 3 || input.Size(2) != InFeatures)
            throw new ShapeMismatchException("pgn", $"input must be [N, T, {InFeatures}], got {Shape.Format(input.Shape)}");
        int n = input.Size(0), steps = input.Size(1);
        if (!Composes(steps))
        {
            var h = Hie.Forward(input);
            var gates = Gate.Forward(Tensor.Concat([input, h], 2));
            return GatedFusion.Apply(gates, h);
        }
        var (map, bias) = ComposedMap(steps);
        var packed = Functional.Linear(input.Reshape(n, steps * InFeatures), map.Transpose(0, 1), bias);   // [N, T·3d]
        // Nothing but the fusion reads the pre-activations: it hands their buffer (megabytes for a batch of TPGN rows) back
        // to the pool after its backward (at once without a graph), so the next call reuses it instead of fresh memory.
        return GatedFusion.ApplyPacked(packed.Reshape(n, steps, 3 * Hidden), ownsInput: true);
    }

    /// <summary>
    /// Whether a sequence of <paramref name="steps"/> steps runs as one composed linear map (<see cref="ComposedMap"/>):
    /// per sequence it costs T·in × T·3d multiply-adds against T·in × T·d for the HIE plus T × (in + d) × 2d for the
    /// gate, so it is cheaper when T·in &lt; in + d: short sequences of few features, such as TPGN's rows (T = L/P).
    /// </summary>
    internal bool Composes(int steps) => (long)steps * InFeatures < InFeatures + Hidden;

    /// <summary>
    /// The HIE and the gate's pre-activations as one linear map of the flattened sequence: both are linear in x, so
    /// [H | g | c] at every step is x_flat·M + b with x_flat [N, T·in] and output [N, T, 3d]. With K the HIE's matrix
    /// ([T·in, T·d], <see cref="CausalWindowLinear.Toeplitz"/>) and the gate's weight split as [W_x | W_h]:
    /// M[(s, i), (t, ·)] = [K[(s, i), (t, ·)] | (K·W_hᵀ)[(s, i), (t, ·)] + δ_st·W_x[·, i]], b = [b_hie | W_h·b_hie + b_gate]
    /// at every step. Built from the parameters with recorded ops (a few thousand values, independent of N), so the
    /// gradients reach the same parameters as the step-by-step form. Returned as M [T·in, T·3d] and b [T·3d].
    /// </summary>
    private (Tensor Map, Tensor Bias) ComposedMap(int steps)
    {
        int din = InFeatures, d = Hidden;
        var k = CausalWindowLinear.Toeplitz(Hie.Weight, steps);                           // [(s, i), (t, o)]
        var wx = Gate.Weight.Narrow(1, 0, din);                                           // [2d, in]
        var wh = Gate.Weight.Narrow(1, din, d);                                           // [2d, d]
        var kg = k.Reshape(steps * din * steps, d).MatMul(wh.Transpose(0, 1)).Reshape(steps * din, steps, 2 * d);
        var eye = new float[steps * steps];
        for (int t = 0; t < steps; t++) eye[t * steps + t] = 1f;
        var diagonal = Tensor.FromArray(eye, steps, 1, steps, 1).Mul(wx.Transpose(0, 1).Reshape(1, din, 1, 2 * d)).Reshape(steps * din, steps, 2 * d);
        var m = Tensor.Concat([k.Reshape(steps * din, steps, d), kg.Add(diagonal)], 2).Reshape(steps * din, steps * 3 * d);
        var gateBias = wh.MatMul(Hie.Bias.Reshape(d, 1)).Reshape(2 * d).Add(Gate.Bias!);
        var bias = Tensor.Concat([Hie.Bias, gateBias], 0).Unsqueeze(0).Expand(steps, 3 * d).Reshape(steps * 3 * d);
        return (m, bias);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"in={InFeatures}, hidden={Hidden}, window={Hie.Window}";
}
