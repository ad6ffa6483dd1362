namespace Activa.Nn;

/// <summary>Fully connected layer y = x·Wᵀ + b, with W of shape [out, in] (PyTorch's layout).</summary>
public sealed class Linear : Module
{
    /// <summary>Weight [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>Creates the layer with weights drawn by <paramref name="init"/> from <paramref name="generator"/>.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Init init = Init.Default, Generator? generator = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear needs positive sizes, got in={inFeatures}, out={outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Initializer.Weight(init, outFeatures, inFeatures, generator));
        if (bias) Bias = RegisterParameter("bias", Initializer.Bias(init, outFeatures, inFeatures, generator));
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    public override string ExtraRepr() => $"in={InFeatures}, out={OutFeatures}, bias={Bias != null}";
}
