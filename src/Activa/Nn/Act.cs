using Activa.Activations;

namespace Activa.Nn;

/// <summary>
/// An activation as a layer: <c>new Act("mish")</c>, <c>new Act("elu(alpha=0.5)")</c>, or any <see cref="IActivation"/>.
/// Stochastic activations (RReLU) follow the module's training mode.
/// </summary>
public sealed class Act : Module
{
    /// <summary>The activation applied.</summary>
    public IActivation Activation { get; }

    /// <summary>Overwrite the input with the output where that is safe (see <see cref="IActivation.Forward"/>); saves memory traffic and an allocation.</summary>
    public bool InPlace { get; }

    /// <summary>Creates the layer from a registry spec; unknown names throw with suggestions.</summary>
    public Act(string spec, bool inPlace = false) : this(Activations.Activation.Create(spec), inPlace) { }

    /// <summary>Wraps an activation.</summary>
    public Act(IActivation activation, bool inPlace = false)
    {
        Activation = activation ?? throw new ArgumentNullException(nameof(activation));
        InPlace = inPlace;
    }

    /// <summary>The spec that recreates the activation.</summary>
    public string ActivationName => Activation.Spec;

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => Activation.Forward(input, Training, InPlace);

    /// <inheritdoc/>
    public override string ExtraRepr() => InPlace ? Activation.Spec + ", in place" : Activation.Spec;
}
