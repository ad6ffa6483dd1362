namespace Activa.Activations.Learnable;

/// <summary>
/// Expanded ArcTan Linear Unit (xatlu): f(x) = x·((1 + 2α)·g(x) − α) with g(x) = ½ + arctan(x)/π, so the gate ranges over (−α, 1 + α) instead of
/// (0, 1); α is learnable and starts at 0. With α = 0 it is ATLU, x·(½ + arctan(x)/π), whose first derivative increases monotonically; its infimum is −1/π. ∂f/∂x = (1 + 2α)(g + x·g′) − α; ∂f/∂α = x·(2g − 1).
/// The paper learns one α per MLP block (layer sharing, the default).
/// Huang, "Expanded Gating Ranges Improve Activation Functions", arXiv:2405.20768, 2024.
/// </summary>
public sealed class XAtlu : LearnableActivation
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

    /// <summary>α, one per parameter set [Groups].</summary>
    public Tensor Alpha { get; }

    /// <summary>Creates the activation from registry options ("alpha", "sharing", "groups").</summary>
    /// <exception cref="ArgumentException">A bad option value; the exception names the option.</exception>
    public XAtlu(int channels, ActivationOptions options)
        : base(channels, OptionReader.Sharing(Info, options), OptionReader.Groups(Info, options))
    {
        Alpha = RegisterParameter("alpha", Tensor.Full([Groups], OptionReader.Value(Info, options, "alpha")));
    }

    /// <summary>Creates the activation for <paramref name="channels"/> channels with initial <paramref name="alpha"/>.</summary>
    public XAtlu(int channels, float alpha = 0f, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("alpha", alpha))) { }

    /// <inheritdoc/>
    public override ActivationInfo Describe() => Info;

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0) => ExpandedGateKernel<ArctanGate>.Reference(x, Alpha[set]);

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        CheckInput(input);
        return SetKernel.Apply<ExpandedGateKernel<ArctanGate>>(Info.Name, input, Channels, Groups,
            ExpandedGateKernel<ArctanGate>.Coefficients(Alpha), [Alpha], sums => [SetKernel.Gradient(sums, 1, 0, _ => 1)]);
    }

}
