using Activa.Nn;

namespace Activa.Onnx;

/// <summary>
/// The layers a <see cref="Sequential"/> of dense layers is made of, as ONNX nodes: Linear as Gemm (transB = 1) on
/// [batch, in] or MatMul + Add on more dimensions, GatedLinear as one projection then value ⊙ gate(gate half), the
/// input standardisation as Sub and Div, activations (<see cref="OnnxActivations"/>; a thresholded one as Where(|y| &gt; t, y, 0)),
/// KAN layers (<see cref="OnnxKan"/>),
/// Flatten and dropout as nothing (inference).
/// </summary>
internal static class OnnxLayers
{
    /// <summary>Layer types <see cref="Chain"/> writes.</summary>
    public const string Covered = "Linear, GatedLinear, activations (thresholded ones too), KAN layers, Standardize, Flatten, Dropout, AlphaDropout, Sequential";

    /// <summary>
    /// <paramref name="layers"/> applied in order to <paramref name="x"/> [batch, <paramref name="width"/>]; returns the
    /// output and its width. <paramref name="where"/> prefixes the layer named in an error ("Layer 2 (Pau): …").
    /// </summary>
    /// <exception cref="NotSupportedException">A layer without an ONNX form here; the message names the layer and the op.</exception>
    public static (string Value, int Width) Chain(OnnxGraph g, IReadOnlyList<Module> layers, string x, int width, string where = "")
    {
        for (int index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            string name = $"{where}Layer {index} ({layer.GetType().Name})";
            try
            {
                switch (layer)
                {
                    case Flatten or Dropout or AlphaDropout:
                        break;
                    case Sequential inner:
                        (x, width) = Chain(g, inner.Layers, x, width, $"{name}: ");
                        break;
                    case Standardize s:
                        x = g.Node("Div", [g.Node("Sub", [x, g.Scalar("mean", s.Mean)]), g.Scalar("std", s.Std)]);
                        break;
                    case Kan.KanLayer kan:
                        x = OnnxKan.Layer(g, kan, x);
                        width = kan.OutFeatures;
                        break;
                    case Linear linear:
                        x = Dense(g, x, linear.Weight.ToArray(), linear.Bias?.ToArray(), linear.OutFeatures, linear.InFeatures, true);
                        width = linear.OutFeatures;
                        break;
                    case GatedLinear glu:
                        x = Gated(g, glu, x, true);
                        width = glu.OutFeatures;
                        break;
                    case Sparsity.ThresholdedActivation thresholded:
                        // y = f(x) where |f(x)| > t, else 0
                        var y = OnnxActivations.Apply(g, thresholded.Inner, x, width);
                        x = thresholded.Threshold == 0 ? y
                            : g.Node("Where", [g.Node("Greater", [g.Node("Abs", [y]), g.Scalar("threshold", thresholded.Threshold)]), y, g.Scalar("zero", 0f)]);
                        break;
                    default:
                        x = OnnxActivations.Apply(g, layer, x, width);
                        break;
                }
            }
            catch (NotSupportedException e) when (layer is not Sequential)
            {
                throw new NotSupportedException($"{name}: {e.Message}", e);
            }
        }
        return (x, width);
    }

    /// <summary>
    /// x·Wᵀ + b over the last dimension of <paramref name="x"/>, W [out, in] row-major: Gemm when x is
    /// [batch, in] (<paramref name="matrix"/>), MatMul with Wᵀ then Add otherwise.
    /// </summary>
    public static string Dense(OnnxGraph g, string x, float[] weight, float[]? bias, int outputs, int inputs, bool matrix)
    {
        if (matrix)
            return g.Node("Gemm", [x, g.Constant("weight", weight, outputs, inputs), g.Constant("bias", bias ?? new float[outputs], outputs)], ("transB", 1));
        var transposed = new float[weight.Length];
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++) transposed[i * outputs + o] = weight[o * inputs + i];
        var y = g.Node("MatMul", [x, g.Constant("weight_t", transposed, inputs, outputs)]);
        return bias == null ? y : g.Node("Add", [y, g.Constant("bias", bias, outputs)]);
    }

    /// <summary>A <see cref="Linear"/> over the last dimension of <paramref name="x"/> (see <see cref="Dense"/>).</summary>
    public static string Linear(OnnxGraph g, Linear linear, string x, bool matrix) =>
        Dense(g, x, linear.Weight.ToArray(), linear.Bias?.ToArray(), linear.OutFeatures, linear.InFeatures, matrix);

    /// <summary>
    /// GLU: one projection [.., 2·out], value half ⊙ gate(gate half) — the gate a fixed activation or a module (a
    /// learnable activation on the out gate units).
    /// </summary>
    public static string Gated(OnnxGraph g, GatedLinear glu, string x, bool matrix)
    {
        int outputs = glu.OutFeatures;
        var h = Dense(g, x, glu.Weight.ToArray(), glu.Bias?.ToArray(), 2 * outputs, glu.InFeatures, matrix);
        var value = LastSlice(g, h, 0, outputs);
        var gateInput = LastSlice(g, h, outputs, 2 * outputs);
        var gate = glu.GateModule is { } module
            ? OnnxActivations.Apply(g, module, gateInput, outputs)
            : OnnxActivations.FixedActivation(g, glu.GateActivation!.Spec, gateInput);
        return g.Node("Mul", [value, gate]);
    }

    /// <summary>Elements [<paramref name="start"/>, <paramref name="end"/>) of the last dimension.</summary>
    public static string LastSlice(OnnxGraph g, string x, long start, long end) =>
        g.Node("Slice", [x, g.Int64("starts", [start], 1), g.Int64("ends", [end], 1), g.Int64("axes", [-1], 1)]);
}
