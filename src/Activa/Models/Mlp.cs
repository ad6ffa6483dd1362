using Activa.Nn;

namespace Activa.Models;

/// <summary>
/// A multilayer perceptron: Linear → activation (→ dropout) for each hidden width, then a Linear output
/// layer giving logits. Inputs of any shape [n, ...] are flattened first, then standardised when the config
/// says so. A self-normalising config (<see cref="ModelConfig.SelfNormalizing"/>; Klambauer et al., 2017) uses
/// AlphaDropout instead of Dropout; <see cref="ModelConfig.ActivationThresholds"/> thresholds the hidden activations. Layers are a <see cref="Sequential"/>, so parameters are named by position: "1.weight", ...
/// </summary>
public static class Mlp
{
    /// <summary>Builds the MLP described by <paramref name="config"/>.</summary>
    public static Sequential Build(ModelConfig config, Generator? generator = null)
    {
        var model = config.InputLayers("An MLP");
        if (config.SelfNormalizing && !config.Activation.Equals("selu", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"A self-normalising MLP (SelfNormalizing, --snn) needs the activation 'selu', got '{config.Activation}'.");
        if (config.SelfNormalizing && config.Init != Init.LeCunNormal)
            throw new ArgumentException($"A self-normalising MLP (SelfNormalizing, --snn) needs the init LeCunNormal, got {config.Init}.");
        int width = config.Inputs;
        foreach (int h in config.Hidden)
        {
            model.Add(new Linear(width, h, init: config.Init, generator: generator));
            model.Add(Activations.Learnable.LearnableActivations.CreateModule(config.Activation, h));
            if (config.Dropout > 0) model.Add(config.SelfNormalizing ? new AlphaDropout(config.Dropout) : new Dropout(config.Dropout));
            width = h;
        }
        model.Add(new Linear(width, config.Outputs, init: config.Init, generator: generator));
        return config.ActivationThresholds is { } thresholds ? Sparsity.ActivationThresholds.Apply(model, thresholds) : model;
    }
}
