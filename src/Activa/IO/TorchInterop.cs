using Activa.IO.Torch;
using Activa.Models;
using Activa.Nn;

namespace Activa.IO;

/// <summary>
/// PyTorch-compatible weights for MLPs: the state_dict of the equivalent <c>torch.nn.Sequential</c> — nn.Flatten, then
/// per hidden layer nn.Linear, the activation (and nn.Dropout / nn.AlphaDropout when the model has dropout), then the
/// output nn.Linear — so "1.weight" is the first Linear's [out, in] weight, as PyTorch names it. The model's input
/// standardisation (x − mean)/std, which has no PyTorch module, is folded into the first Linear
/// (W' = W/std, b' = b − (mean/std)·W·1), so the PyTorch module computes the same function on raw inputs.
/// </summary>
/// <remarks>
/// Activations: fixed ones have no parameters; PReLU's slopes are nn.PReLU's "weight"; Dice's "alpha", "running_mean" and
/// "running_var" are those of the Dice class of <see cref="PythonSource"/>; any other learnable activation's
/// parameters are written under the index of its layer with Activa's names (e.g. "2.numerator" for PAU), for a PyTorch
/// module of the user's own. Thresholded models (<see cref="ModelConfig.ActivationThresholds"/>) have no PyTorch
/// counterpart and are refused. KANs on the B-spline basis map to efficient-kan-style layers (<see cref="TorchKan"/>,
/// the standardisation kept as a module of its own); other bases are refused. The forecasting and CTR models have their
/// own mappings: <see cref="TorchForecast"/> and <see cref="TorchCtr"/>.
/// </remarks>
public static class TorchInterop
{
    /// <summary>The PyTorch state_dict of <paramref name="config"/>'s MLP or KAN with the weights of <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">A thresholded MLP, a KAN on a basis other than B-splines, or another model.</exception>
    public static Dictionary<string, Tensor> StateDict(ModelConfig config, Module model)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Model == "kan") return TorchKan.StateDict((Sequential)model);
        var layers = Layers(config, model);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        bool first = true;
        for (int i = 0; i < layers.Count; i++)
        {
            var (index, module) = layers[i];
            if (module is Linear linear)
            {
                var (w, b) = (linear.Weight.Detach().Clone(), linear.Bias?.Detach().Clone() ?? Tensor.Zeros(linear.OutFeatures));
                if (first && (config.InputMean != 0 || config.InputStd != 1)) (w, b) = Fold(w, b, config.InputMean, config.InputStd);
                state[$"{index}.weight"] = w;
                state[$"{index}.bias"] = b;
                first = false;
            }
            else
                foreach (var (name, p) in module.StateDict()) state[$"{index}.{name}"] = p.Detach().Clone();
        }
        return state;
    }

    /// <summary>
    /// An Activa model for <paramref name="config"/> with the weights of a PyTorch state_dict of the equivalent
    /// nn.Sequential. For an MLP the standardisation is dropped (the weights are assumed folded, as
    /// <see cref="StateDict"/> writes them); a KAN keeps it. Returns the model and the config it was built from.
    /// </summary>
    /// <exception cref="CheckpointFormatException">Missing tensors, unexpected ones or shapes that do not fit; the message lists every one.</exception>
    public static (Sequential Model, ModelConfig Config) Import(ModelConfig config, IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stateDict);
        var raw = config.Model == "kan" ? config : config with { InputMean = 0, InputStd = 1 };
        var model = (Sequential)raw.Build(new Generator(0));
        var expected = StateDict(raw, model);
        TorchState.Check(expected, stateDict, source, ModuleSource(raw));
        if (raw.Model == "kan")
        {
            TorchKan.Load(model, stateDict);
            return (model, raw);
        }
        var byIndex = Layers(raw, model).ToDictionary(l => l.Index, l => l.Module);
        using (Tensor.NoGrad())
            foreach (var name in expected.Keys)
            {
                var have = stateDict[name];
                int dot = name.IndexOf('.');
                var module = byIndex[int.Parse(name[..dot], System.Globalization.CultureInfo.InvariantCulture)];
                var target = module.StateDict()[name[(dot + 1)..]];
                target.CopyFrom(have.Contiguous());
            }
        return (model, raw);
    }

    /// <summary>Python expression of the equivalent module (with the classes of <see cref="PythonSource"/>), for the fixture script and the docs.</summary>
    public static string ModuleSource(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = config.Build(new Generator(0));
        if (config.Model == "kan") return TorchKan.ModuleSource(config, (Sequential)model);
        var parts = Layers(config, model).Select(l => l.Module switch
        {
            Flatten => "nn.Flatten()",
            Linear linear => $"nn.Linear({linear.InFeatures}, {linear.OutFeatures})",
            AlphaDropout => "nn.AlphaDropout()",
            Dropout => "nn.Dropout()",
            var activation => TorchActivations.Source(activation),
        });
        return $"nn.Sequential({string.Join(", ", parts)})";
    }

    /// <summary>Python source (imports and classes) that <see cref="ModuleSource"/>'s expression needs: the KAN layer for a KAN, torch.nn and Dice for an MLP.</summary>
    public static string PythonSource(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Model == "kan" ? TorchSources.Prelude + TorchSources.Kan : TorchSources.Prelude;
    }

    /// <summary>The model's layers with their index in the equivalent nn.Sequential (Standardize dropped).</summary>
    private static List<(int Index, Module Module)> Layers(ModelConfig config, Module model)
    {
        if (config.Model != "mlp") throw new NotSupportedException($"PyTorch export covers MLPs and KANs; this run holds a '{config.Model}'.");
        if (config.ActivationThresholds != null) throw new NotSupportedException("PyTorch export does not cover thresholded MLPs (activa sparsify): PyTorch has no such layer.");
        var result = new List<(int, Module)>();
        foreach (var layer in ((Sequential)model).Layers)
            if (layer is not Standardize) result.Add((result.Count, layer));
        return result;
    }

    private static (Tensor W, Tensor B) Fold(Tensor w, Tensor b, float mean, float std)
    {
        int outF = w.Dims[0], inF = w.Dims[1];
        var wv = w.ToArray();
        var bv = b.ToArray();
        for (int o = 0; o < outF; o++)
        {
            double rowSum = 0;
            for (int i = 0; i < inF; i++) rowSum += wv[o * inF + i];
            bv[o] = (float)(bv[o] - mean / std * rowSum);
            for (int i = 0; i < inF; i++) wv[o * inF + i] /= std;
        }
        return (Tensor.FromArray(wv, outF, inF), Tensor.FromArray(bv, outF));
    }
}
