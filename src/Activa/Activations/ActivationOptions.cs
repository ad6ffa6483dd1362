using System.Globalization;

namespace Activa.Activations;

/// <summary>
/// Hyper-parameter values for creating an activation, e.g. <c>new ActivationOptions { ["alpha"] = 0.2 }</c>.
/// Names are case-insensitive; an activation rejects names it does not have.
/// </summary>
public sealed class ActivationOptions
{
    private readonly Dictionary<string, double> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>No options: every hyper-parameter at its default.</summary>
    public static ActivationOptions None => new();

    /// <summary>Sets or reads a value.</summary>
    public double this[string name]
    {
        get => _values[name];
        set => _values[name] = value;
    }

    /// <summary>The names given.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The value of <paramref name="name"/>, or the declared default.</summary>
    public double Get(ActivationInfo info, string name)
    {
        if (_values.TryGetValue(name, out var v)) return v;
        foreach (var p in info.Parameters) if (p.Name == name) return p.Default;
        throw new InvalidOperationException($"Activation '{info.Name}' reads undeclared parameter '{name}'.");
    }

    /// <summary>The value of <paramref name="name"/> (or its default) in single precision, as the operator structs keep it.</summary>
    public float Float(ActivationInfo info, string name) => (float)Get(info, name);

    /// <summary>
    /// Throws when a given name is not a parameter of <paramref name="info"/>, or a value is not finite or not admitted by
    /// the parameter's declared <see cref="ActivationParameter.Must"/>; every value error reads
    /// "Activation 'pelu': parameter 'a' must be &gt; 0, got -1."
    /// </summary>
    public void Validate(ActivationInfo info) => Validate(info, learnable: false);

    /// <summary>
    /// <see cref="Validate(ActivationInfo)"/>; for a learnable activation (<paramref name="learnable"/>) the error also
    /// names the parameter as <see cref="ArgumentException.ParamName"/> and a value must be finite in single precision,
    /// the precision its parameters are kept in.
    /// </summary>
    internal void Validate(ActivationInfo info, bool learnable)
    {
        foreach (var (name, value) in _values)
        {
            var p = info.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(info.Parameters.Length == 0
                    ? $"Activation '{info.Name}' has no parameters, but '{name}' was given."
                    : $"Activation '{info.Name}' has no parameter '{name}'; valid: {string.Join(", ", info.Parameters.Select(p => p.Name))}.");
            if (!double.IsFinite(value)) throw Invalid(info, p.Name, "finite", value, learnable);
            if (learnable && !float.IsFinite((float)value)) throw Invalid(info, p.Name, "finite in single precision", value, learnable);
            if (p.Must is { } must && !must.Admits(value)) throw Invalid(info, p.Name, must.ToString(), value, learnable);
        }
    }

    private static ArgumentException Invalid(ActivationInfo info, string name, string requirement, double value, bool named) =>
        Error($"Activation '{info.Name}': parameter '{name}' must be {requirement}, got {ParameterRange.Format(value)}.", named ? name : null);

    private static ArgumentException Error(string message, string? paramName) => paramName == null ? new(message) : new(message, paramName);

    /// <summary>
    /// For a constraint between parameters, which <see cref="ActivationParameter.Must"/> cannot declare: throws unless
    /// <paramref name="holds"/>, with "Activation 'firm-shrink': parameters must satisfy lambda1 &lt; lambda2, got lambda1=1, lambda2=0.5."
    /// </summary>
    public void Require(ActivationInfo info, bool holds, string relation) => Require(info, holds, relation, null);

    /// <summary><see cref="Require(ActivationInfo, bool, string)"/>, naming <paramref name="paramName"/> as the parameter at fault.</summary>
    internal void Require(ActivationInfo info, bool holds, string relation, string? paramName)
    {
        if (!holds)
            throw Error($"Activation '{info.Name}': parameters must satisfy {relation}, got " +
                $"{string.Join(", ", info.Parameters.Select(p => $"{p.Name}={ParameterRange.Format(Get(info, p.Name))}"))}.", paramName);
    }

    /// <summary>Parses "alpha=0.2, beta=1" (the part inside the parentheses of a spec such as "elu(alpha=0.2)").</summary>
    public static ActivationOptions Parse(string text)
    {
        var options = new ActivationOptions();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new ArgumentException($"Activation option '{part}' is not of the form name=number.");
            options[part[..eq].Trim()] = value;
        }
        return options;
    }

    /// <summary>"alpha=0.2, beta=1".</summary>
    public override string ToString() => string.Join(", ", _values.Select(p => $"{p.Key}={p.Value.ToString("G", CultureInfo.InvariantCulture)}"));
}
