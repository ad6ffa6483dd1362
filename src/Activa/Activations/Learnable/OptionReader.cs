using System.Globalization;

namespace Activa.Activations.Learnable;

/// <summary>
/// Reads and checks the options of a learnable activation: sharing, groups, integer and real hyper-parameters,
/// initial values. Errors are <see cref="ArgumentException"/>s naming the activation and the parameter.
/// </summary>
internal static class OptionReader
{
    /// <summary>The "sharing" and "groups" parameter entries, sharing defaulting to <paramref name="fallback"/>.</summary>
    public static ActivationParameter[] SharingParameters(ParameterSharing fallback) =>
    [
        new("sharing", (int)fallback, "parameter sharing: 0 one set for the layer, 1 one set per channel (dimension 1), 2 one set per group of channels"),
        new("groups", 1, "number of channel groups when sharing = 2 (must divide the channels); giving it alone implies sharing = 2"),
    ];

    /// <summary>Sharing mode from "sharing" (0, 1, 2); "groups" alone implies group sharing; else the declared default.</summary>
    /// <exception cref="ArgumentException">Unknown option, non-finite value, or a sharing code other than 0, 1, 2.</exception>
    public static ParameterSharing Sharing(ActivationInfo info, ActivationOptions? options)
    {
        options ??= ActivationOptions.None;
        options.Validate(info);
        double s = Has(options, "sharing") ? options["sharing"]
            : Has(options, "groups") ? 2
            : info.Parameters.Any(p => p.Name == "sharing") ? options.Get(info, "sharing") : 0;
        if (s is not (0d or 1d or 2d))
            throw new ArgumentException($"{info.Name}: sharing must be 0 (layer), 1 (channel) or 2 (group), got {Format(s)}.", "sharing");
        return (ParameterSharing)(int)s;
    }

    /// <summary>Group count: "groups" (a positive integer) with group sharing, else 1.</summary>
    /// <exception cref="ArgumentException">A bad group count, or groups ≠ 1 with layer or channel sharing.</exception>
    public static int Groups(ActivationInfo info, ActivationOptions? options)
    {
        options ??= ActivationOptions.None;
        var sharing = Sharing(info, options);
        if (!Has(options, "groups")) return 1;
        double g = options["groups"];
        if (g < 1 || g != Math.Floor(g) || g > int.MaxValue)
            throw new ArgumentException($"{info.Name}: groups must be a positive integer, got {Format(g)}.", "groups");
        if (sharing != ParameterSharing.Group && g != 1)
            throw new ArgumentException($"{info.Name}: groups = {Format(g)} needs sharing = 2 (group), but sharing is {(int)sharing}.", "groups");
        return (int)g;
    }

    /// <summary>Checks a typed sharing/groups pair the way the options path does.</summary>
    public static void CheckSharing(string name, int channels, ParameterSharing sharing, int groups)
    {
        if (!Enum.IsDefined(sharing)) throw new ArgumentException($"{name}: unknown sharing mode {sharing}.", nameof(sharing));
        if (sharing == ParameterSharing.Group && (groups < 1 || channels % groups != 0))
            throw new ArgumentException($"{name}: 'groups' = {groups} must be positive and divide the {channels} channels.", nameof(groups));
    }

    /// <summary>An integer option in [min, max].</summary>
    public static int Int(ActivationOptions options, ActivationInfo info, string name, int min, int max)
    {
        options.Validate(info);
        double v = options.Get(info, name);
        if (v != Math.Floor(v) || v < min || v > max)
            throw new ArgumentException($"{info.Name}: '{name}' must be an integer in [{min}, {max}], got {Format(v)}.", name);
        return (int)v;
    }

    /// <summary>A finite option checked by <paramref name="valid"/> (described by <paramref name="rule"/>).</summary>
    public static double Real(ActivationOptions options, ActivationInfo info, string name, Func<double, bool> valid, string rule)
    {
        options.Validate(info);
        double v = options.Get(info, name);
        if (!double.IsFinite(v) || !valid(v)) throw new ArgumentException($"{info.Name}: '{name}' must be {rule}, got {Format(v)}.", name);
        return v;
    }

    /// <summary>Option <paramref name="name"/> (or its default) as a float, checked by <paramref name="valid"/>.</summary>
    /// <exception cref="ArgumentException">The value fails the check; the message says what is required.</exception>
    public static float Value(ActivationInfo info, ActivationOptions? options, string name, Func<double, bool>? valid = null, string requirement = "finite")
    {
        double v = (options ?? ActivationOptions.None).Get(info, name);
        if (!double.IsFinite(v) || !double.IsFinite((float)v) || (valid != null && !valid(v)))
            throw new ArgumentException($"{info.Name}: {name} must be {requirement}, got {Format(v)}.", name);
        return (float)v;
    }

    /// <summary>Options from typed constructor arguments.</summary>
    public static ActivationOptions Make(ParameterSharing sharing, int groups, params (string Name, double Value)[] values)
    {
        var o = Make(values);
        o["sharing"] = (int)sharing;
        if (sharing == ParameterSharing.Group || groups != 1) o["groups"] = groups;
        return o;
    }

    /// <summary>Options from typed constructor arguments, for activations without sharing.</summary>
    public static ActivationOptions Make(params (string Name, double Value)[] values)
    {
        var o = new ActivationOptions();
        foreach (var (name, value) in values) o[name] = value;
        return o;
    }

    private static bool Has(ActivationOptions options, string name) => options.Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static string Format(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
