using System.Globalization;

namespace Activa.Activations.Learnable;

/// <summary>Reads and validates the options of a learnable activation: sharing, groups and initial values.</summary>
internal static class LearnableOptionReader
{
    /// <summary>The "sharing" option, declared by every activation whose sharing is configurable.</summary>
    public static ActivationParameter SharingParameter { get; } =
        new("sharing", 0, "parameter sharing: 0 one set for the layer, 1 one set per channel, 2 one set per group of channels");

    /// <summary>The "groups" option that goes with sharing = 2.</summary>
    public static ActivationParameter GroupsParameter { get; } =
        new("groups", 1, "number of channel groups when sharing = 2 (must divide the channels); giving it alone implies sharing = 2");

    /// <summary>Sharing mode from "sharing" (0, 1, 2); "groups" alone implies group sharing.</summary>
    /// <exception cref="ArgumentException">Unknown option, non-finite value, or a sharing code other than 0, 1, 2.</exception>
    public static ParameterSharing Sharing(ActivationInfo info, ActivationOptions? options)
    {
        options ??= ActivationOptions.None;
        options.Validate(info);
        bool hasSharing = Has(options, "sharing"), hasGroups = Has(options, "groups");
        double s = hasSharing ? options["sharing"] : hasGroups ? 2 : 0;
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
        var o = new ActivationOptions();
        foreach (var (name, value) in values) o[name] = value;
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
