using System.Globalization;
using Activa.Activations.Learnable;
using Activa.Models.Forecasting;

namespace Activa.IO.Torch;

/// <summary>
/// PyTorch-compatible weights for the forecasting models: the state_dict of the equivalent module of
/// <see cref="PythonSource"/> (LinearForecast, DLinear, GruForecast, Pgn, Tpgn, TsMixer, each with Activa's parameter
/// names). Two layouts differ from Activa's: the GRU is an nn.GRU ("gru.weight_ih_l0", …), and PGN's historical
/// information extraction is an nn.Conv1d over the zero-padded past, whose taps run oldest first where Activa's
/// <see cref="Nn.CausalWindowLinear"/> stores lag 1 first ("hie.weight" reversed along its last axis).
/// </summary>
public static class TorchForecast
{
    /// <summary>Python source of the modules (imports and classes) that <see cref="ModuleSource"/> instantiates.</summary>
    public static string PythonSource => TorchSources.Prelude + TorchSources.Forecast;

    /// <summary>The state_dict of the PyTorch module equivalent to <paramref name="model"/>, with its weights.</summary>
    /// <exception cref="NotSupportedException">TSMixer with a learnable activation whose parameters are neither per unit nor per layer.</exception>
    public static Dictionary<string, Tensor> StateDict(ForecastModel model) => TorchState.Export(model, ModuleSource, name => TorchName(model, name), Relayout);

    /// <summary>
    /// Model <paramref name="name"/> (<see cref="ForecastModel.Names"/>) built with <paramref name="options"/> and the
    /// weights of <paramref name="stateDict"/>, a state_dict of the equivalent PyTorch module read from <paramref name="source"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">Missing tensors, unexpected ones or shapes that do not fit; the message lists every one.</exception>
    public static ForecastModel Import(string name, ForecastModelOptions options, IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var model = ForecastModel.Create(name, options, 0);
        TorchState.Check(StateDict(model), stateDict, source, ModuleSource(model));
        var activaNames = model.StateDict().Keys.ToDictionary(n => TorchName(model, n));
        model.LoadStateDict(TorchState.Map(stateDict, n => activaNames[n], Relayout));
        return model;
    }

    /// <summary>The Python expression that builds the equivalent module from the classes of <see cref="PythonSource"/>.</summary>
    public static string ModuleSource(ForecastModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = model.Options;
        string common = $"input_length={o.InputLength}, horizon={o.Horizon}, channels={o.Channels}, revin={Py(o.RevIn)}, revin_affine={Py(o.RevIn && o.RevInAffine)}";
        string dropout = string.Create(CultureInfo.InvariantCulture, $"dropout={o.Dropout:R}");
        return model switch
        {
            LinearForecast => $"LinearForecast({common})",
            DLinear => $"DLinear({common}, moving_average={o.MovingAverage}, individual={Py(o.Individual)})",
            GruForecast => $"GruForecast({common}, hidden={o.Hidden}, {dropout})",
            Pgn => $"Pgn({common}, d_model={o.DModel}, {dropout})",
            Tpgn => $"Tpgn({common}, d_model={o.DModel}, period={o.Period}, patch_length={o.EffectivePatchLength}, {dropout})",
            TsMixer => $"TsMixer({common}, hidden={o.Hidden}, blocks={o.Blocks}, " +
                $"act={TorchActivations.Factory(units => LearnableActivations.CreateModule(o.Activation, units), o.Activation)}, {dropout}, gated_attention={Py(o.GatedAttention)})",
            _ => throw new NotSupportedException($"PyTorch export has no module for the forecasting model {model.GetType().Name}."),
        };
    }

    private static string Py(bool value) => value ? "True" : "False";

    /// <summary>nn.GRU names its single layer's tensors with the suffix "_l0".</summary>
    private static string TorchName(ForecastModel model, string name) =>
        model is GruForecast && name.StartsWith("gru.", StringComparison.Ordinal) ? name + "_l0" : name;

    /// <summary>HIE taps: Activa's [out, in, lag − 1] against Conv1d's [out, in, tap] oldest first (the same flip both ways).</summary>
    private static Tensor Relayout(string name, Tensor t) => name.EndsWith("hie.weight", StringComparison.Ordinal) ? TorchState.FlipLast(t) : t;
}
