namespace Activa.Activations.Learnable;

/// <summary>Reads and checks learnable-activation options; errors are ArgumentExceptions naming the parameter.</summary>
internal static class OptionReader
{
    /// <summary>An integer option in [min, max].</summary>
    public static int Int(ActivationOptions options, ActivationInfo info, string name, int min, int max)
    {
        options.Validate(info);
        double v = options.Get(info, name);
        if (v != Math.Floor(v) || v < min || v > max)
            throw new ArgumentException($"{info.Name}: '{name}' must be an integer in [{min}, {max}], got {v}.", name);
        return (int)v;
    }

    /// <summary>A finite option checked by <paramref name="valid"/> (described by <paramref name="rule"/>).</summary>
    public static double Real(ActivationOptions options, ActivationInfo info, string name, Func<double, bool> valid, string rule)
    {
        options.Validate(info);
        double v = options.Get(info, name);
        if (!double.IsFinite(v) || !valid(v)) throw new ArgumentException($"{info.Name}: '{name}' must be {rule}, got {v}.", name);
        return v;
    }

    /// <summary>The "sharing" option (0 layer, 1 channel, 2 group).</summary>
    public static ParameterSharing Sharing(ActivationOptions options, ActivationInfo info) =>
        (ParameterSharing)Int(options, info, "sharing", 0, 2);

    /// <summary>Checks a typed sharing/groups pair the way the options path does.</summary>
    public static void CheckSharing(string name, int channels, ParameterSharing sharing, int groups)
    {
        if (!Enum.IsDefined(sharing)) throw new ArgumentException($"{name}: unknown sharing mode {sharing}.", nameof(sharing));
        if (sharing == ParameterSharing.Group && (groups < 1 || channels % groups != 0))
            throw new ArgumentException($"{name}: 'groups' = {groups} must be positive and divide the {channels} channels.", nameof(groups));
    }

    /// <summary>ActivationParameter entries for "sharing" and "groups".</summary>
    public static ActivationParameter[] SharingParameters(ParameterSharing fallback) =>
    [
        new("sharing", (int)fallback, "parameter sharing: 0 one set per layer, 1 per channel (dimension 1), 2 per group of channels"),
        new("groups", 1, "number of channel groups when sharing = 2 (must divide the channels)"),
    ];
}
