namespace Activa.Activations.Learnable;

/// <summary>
/// Expanded GELU (xgelu): f(x) = x·((1 + 2α)·g(x) − α) with g(x) = Φ(x), the standard normal CDF, so the gate ranges over (−α, 1 + α) instead of
/// (0, 1); α is learnable and starts at 0. With α = 0 it is GELU. ∂f/∂x = (1 + 2α)(g + x·g′) − α; ∂f/∂α = x·(2g − 1).
/// The paper learns one α per MLP block (layer sharing, the default).
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public sealed class XGelu : ExpandedGatingActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("xgelu", "x·((1 + 2α)·Φ(x) − α)",
        "Huang, Expanded Gating Ranges Improve Activation Functions, arXiv:2405.20768", 2024,
        ActivationProperties.Smooth | ActivationProperties.SelfGated | ActivationProperties.ZeroCentred)
    {
        Aliases = ["expanded-gelu"],
        Parameters = [new("alpha", 0.0, "initial α (gate range expansion)"), .. OptionReader.SharingParameters(ParameterSharing.Layer)],
        Lower = -0.16997120280217394, Family = "self-gated",
        Torch = "F.gelu(x)",
    };

    /// <summary>Creates the activation from registry options ("alpha", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public XGelu(int channels, ActivationOptions options)
        : base(channels, Info, options, GateOps<GaussianGate>.Instance) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="alpha"/>.</summary>
    public XGelu(int channels, float alpha = 0f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("alpha", alpha))) { }
}
