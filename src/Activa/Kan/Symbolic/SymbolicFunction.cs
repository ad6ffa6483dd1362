using Activa.Activations;

namespace Activa.Kan.Symbolic;

/// <summary>
/// A named univariate function f for symbolic fits y ≈ a·f(c·x + d) + b (Liu et al., "KAN: Kolmogorov–Arnold
/// Networks", arXiv 2404.19756, §2.5.1, symbolification), evaluated singularity-safely: <see cref="Value"/> and
/// <see cref="Derivative"/> are finite for every finite argument (a function with a singular point or a restricted
/// domain clamps its argument, as its <see cref="Rule"/> says), so fitting and formula evaluation never see NaN or an
/// exception on any range (pykan #480, #482).
/// </summary>
public sealed class SymbolicFunction
{
    private readonly Func<double, double> _value;
    private readonly Func<double, double>? _derivative;

    /// <summary>Creates a function from its safe value and (optionally) its safe derivative; without one, the derivative
    /// is taken by central differences of the value.</summary>
    /// <exception cref="ArgumentException">An empty name, a complexity below 1, or a template without "{0}".</exception>
    public SymbolicFunction(string name, int complexity, string template, Func<double, double> value, Func<double, double>? derivative = null, string rule = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (complexity < 1) throw new ArgumentException($"Symbolic function '{name}': complexity must be at least 1, got {complexity}.", nameof(complexity));
        if (template == null || !template.Contains("{0}", StringComparison.Ordinal))
            throw new ArgumentException($"Symbolic function '{name}': the template must contain {{0}} for the argument, got '{template}'.", nameof(template));
        Name = name;
        Complexity = complexity;
        Template = template;
        Rule = rule;
        _value = value;
        _derivative = derivative;
    }

    /// <summary>
    /// A function taken from the activation zoo (<see cref="Activation.Create(string)"/>): its double-precision reference
    /// is the value, its derivative is taken by central differences.
    /// </summary>
    public static SymbolicFunction FromActivation(string name, string activationSpec, int complexity, string template)
    {
        var activation = Activation.Create(activationSpec);
        return new SymbolicFunction(name, complexity, template, activation.Reference, rule: $"the zoo's {activation.Spec}");
    }

    /// <summary>Short name, e.g. "sin" or "x^2".</summary>
    public string Name { get; }

    /// <summary>How complex the function reads (x = 1, x² = 2, ...): ranks fits of (nearly) equal R².</summary>
    public int Complexity { get; }

    /// <summary>How the function is written around its argument "{0}", e.g. "sin({0})" or "({0})^2".</summary>
    public string Template { get; }

    /// <summary>How arguments outside the natural domain are handled ("" when every real argument is fine).</summary>
    public string Rule { get; }

    /// <summary>f(z), finite for every finite z.</summary>
    public double Value(double z)
    {
        double y = _value(z);
        return double.IsFinite(y) ? y : Math.Clamp(double.IsNaN(y) ? 0 : y, -1e300, 1e300);
    }

    /// <summary>f'(z), finite for every finite z (0 where the value is clamped).</summary>
    public double Derivative(double z)
    {
        if (_derivative != null)
        {
            double d = _derivative(z);
            return double.IsFinite(d) ? d : 0;
        }
        double h = 1e-5 * Math.Max(1, Math.Abs(z));
        double c = (Value(z + h) - Value(z - h)) / (2 * h);
        return double.IsFinite(c) ? c : 0;
    }

    /// <summary>The function written around <paramref name="argument"/>.</summary>
    public string Format(string argument) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, argument);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
