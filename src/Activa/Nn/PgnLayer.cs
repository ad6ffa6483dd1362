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
/// </remarks>
public sealed class PgnLayer : Module
{
    /// <summary>The historical-information extraction.</summary>
    public CausalWindowLinear Hie { get; }
    /// <summary>The gate: [x, H] → [g | c], weight [2·hidden, in + hidden].</summary>
    public Linear Gate { get; }
    /// <summary>Input features per step.</summary>
    public int InFeatures { get; }
    /// <summary>Hidden (output) features per step.</summary>
    public int Hidden { get; }

    /// <summary>Creates the layer for sequences of <paramref name="steps"/> steps (HIE window <c>steps − 1</c>, at least 1).</summary>
    /// <exception cref="ArgumentException">A size below 1.</exception>
    public PgnLayer(int inFeatures, int hidden, int steps, Generator? generator = null)
    {
        if (inFeatures < 1) throw new ArgumentException($"PgnLayer: inFeatures must be at least 1, got {inFeatures}.", nameof(inFeatures));
        if (hidden < 1) throw new ArgumentException($"PgnLayer: hidden must be at least 1, got {hidden}.", nameof(hidden));
        if (steps < 1) throw new ArgumentException($"PgnLayer: steps must be at least 1, got {steps}.", nameof(steps));
        InFeatures = inFeatures;
        Hidden = hidden;
        Hie = RegisterModule("hie", new CausalWindowLinear(inFeatures, hidden, Math.Max(1, steps - 1), generator));
        Gate = RegisterModule("gate", new Linear(inFeatures + hidden, 2 * hidden, generator: generator));
    }

    /// <summary>[N, T, in] → [N, T, hidden].</summary>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank != 3 || input.Size(2) != InFeatures)
            throw new ShapeMismatchException("pgn", $"input must be [N, T, {InFeatures}], got {Shape.Format(input.Shape)}");
        var h = Hie.Forward(input);
        var gates = Gate.Forward(Tensor.Concat([input, h], 2));
        return GatedFusion.Apply(gates, h);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"in={InFeatures}, hidden={Hidden}, window={Hie.Window}";
}
