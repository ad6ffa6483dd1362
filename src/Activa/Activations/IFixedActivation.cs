using Activa.Kernels;

namespace Activa.Activations;

/// <summary>Which saved tensors an activation's derivative reads.</summary>
public enum DerivativeInput
{
    /// <summary>f'(x) from the input only (y is not kept for backward).</summary>
    Input,
    /// <summary>f'(x) from the output only, e.g. σ' = y(1 − y) (x is not kept for backward).</summary>
    Output,
    /// <summary>Both.</summary>
    Both,
}

/// <summary>
/// A fixed activation in the catalogue: an <see cref="IActivationOp"/> struct (forward and derivative written
/// once over the lane type) that also carries its metadata, a factory from hyper-parameters, and
/// a double-precision reference used by the tests. Structs implementing it are found by the
/// <see cref="Activation"/> registry automatically.
/// </summary>
public interface IFixedActivation<TSelf> : IActivationOp where TSelf : struct, IFixedActivation<TSelf>
{
    /// <summary>Names, formula, paper, properties, parameters.</summary>
    static abstract ActivationInfo Info { get; }

    /// <summary>
    /// Which saved tensors <see cref="IActivationOp.Derivative{TV}(TV, TV)"/> reads; the other is not kept.
    /// The input unless the activation says otherwise.
    /// </summary>
    static virtual DerivativeInput Uses => DerivativeInput.Input;

    /// <summary>
    /// The activation with the given hyper-parameters, already validated against <see cref="Info"/> (names, finiteness and
    /// each parameter's declared <see cref="ActivationParameter.Must"/>). An activation without parameters is its default value.
    /// </summary>
    static virtual TSelf Create(ActivationOptions options) => default;

    /// <summary>f(x) in double precision, written straight from the formula: the test oracle.</summary>
    double Reference(double x);
}
