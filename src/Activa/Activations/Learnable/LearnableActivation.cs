using Activa.Nn;

namespace Activa.Activations.Learnable;

/// <summary>
/// Base of the learnable activations: a module whose parameters shape the nonlinearity, shared per layer,
/// per channel (dimension 1 of the input) or per group of channels. Subclasses implement a fused forward and
/// a fused backward that also reduces the parameter gradients in the same pass, expose their catalogue entry
/// (<c>public static ActivationInfo Info</c>) and a constructor <c>(int channels, ActivationOptions options)</c>,
/// which lets <see cref="LearnableActivations"/> find and create them by name.
/// </summary>
public abstract class LearnableActivation : Module
{
    /// <summary>Sets up sharing over <paramref name="channels"/> channels.</summary>
    /// <exception cref="ArgumentException">Invalid channel or group count.</exception>
    protected LearnableActivation(int channels, ParameterSharing sharing, int groups = 1)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), $"{GetType().Name}: channels must be positive, got {channels}.");
        if (sharing == ParameterSharing.Group && (groups < 1 || channels % groups != 0))
            throw new ArgumentException($"{GetType().Name}: {groups} groups do not divide {channels} channels.");
        Channels = channels;
        Sharing = sharing;
        Groups = sharing switch { ParameterSharing.Layer => 1, ParameterSharing.Channel => channels, _ => groups };
    }

    /// <summary>Channels of the input (size of dimension 1).</summary>
    public int Channels { get; }
    /// <summary>Sharing mode.</summary>
    public ParameterSharing Sharing { get; }
    /// <summary>Number of parameter sets: 1 (layer), the channel count (channel) or the group count.</summary>
    public int Groups { get; }


    /// <summary>The catalogue entry of this activation.</summary>
    public abstract ActivationInfo Describe();

    /// <summary>
    /// f(x) with the current parameters of parameter set <paramref name="set"/>, in double, without autograd:
    /// used to plot the learned shape.
    /// </summary>
    public abstract double Evaluate(double x, int set = 0);

    /// <summary>The parameter set used by channel <paramref name="channel"/>.</summary>
    public int SetOf(int channel) => Sharing switch
    {
        ParameterSharing.Layer => 0,
        ParameterSharing.Channel => channel,
        _ => channel / (Channels / Groups),
    };

    /// <summary>Checks that <paramref name="input"/> has <see cref="Channels"/> channels in dimension 1.</summary>
    protected void CheckInput(Tensor input)
    {
        if (input.Rank < 2 || input.Shape[1] != Channels)
            throw new ShapeMismatchException(Describe().Name, $"expects [N, {Channels}, ...], got {Shape.Format(input.Shape)}");
    }
}
