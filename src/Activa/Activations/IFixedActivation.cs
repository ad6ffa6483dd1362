using System.Reflection;

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
    /// each parameter's declared <see cref="ActivationParameter.Must"/>). By default an activation without parameters is its
    /// default value, and one with parameters is made by its constructor whose float arguments are named as the parameters
    /// (<c>struct EluOp(float alpha)</c>; "negative_slope" binds <c>negativeSlope</c>); an activation that needs more (a check between parameters, derived
    /// constants, other names) writes its own.
    /// </summary>
    static virtual TSelf Create(ActivationOptions options) => ParameterBinding<TSelf>.Create(options);

    /// <summary>f(x) in double precision, written straight from the formula: the test oracle.</summary>
    double Reference(double x);
}

/// <summary>
/// The default <see cref="IFixedActivation{TSelf}.Create"/>: the constructor whose float arguments are named as the
/// parameters, an argument's name in camel case matching a parameter's in snake case (negativeSlope, "negative_slope").
/// </summary>
internal static class ParameterBinding<TSelf> where TSelf : struct, IFixedActivation<TSelf>
{
    private static readonly ConstructorInfo? Constructor = typeof(TSelf).GetConstructors().FirstOrDefault(c => c.GetParameters() is { Length: > 0 } ps
        && ps.All(p => p.ParameterType == typeof(float) && Declared(p.Name!) != null));

    public static TSelf Create(ActivationOptions options)
    {
        var info = TSelf.Info;
        if (info.Parameters.Length == 0) return default;
        var ctor = Constructor ?? throw new InvalidOperationException(
            $"{typeof(TSelf).Name} declares parameters but has neither a Create method nor a constructor of floats named as them.");
        return (TSelf)ctor.Invoke([.. ctor.GetParameters().Select(p => (object)options.Float(info, Declared(p.Name!)!))]);
    }

    private static string? Declared(string argument) => TSelf.Info.Parameters.Select(d => d.Name)
        .FirstOrDefault(name => name.Replace("_", "").Equals(argument, StringComparison.OrdinalIgnoreCase));
}
