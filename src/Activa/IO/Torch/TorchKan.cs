using System.Globalization;
using Activa.Kan;
using Activa.Models;
using Activa.Nn;

namespace Activa.IO.Torch;

/// <summary>
/// PyTorch-compatible weights for KANs on a B-spline basis: the state_dict of an nn.Sequential of nn.Flatten, the
/// Standardize of <see cref="TorchSources.Kan"/> when the config standardises (a module without state: a KAN's first
/// layer is not linear, so the standardisation cannot be folded into it), and one efficient-kan-style KanLinear per
/// layer, at Activa's layer indices. A KanLinear holds "base_weight" [out, in] (the SiLU branch), "spline_weight"
/// [out, in, G + k] (Activa's weight [out, in·(1 + G + k)] split per edge into its base and spline parts), "bias" and the
/// buffer "grid" (Activa's knots, [in, G + 2k + 1]).
/// </summary>
/// <remarks>
/// The other bases are refused: Chebyshev, Fourier, RBF, ReLU-KAN, AF-KAN and GR-KAN layers exist in PyTorch only as
/// separate projects with layouts of their own, none of them the standard that efficient-kan is for B-splines.
/// </remarks>
internal static class TorchKan
{
    public static Dictionary<string, Tensor> StateDict(Sequential model)
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (index, layer) in Layers(model))
        {
            var (spline, s, b) = (Spline(layer), layer.EdgeWidth, layer.BaseBranch ? 1 : 0);
            int outF = layer.OutFeatures, inF = layer.InFeatures, k = spline.Size;
            var w = layer.Weight.Contiguous().ToArray();
            var baseW = new float[outF * inF];
            var splineW = new float[outF * inF * k];
            for (int j = 0; j < outF; j++)
                for (int i = 0; i < inF; i++)
                {
                    int edge = j * inF * s + i * s;
                    if (b == 1) baseW[j * inF + i] = w[edge];
                    Array.Copy(w, edge + b, splineW, (j * inF + i) * k, k);
                }
            if (b == 1) state[$"{index}.base_weight"] = Tensor.FromArray(baseW, outF, inF);
            state[$"{index}.spline_weight"] = Tensor.FromArray(splineW, outF, inF, k);
            if (layer.Bias is { } bias) state[$"{index}.bias"] = bias.Detach().Contiguous().Clone();
            state[$"{index}.grid"] = spline.Knots.Detach().Contiguous().Clone();
        }
        return state;
    }

    /// <summary>Copies a checked state_dict (names and shapes those of <see cref="StateDict"/>) into <paramref name="model"/>.</summary>
    public static void Load(Sequential model, IReadOnlyDictionary<string, Tensor> state)
    {
        using var _ = Tensor.NoGrad();
        foreach (var (index, layer) in Layers(model))
        {
            var (spline, s, b) = (Spline(layer), layer.EdgeWidth, layer.BaseBranch ? 1 : 0);
            int outF = layer.OutFeatures, inF = layer.InFeatures, k = spline.Size;
            var splineW = state[$"{index}.spline_weight"].Contiguous().ToArray();
            var baseW = b == 1 ? state[$"{index}.base_weight"].Contiguous().ToArray() : [];
            var w = new float[outF * inF * s];
            for (int j = 0; j < outF; j++)
                for (int i = 0; i < inF; i++)
                {
                    int edge = j * inF * s + i * s;
                    if (b == 1) w[edge] = baseW[j * inF + i];
                    Array.Copy(splineW, (j * inF + i) * k, w, edge + b, k);
                }
            layer.Weight.CopyFrom(Tensor.FromArray(w, outF, inF * s));
            layer.Bias?.CopyFrom(state[$"{index}.bias"].Contiguous());
            spline.Knots.CopyFrom(state[$"{index}.grid"].Contiguous());
        }
    }

    public static string ModuleSource(ModelConfig config, Sequential model)
    {
        var parts = model.Layers.Select(layer => layer switch
        {
            Flatten => "nn.Flatten()",
            Standardize => string.Create(CultureInfo.InvariantCulture, $"Standardize({config.InputMean:R}, {config.InputStd:R})"),
            KanLayer kan => KanLinear(kan),
            var other => $"Custom('{other.GetType().Name}')",
        });
        return $"nn.Sequential({string.Join(", ", parts)})";
    }

    private static string KanLinear(KanLayer layer)
    {
        var spline = Spline(layer);
        var (lo, hi) = spline.Range(0);
        return string.Create(CultureInfo.InvariantCulture,
            $"KanLinear({layer.InFeatures}, {layer.OutFeatures}, grid_size={spline.GridSize}, order={spline.Order}, lo={lo:R}, hi={hi:R}, base={(layer.BaseBranch ? "True" : "False")}, bias={(layer.Bias != null ? "True" : "False")})");
    }

    private static IEnumerable<(int Index, KanLayer Layer)> Layers(Sequential model)
    {
        for (int i = 0; i < model.Layers.Count; i++)
            if (model.Layers[i] is KanLayer layer) yield return (i, layer);
    }

    private static BSplineBasis Spline(KanLayer layer) => layer.Basis as BSplineBasis
        ?? throw new NotSupportedException($"PyTorch export covers KAN layers on the B-spline basis (efficient-kan's KANLinear); this one's basis is {layer.Basis.Spec}, which has no standard PyTorch counterpart.");
}
