using System.Globalization;
using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.IO.Torch;

/// <summary>
/// Activation modules as the Python expressions of their PyTorch counterparts: fixed activations that torch.nn has
/// (nn.ReLU(), nn.GELU(), …), PReLU as nn.PReLU (its slopes are "weight" on both sides) and Dice as the Dice class of
/// <see cref="TorchSources"/> (alpha, running_mean, running_var, as Activa names them). Any other activation is written
/// as <c>Custom('spec')</c>: its parameters keep Activa's names, for a PyTorch module of the user's own.
/// </summary>
internal static class TorchActivations
{
    /// <summary>The Python expression of one activation module.</summary>
    public static string Source(Module module) => module switch
    {
        PRelu prelu => $"nn.PReLU({prelu.Weight.Numel})",
        Dice dice => $"Dice({dice.Channels}{DiceOptions(dice, dice.Alpha.Numel == dice.Channels ? null : dice.Alpha.Numel)})",
        Act act => Fixed(act.ActivationName) ?? $"Custom('{act.ActivationName}')",
        LearnableActivation learnable => $"Custom('{learnable.GetType().Name}', {learnable.Channels})",
        var other => $"Custom('{other.GetType().Name}')",
    };

    /// <summary>
    /// A Python <c>lambda n: ...</c> that builds the activation <paramref name="create"/> builds for n units (what the
    /// model classes of <see cref="TorchSources"/> take as <c>act</c>): one parameter per unit or one per layer.
    /// </summary>
    /// <exception cref="NotSupportedException">A learnable activation whose parameter count is neither.</exception>
    public static string Factory(Func<int, Module> create, string spec)
    {
        Module two = create(2), three = create(3);
        long n2 = two.ParameterCount, n3 = three.ParameterCount;
        string? perUnit = n2 == 2 && n3 == 3 ? "n" : n2 == 1 && n3 == 1 ? null : "?";
        if (perUnit == "?" && two is PRelu or Dice)
            throw new NotSupportedException($"PyTorch export covers activation '{spec}' with one parameter per unit or per layer; this one has {n2} for 2 units and {n3} for 3.");
        return "lambda n: " + two switch
        {
            PRelu => perUnit == null ? "nn.PReLU(1)" : "nn.PReLU(n)",
            Dice dice => $"Dice(n{DiceOptions(dice, perUnit == null ? 1 : null)})",
            Act act => Fixed(act.ActivationName) ?? $"Custom('{act.ActivationName}')",
            _ => $"Custom('{spec}', n)",
        };
    }

    private static string DiceOptions(Dice dice, long? sets) =>
        string.Create(CultureInfo.InvariantCulture, $", eps={dice.Eps:R}, momentum={dice.Momentum:R}")
        + (dice.LearnableScale ? ", learnable_scale=True" : "") + (sets is { } s ? $", sets={s}" : "");

    /// <summary>The torch.nn module of a fixed activation, or null where torch.nn has none by that name.</summary>
    private static string? Fixed(string name) => name switch
    {
        "relu" => "nn.ReLU()", "tanh" => "nn.Tanh()", "gelu" => "nn.GELU()", "silu" => "nn.SiLU()", "selu" => "nn.SELU()",
        "sigmoid" => "nn.Sigmoid()", "mish" => "nn.Mish()", "elu" => "nn.ELU()", "softplus" => "nn.Softplus()",
        _ => null,
    };
}
