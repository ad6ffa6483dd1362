namespace Activa.Activations.Learnable;

/// <summary>How a learnable activation shares its parameters across the channels of its input.</summary>
public enum ParameterSharing
{
    /// <summary>One set of parameters for the whole layer.</summary>
    Layer,
    /// <summary>One set per channel (dimension 1 of the input: the feature of [N, C], the channel of [N, C, L]).</summary>
    Channel,
    /// <summary>One set per group of consecutive channels (<see cref="LearnableActivation.Groups"/> groups).</summary>
    Group,
}
