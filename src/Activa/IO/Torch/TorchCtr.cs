using Activa.Data.Ctr;
using Activa.Models.Ctr;

namespace Activa.IO.Torch;

/// <summary>
/// PyTorch-compatible weights for the CTR models on behaviour samples (lr, dnn, deepfm, din, finalmlp, dualmlp): the
/// state_dict of the equivalent module of <see cref="PythonSource"/> (CtrLogistic, CtrDnn, DeepFm, Din, FinalMlp), whose
/// names and layouts are Activa's — embeddings "user.weight", "item.weight", "category.weight" (row 0 padding), MLPs as
/// nn.Sequential ("mlp.0.weight"), Dice's "alpha" with its "running_mean" and "running_var" buffers, PReLU's "weight".
/// </summary>
/// <remarks>The field models (trained on a file through a feature pipeline) are not covered.</remarks>
public static class TorchCtr
{
    /// <summary>Python source of the modules (imports and classes) that <see cref="ModuleSource"/> instantiates.</summary>
    public static string PythonSource => TorchSources.Prelude + TorchSources.Ctr;

    /// <summary>The state_dict of the PyTorch module equivalent to <paramref name="model"/>, with its weights and Dice's running statistics.</summary>
    /// <exception cref="NotSupportedException">A learnable activation whose parameters are neither per unit nor per layer.</exception>
    public static Dictionary<string, Tensor> StateDict(CtrModel model) => TorchState.Export(model, ModuleSource, name => name, (_, t) => t);

    /// <summary>
    /// Model <paramref name="name"/> (<see cref="CtrModel.Names"/>) for <paramref name="vocabulary"/> and
    /// <paramref name="options"/> with the weights of <paramref name="stateDict"/>, a state_dict of the equivalent PyTorch
    /// module read from <paramref name="source"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">Missing tensors, unexpected ones or shapes that do not fit; the message lists every one.</exception>
    public static CtrModel Import(string name, CtrVocabulary vocabulary, CtrModelOptions options, IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var model = CtrModel.Create(name, vocabulary, options, 0);
        TorchState.Check(StateDict(model), stateDict, source, ModuleSource(model));
        model.LoadStateDict(stateDict);
        return model;
    }

    /// <summary>The Python expression that builds the equivalent module from the classes of <see cref="PythonSource"/>.</summary>
    public static string ModuleSource(CtrModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (v, o) = (model.Vocabulary, model.Options);
        string ids = $"users={v.Users}, items={v.Items}, categories={v.Categories}";
        if (model is CtrLogistic) return $"CtrLogistic({ids})";   // no MLP, so no activation
        string act = TorchActivations.Factory(units => CtrModel.ActivationFor(o.Activation, units), o.Activation);
        string common = $"{ids}, d={o.EmbeddingDim}, hidden={List(o.Hidden)}, act={act}";
        return model switch
        {
            CtrDnn => $"CtrDnn({common})",
            DeepFm => $"DeepFm({common})",
            Din => $"Din({common}, attention_hidden={o.AttentionHidden}, attention_softmax={(o.AttentionSoftmax ? "True" : "False")})",
            FinalMlp f => $"FinalMlp({common}, second_hidden={List(o.SecondHidden)}, heads={o.FusionHeads}, gated={(f.Gated ? "True" : "False")})",
            _ => throw new NotSupportedException($"PyTorch export has no module for the CTR model {model.GetType().Name}."),
        };
    }

    private static string List(IEnumerable<int> values) => $"[{string.Join(", ", values)}]";
}
