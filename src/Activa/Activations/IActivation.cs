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

    /// <summary>
    /// y = f(x) with autograd; <paramref name="training"/> matters only to stochastic activations such as RReLU.
    /// With <paramref name="inPlace"/>, x's storage is overwritten with f(x) where that is safe — gradients
    /// are off, x needs none, or the derivative reads only y and x is the output of an op that does not keep it
    /// (linear, matmul, add, sub, affine) — and the call is out of place otherwise.
    /// </summary>
    Tensor Forward(Tensor x, bool training = false, bool inPlace = false);

    /// <summary>f(x) on the scalar path.</summary>
    float Value(float x);

    /// <summary>f'(x) on the scalar path.</summary>
    float Derivative(float x);

    /// <summary>f(x) in double precision from the formula (the test oracle).</summary>
    double Reference(double x);
}
