using Activa.Activations;
using Activa.Kernels;

namespace Activa.Nn;

/// <summary>
/// Gated linear layer y = (x·Wᵀ + b) ⊙ gate(x·Vᵀ + c), the GLU family: <see cref="Glu"/> (sigmoid gate; Dauphin,
/// Fan, Auli &amp; Grangier, "Language Modeling with Gated Convolutional Networks", ICML 2017), and
/// <see cref="ReGlu"/> (ReLU), <see cref="GeGlu"/> (GELU), <see cref="SwiGlu"/> (SiLU = Swish₁) and
/// <see cref="Bilinear"/> (identity) from Shazeer, "GLU Variants Improve Transformer", 2020. The gate may be any fixed
/// activation of the <see cref="Activation"/> registry, or any module such as a learnable activation.
/// </summary>
/// <remarks>
/// <para>W and V are stored as one weight [2·out, in] (rows [0, out) are W, the value projection; rows [out, 2·out) are V,
/// the gate projection) and b, c as one bias [2·out], so the forward is one GEMM for both halves followed by one fused
/// gate-multiply pass (<see cref="Functional.Glu(Tensor, string)"/>) with its own backward. Shazeer writes the
/// activation on the first projection (σ(xW) ⊗ xV); the two forms differ only by which half is called W.</para>
/// <para>Each half is initialised like a <see cref="Linear"/> of [out, in] (fan-in = in). For a transformer FFN with the
/// parameter count of a two-matrix FFN of width d_ff, use out = 2/3·d_ff.</para>
/// </remarks>
public sealed class GatedLinear : Module
{
    private readonly GateKernel? _kernel;

    /// <summary>Weight [2·out, in]: value projection W in rows [0, out), gate projection V in rows [out, 2·out).</summary>
    public Tensor Weight { get; }
    /// <summary>Bias [2·out] (b then c), or null.</summary>
    public Tensor? Bias { get; }
    /// <summary>Input features.</summary>
    public int InFeatures { get; }
    /// <summary>Output features (the width of each half).</summary>
    public int OutFeatures { get; }
    /// <summary>The fixed gate activation, or null when the gate is a module.</summary>
    public IActivation? GateActivation { get; }
    /// <summary>The gate module, or null when the gate is a fixed activation.</summary>
    public Module? GateModule { get; }
    /// <summary>Spec of the gate ("sigmoid", "gelu", ...) or the gate module's type name.</summary>
    public string Gate { get; }

    /// <summary>Creates the layer with a fixed gate activation.</summary>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    /// <param name="gate">Any fixed activation spec, e.g. "sigmoid", "gelu", "swish(beta=1.5)".</param>
    /// <param name="bias">Whether to learn biases b and c.</param>
    /// <param name="init">Initialisation of each half (as <see cref="Linear"/>).</param>
    /// <param name="generator">Random source for the initialisation.</param>
    /// <exception cref="ArgumentException">Unknown gate activation (the message suggests close names).</exception>
    public GatedLinear(int inFeatures, int outFeatures, string gate = "sigmoid", bool bias = true, Init init = Init.Default, Generator? generator = null)
        : this(inFeatures, outFeatures, bias, init, generator)
    {
        ArgumentNullException.ThrowIfNull(gate);
        GateActivation = Activation.Create(gate);
        Gate = GateActivation.Spec;
        _kernel = GateKernel.For(GateActivation);
    }

    /// <summary>
    /// Creates the layer with a module as gate, applied to the gate half [..., out] — e.g. a learnable activation
    /// (<c>LearnableActivations.Create("pau", out)</c>) for [N, out] inputs. The gate-multiply then uses generic ops.
    /// </summary>
    public GatedLinear(int inFeatures, int outFeatures, Module gate, bool bias = true, Init init = Init.Default, Generator? generator = null)
        : this(inFeatures, outFeatures, bias, init, generator)
    {
        ArgumentNullException.ThrowIfNull(gate);
        GateModule = RegisterModule("gate", gate);
        Gate = gate.GetType().Name;
    }

    private GatedLinear(int inFeatures, int outFeatures, bool bias, Init init, Generator? generator)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"GatedLinear needs positive sizes, got in={inFeatures}, out={outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Gate = "";
        var w = new float[2 * outFeatures * inFeatures];
        Initializer.Weight(init, outFeatures, inFeatures, generator).ToArray().CopyTo(w, 0);
        Initializer.Weight(init, outFeatures, inFeatures, generator).ToArray().CopyTo(w, outFeatures * inFeatures);
        Weight = RegisterParameter("weight", Tensor.FromArray(w, 2 * outFeatures, inFeatures));
        if (bias)
        {
            var b = new float[2 * outFeatures];
            Initializer.Bias(init, outFeatures, inFeatures, generator).ToArray().CopyTo(b, 0);
            Initializer.Bias(init, outFeatures, inFeatures, generator).ToArray().CopyTo(b, outFeatures);
            Bias = RegisterParameter("bias", Tensor.FromArray(b, 2 * outFeatures));
        }
    }

    /// <summary>GLU: sigmoid gate (Dauphin et al., 2017).</summary>
    public static GatedLinear Glu(int inFeatures, int outFeatures, bool bias = true, Init init = Init.Default, Generator? generator = null) =>
        new(inFeatures, outFeatures, "sigmoid", bias, init, generator);

    /// <summary>ReGLU: ReLU gate (Shazeer, 2020).</summary>
    public static GatedLinear ReGlu(int inFeatures, int outFeatures, bool bias = true, Init init = Init.Default, Generator? generator = null) =>
        new(inFeatures, outFeatures, "relu", bias, init, generator);

    /// <summary>GEGLU: GELU gate (exact, erf form) (Shazeer, 2020).</summary>
    public static GatedLinear GeGlu(int inFeatures, int outFeatures, bool bias = true, Init init = Init.Default, Generator? generator = null) =>
        new(inFeatures, outFeatures, "gelu", bias, init, generator);

    /// <summary>SwiGLU: SiLU (Swish with β = 1) gate (Shazeer, 2020).</summary>
    public static GatedLinear SwiGlu(int inFeatures, int outFeatures, bool bias = true, Init init = Init.Default, Generator? generator = null) =>
        new(inFeatures, outFeatures, "silu", bias, init, generator);

    /// <summary>Bilinear: identity gate, y = (xW + b) ⊙ (xV + c) (Shazeer, 2020).</summary>
    public static GatedLinear Bilinear(int inFeatures, int outFeatures, bool bias = true, Init init = Init.Default, Generator? generator = null) =>
        new(inFeatures, outFeatures, "identity", bias, init, generator);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank < 1 || input.Dims[^1] != InFeatures)
            throw new ShapeMismatchException("gated_linear", $"input {Shape.Format(input.Shape)} does not end in {InFeatures} features");
        var h = Functional.Linear(input, Weight, Bias);
        if (_kernel != null) return Functional.Glu(h, GateActivation!, _kernel);
        var value = h.Narrow(-1, 0, OutFeatures);
        var gate = GateModule!.Forward(h.Narrow(-1, OutFeatures, OutFeatures).Contiguous());
        return value.Mul(gate);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"in={InFeatures}, out={OutFeatures}, gate={Gate}, bias={Bias != null}";
}
