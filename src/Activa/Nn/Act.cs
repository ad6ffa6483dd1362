using Activa.Activations;

namespace Activa.Nn;

/// <summary>An activation as a layer, looked up by name in the <see cref="Activation"/> registry: <c>new Act("relu")</c>.</summary>
public sealed class Act : Module
{
    private readonly Func<Tensor, Tensor> _f;

    /// <summary>The registry name.</summary>
    public string ActivationName { get; }

    /// <summary>Creates the layer; unknown names throw with suggestions.</summary>
    public Act(string name)
    {
        _f = Activation.Create(name);
        ActivationName = name;
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => _f(input);

    /// <inheritdoc/>
    public override string ExtraRepr() => ActivationName;
}
