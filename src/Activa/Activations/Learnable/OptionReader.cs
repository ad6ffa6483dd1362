namespace Activa.Activations.Learnable;

/// <summary>
/// The options every learnable activation shares ("sharing", "groups") and options from typed constructor arguments.
/// Values are checked against the declared <see cref="ActivationParameter.Must"/> ranges by
/// <see cref="ActivationOptions.Validate(ActivationInfo)"/>, with the fixed activations' message format.
/// </summary>
internal static class OptionReader
{
    /// <summary>The "sharing" and "groups" parameter entries, sharing defaulting to <paramref name="fallback"/>.</summary>
    public static ActivationParameter[] SharingParameters(ParameterSharing fallback) =>
    [
        new("sharing", (int)fallback, "parameter sharing: 0 one set for the layer, 1 one set per channel (dimension 1), 2 one set per group of channels",
            ParameterRange.Integers(0, 2)),
        new("groups", 1, "number of channel groups when sharing = 2 (must divide the channels); giving it alone implies sharing = 2",
            ParameterRange.Integers(1, int.MaxValue)),
    ];

    /// <summary>The sharing entries with one set per layer by default, which most learnable activations append to their own.</summary>
    public static ActivationParameter[] LayerSharing { get; } = SharingParameters(ParameterSharing.Layer);

    /// <summary>
    /// Validates <paramref name="options"/> against <paramref name="info"/> and reads the sharing mode ("groups" alone
    /// implies group sharing) and group count (1 unless group sharing).
    /// </summary>
    /// <exception cref="ArgumentException">A bad option; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public static (ParameterSharing Sharing, int Groups) Sharing(ActivationInfo info, ActivationOptions? options)
    {
        options ??= ActivationOptions.None;
        options.Validate(info, learnable: true);
        if (!info.Parameters.Any(p => p.Name == "sharing")) return (ParameterSharing.Layer, 1);
        bool impliedGroups = !Has(options, "sharing") && Has(options, "groups");
        var sharing = impliedGroups ? ParameterSharing.Group : (ParameterSharing)(int)options.Get(info, "sharing");
        int groups = (int)options.Get(info, "groups");
        options.Require(info, sharing == ParameterSharing.Group || groups == 1, "groups = 1 unless sharing = 2 (group)", "groups");
        return (sharing, groups);
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
}
