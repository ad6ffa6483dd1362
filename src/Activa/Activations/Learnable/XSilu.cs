namespace Activa.Activations.Learnable;

/// <summary>
/// Expanded SiLU (xsilu): f(x) = x·((1 + 2α)·g(x) − α) with g(x) = σ(x), so the gate ranges over (−α, 1 + α) instead of
/// (0, 1); α is learnable and starts at 0. With α = 0 it is SiLU. ∂f/∂x = (1 + 2α)(g + x·g′) − α; ∂f/∂α = x·(2g − 1).
/// The paper learns one α per MLP block (layer sharing, the default).
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public sealed class XSilu : ExpandedGatingActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("xsilu", "x·((1 + 2α)·σ(x) − α)",
        "Huang, Expanded Gating Ranges Improve Activation Functions, arXiv:2405.20768", 2024,
        ActivationProperties.Smooth | ActivationProperties.SelfGated | ActivationProperties.ZeroCentred)
    {
        Aliases = ["expanded-silu"],
        Parameters = [new("alpha", 0.0, "initial α (gate range expansion)"), .. OptionReader.SharingParameters(ParameterSharing.Layer)],
        Lower = -0.27846454276107380, Family = "self-gated",
        Torch = "F.silu(x)",
    };

    /// <summary>Creates the activation from registry options ("alpha", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public XSilu(int channels, ActivationOptions options)
        : base(channels, Info, options, GateOps<SigmoidGate>.Instance) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="alpha"/>.</summary>
    public XSilu(int channels, float alpha = 0f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("alpha", alpha))) { }
}
