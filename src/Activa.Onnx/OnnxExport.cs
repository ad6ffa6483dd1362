using Activa.Models;
using Activa.Nn;

namespace Activa.Onnx;

/// <summary>
/// ONNX export of Activa models (<c>activa export RUN --onnx FILE</c>), opset 17. MLPs and KANs
/// (<see cref="Model"/>) and any <see cref="Nn.Sequential"/> of dense layers (<see cref="Sequential"/>): input "input"
/// [batch, features] (flattened), output "logits" [batch, outputs]; the input standardisation as Sub and Div, each Linear
/// as Gemm (transB = 1), each GatedLinear as one Gemm, a Slice per half and value ⊙ gate, each activation as its ONNX op
/// or a decomposition (<see cref="OnnxActivations"/>), each KAN layer as its basis tensor and one Gemm
/// (<see cref="OnnxKan"/>), dropout omitted (inference). Forecasting models: <see cref="OnnxForecast"/>; CTR models on
/// behaviour samples: <see cref="OnnxCtr"/>.
/// </summary>
public static class OnnxExport
{
    /// <summary>The default-domain opset of the exported models.</summary>
    public const int Opset = OnnxGraph.Opset;

    /// <summary>The ONNX model (ModelProto bytes) of <paramref name="config"/>'s MLP or KAN with the weights of <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">Not an MLP or KAN, or a layer without an ONNX form (named with its index).</exception>
    public static byte[] Model(ModelConfig config, Module model)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        if (config.Model is not ("mlp" or "kan")) throw new NotSupportedException($"ONNX export covers MLPs and KANs; this run holds a '{config.Model}'.");
        return Sequential((Sequential)model, config.Inputs, config.Outputs, "activa-mlp");
    }

    /// <summary>
    /// The ONNX model of <paramref name="model"/>, a Sequential of Linear, GatedLinear, activation (fixed or learnable),
    /// KAN, Standardize, Flatten and dropout layers (nested Sequentials too): input "input" [batch, <paramref name="inputs"/>],
    /// output "logits" [batch, <paramref name="outputs"/>].
    /// </summary>
    /// <exception cref="ArgumentException">A size that is not positive.</exception>
    /// <exception cref="NotSupportedException">A layer or activation without an ONNX form; the message names the layer (index and type) and the op.</exception>
    public static byte[] Sequential(Sequential model, int inputs, int outputs, string name = "activa-sequential")
    {
        ArgumentNullException.ThrowIfNull(model);
        if (inputs < 1) throw new ArgumentException($"ONNX export: inputs must be positive, got {inputs}.", nameof(inputs));
        if (outputs < 1) throw new ArgumentException($"ONNX export: outputs must be positive, got {outputs}.", nameof(outputs));
        var g = new OnnxGraph(name);
        var (x, _) = OnnxLayers.Chain(g, model.Layers, "input", inputs);
        return g.ToModel("input", inputs, g.Output("logits", x), outputs, ProducerVersion);
    }

    /// <summary>Writes the ONNX model of <paramref name="config"/>'s MLP or KAN to <paramref name="path"/>.</summary>
    public static void Save(string path, ModelConfig config, Module model) => File.WriteAllBytes(path, Model(config, model));

    /// <summary>The library's informational version, written as the model's producer version.</summary>
    internal static string ProducerVersion =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(OnnxExport).Assembly)?.InformationalVersion ?? "0";
}
