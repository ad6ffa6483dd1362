namespace Activa.Activations;

/// <summary>
/// An activation that is another one at fixed parameter values — SiLU is Swish with β = 1 — registered under its own
/// name with its own catalogue entry (formula, paper, bounds), but computed by the general activation's operator, so
/// its forward and derivative are written once.
/// </summary>
/// <param name="Info">The specialisation's catalogue entry; it takes no parameters of its own.</param>
/// <param name="Of">Name of the general activation.</param>
/// <param name="Values">The general activation's parameters, fixed.</param>
public sealed record Specialisation(ActivationInfo Info, string Of, params (string Name, double Value)[] Values)
{
    /// <summary>The spec of the general activation it stands for, e.g. "swish(beta=1)".</summary>
    public string Spec => $"{Of}({string.Join(", ", Values.Select(v => $"{v.Name}={v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))})";

    /// <summary>The general activation's options with the fixed values.</summary>
    internal ActivationOptions Options() => OptionReader.Make(Values);

    /// <summary>Every specialisation in the catalogue.</summary>
    internal static IReadOnlyList<Specialisation> All { get; } =
    [
        new(new("silu", "x·σ(x) = x / (1 + e^(−x))",
                "Elfwing, Uchibe & Doya, Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning, Neural Networks",
                2018, ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
            { Aliases = ["sigmoid-weighted-linear-unit"], Lower = -0.2784645427610738, Family = "self-gated", Torch = "F.silu(x)" },
            "swish", ("beta", 1.0)),
        new(new("quick-gelu", "x·σ(1.702·x)", "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), arXiv", 2016,
                ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
            { Aliases = ["gelu-sigmoid", "sigmoid-gelu"], Lower = -0.16361018963635359, Family = "self-gated" },
            "swish", ("beta", 1.702)),
        new(new("relu6", "min(max(0, x), 6)",
                "Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10, unpublished manuscript (University of Toronto)", 2010,
                ActivationProperties.Monotone | ActivationProperties.Sparse)
            { Lower = 0, Upper = 6, Family = "rectifier", Torch = "F.relu6(x)" },
            "hard-tanh", ("min_val", 0.0), ("max_val", 6.0)),
    ];
}
