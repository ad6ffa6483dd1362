using Activa.Models;
using Activa.Nn;

namespace Activa.Onnx;

/// <summary>
/// ONNX export of Activa MLPs and KANs (<c>activa export RUN --onnx FILE</c>): input "input" [batch, features]
/// (flattened), output "logits" [batch, classes]; the input standardisation as Sub and Div, each Linear as Gemm
/// (transB = 1), each activation as its ONNX op or a decomposition (<see cref="OnnxActivations"/>), each KAN layer as its
/// basis tensor and one Gemm (<see cref="OnnxKan"/>), dropout omitted (inference). Opset 17. CTR and forecasting models
/// are not exported yet.
/// </summary>
public static class OnnxExport
{
    /// <summary>The default-domain opset of the exported models.</summary>
    public const int Opset = OnnxGraph.Opset;

    /// <summary>The ONNX model (ModelProto bytes) of <paramref name="config"/>'s MLP or KAN with the weights of <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">Not an MLP, a thresholded one, or an activation without an ONNX form (named).</exception>
    public static byte[] Model(ModelConfig config, Module model)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        if (config.Model is not ("mlp" or "kan")) throw new NotSupportedException($"ONNX export covers MLPs and KANs; this run holds a '{config.Model}'.");
        if (config.ActivationThresholds != null) throw new NotSupportedException("ONNX export does not cover thresholded MLPs (activa sparsify).");
        var g = new OnnxGraph("activa-mlp");
        string x = "input";
        int width = config.Inputs;
        var layers = ((Sequential)model).Layers;
        for (int index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            switch (layer)
            {
                case Flatten or Dropout or AlphaDropout:
                    break;
                case Standardize s:
                    x = g.Node("Div", [g.Node("Sub", [x, g.Scalar("mean", s.Mean)]), g.Scalar("std", s.Std)]);
                    break;
                case Kan.KanLayer kan:
                    try
                    {
                        x = OnnxKan.Layer(g, kan, x);
                    }
                    catch (NotSupportedException e)
                    {
                        throw new NotSupportedException($"Layer {index} (KAN): {e.Message}", e);
                    }
                    width = kan.OutFeatures;
                    break;
                case Linear linear:
                    var bias = linear.Bias?.ToArray() ?? new float[linear.OutFeatures];
                    x = g.Node("Gemm", [x, g.Constant("weight", linear.Weight.ToArray(), linear.OutFeatures, linear.InFeatures), g.Constant("bias", bias, linear.OutFeatures)],
                        ("transB", 1));
                    width = linear.OutFeatures;
                    break;
                default:
                    try
                    {
                        x = OnnxActivations.Apply(g, layer, x, width);
                    }
                    catch (NotSupportedException e)
                    {
                        throw new NotSupportedException($"Layer {index} ({layer.GetType().Name}): {e.Message}", e);
                    }
                    break;
            }
        }
        string version = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(OnnxExport).Assembly)?.InformationalVersion ?? "0";
        return g.ToModel("input", config.Inputs, g.Output("logits", x), config.Outputs, version);
    }

    /// <summary>Writes the ONNX model of <paramref name="config"/>'s MLP or KAN to <paramref name="path"/>.</summary>
    public static void Save(string path, ModelConfig config, Module model) => File.WriteAllBytes(path, Model(config, model));
}
