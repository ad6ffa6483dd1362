using Activa.Activations.Learnable;
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
/// Activations: fixed ones have no parameters; PReLU's slopes are nn.PReLU's "weight"; any other learnable activation's
/// parameters are written under the index of its layer with Activa's names (e.g. "2.numerator" for PAU), for a PyTorch
/// module of the user's own. Thresholded models (<see cref="ModelConfig.ActivationThresholds"/>) and KANs have no
/// PyTorch counterpart here and are refused.
/// </remarks>
public static class TorchInterop
{
    /// <summary>The PyTorch state_dict of <paramref name="config"/>'s MLP with the weights of <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">Not an MLP, or a thresholded one.</exception>
    public static Dictionary<string, Tensor> StateDict(ModelConfig config, Module model)
    {
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
                foreach (var (name, p) in module.NamedParameters()) state[$"{index}.{name}"] = p.Detach().Clone();
        }
        return state;
    }

    /// <summary>
    /// An Activa model for <paramref name="config"/> (its standardisation dropped: the weights are assumed folded, as
    /// <see cref="StateDict"/> writes them) with the weights of a PyTorch state_dict of the equivalent nn.Sequential.
    /// Returns the model and the config it was built from.
    /// </summary>
    /// <exception cref="CheckpointFormatException">Missing tensors, unexpected ones or shapes that do not fit; the message lists every one.</exception>
    public static (Sequential Model, ModelConfig Config) Import(ModelConfig config, IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        var raw = config with { InputMean = 0, InputStd = 1 };
        var model = (Sequential)raw.Build();
        var expected = StateDict(raw, model);
        var problems = new List<string>();
        foreach (var name in stateDict.Keys)
            if (!expected.ContainsKey(name)) problems.Add($"'{name}' is not part of the equivalent module");
        foreach (var (name, want) in expected)
            if (!stateDict.TryGetValue(name, out var have)) problems.Add($"'{name}' is missing");
            else if (!have.Shape.SequenceEqual(want.Shape)) problems.Add($"'{name}' has shape {Shape.Format(have.Shape)}, expected {Shape.Format(want.Shape)}");
        if (problems.Count > 0)
            throw new CheckpointFormatException(source, $"{source} does not fit {ModuleSource(raw)}: {string.Join("; ", problems)}.");
        var byIndex = Layers(raw, model).ToDictionary(l => l.Index, l => l.Module);
        using (Tensor.NoGrad())
            foreach (var name in expected.Keys)
            {
                var have = stateDict[name];
                int dot = name.IndexOf('.');
                var module = byIndex[int.Parse(name[..dot], System.Globalization.CultureInfo.InvariantCulture)];
                var target = module.NamedParameters().First(p => p.Name == name[(dot + 1)..]).Parameter;
                target.CopyFrom(have.Contiguous());
            }
        return (model, raw);
    }

    /// <summary>Python source of the equivalent module, for the fixture script and the docs.</summary>
    public static string ModuleSource(ModelConfig config)
    {
        var model = config.Build();
        var parts = Layers(config, model).Select(l => l.Module switch
        {
            Flatten => "nn.Flatten()",
            Linear linear => $"nn.Linear({linear.InFeatures}, {linear.OutFeatures})",
            PRelu prelu => $"nn.PReLU({prelu.Weight.Numel})",
            AlphaDropout => "nn.AlphaDropout()",
            Dropout => "nn.Dropout()",
            Act act => act.ActivationName switch
            {
                "relu" => "nn.ReLU()", "tanh" => "nn.Tanh()", "gelu" => "nn.GELU()", "silu" => "nn.SiLU()", "selu" => "nn.SELU()",
                "sigmoid" => "nn.Sigmoid()", "mish" => "nn.Mish()", "elu" => "nn.ELU()", "softplus" => "nn.Softplus()",
                var other => $"Custom('{other}')",
            },
            var other => $"Custom('{other.GetType().Name}')",
        });
        return $"nn.Sequential({string.Join(", ", parts)})";
    }

    /// <summary>The model's layers with their index in the equivalent nn.Sequential (Standardize dropped).</summary>
    private static List<(int Index, Module Module)> Layers(ModelConfig config, Module model)
    {
        if (config.Model != "mlp") throw new NotSupportedException($"PyTorch export covers MLPs; this run holds a '{config.Model}'.");
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
