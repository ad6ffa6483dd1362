namespace Activa.Activations;

/// <summary>
/// An activation ready to use: created by name from the <see cref="Activation"/> registry
/// (<c>Activation.Create("elu(alpha=0.5)")</c>), applied to tensors with autograd, and exposing its scalar
/// path and double reference for inspection, plotting and tests.
/// </summary>
public interface IActivation
{
    /// <summary>Catalogue entry.</summary>
    ActivationInfo Info { get; }

    /// <summary>The spec that recreates it, e.g. "elu(alpha=0.5)" (just the name at default values).</summary>
    string Spec { get; }

    /// <summary>y = f(x) with autograd; <paramref name="training"/> matters only to stochastic activations such as RReLU.</summary>
    Tensor Forward(Tensor x, bool training = false);

    /// <summary>f(x) on the scalar path.</summary>
    float Value(float x);

    /// <summary>f'(x) on the scalar path.</summary>
    float Derivative(float x);

    /// <summary>f(x) in double precision from the formula (the test oracle).</summary>
    double Reference(double x);
}
