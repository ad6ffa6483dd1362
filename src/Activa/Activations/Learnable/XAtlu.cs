namespace Activa.Activations.Learnable;

/// <summary>
/// Expanded ArcTan Linear Unit (xatlu): f(x) = x·((1 + 2α)·g(x) − α) with g(x) = ½ + arctan(x)/π, so the gate ranges over (−α, 1 + α) instead of
/// (0, 1); α is learnable and starts at 0. With α = 0 it is ATLU, x·(½ + arctan(x)/π), whose first derivative increases monotonically; its infimum is −1/π. ∂f/∂x = (1 + 2α)(g + x·g′) − α; ∂f/∂α = x·(2g − 1).
/// The paper learns one α per MLP block (layer sharing, the default).
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public sealed class XAtlu : ExpandedGatingActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("xatlu", "x·((1 + 2α)·(½ + arctan(x)/π) − α)",
        "Huang, Expanded Gating Ranges Improve Activation Functions, arXiv:2405.20768", 2024,
        ActivationProperties.Smooth | ActivationProperties.SelfGated | ActivationProperties.ZeroCentred)
    {
        Aliases = ["expanded-atlu"],
        Parameters = [new("alpha", 0.0, "initial α (gate range expansion)"), .. OptionReader.SharingParameters(ParameterSharing.Layer)],
        Lower = -1 / Math.PI, Family = "self-gated",
    };

    /// <summary>Creates the activation from registry options ("alpha", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public XAtlu(int channels, ActivationOptions options)
        : base(channels, Info, options, GateOps<ArctanGate>.Instance) { }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="alpha"/>.</summary>
    public XAtlu(int channels, float alpha = 0f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("alpha", alpha))) { }
}
