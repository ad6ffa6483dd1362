using Activa.Nn;

namespace Activa.Sparsity;

/// <summary>
/// Puts per-layer activation thresholds into an MLP-like <see cref="Sequential"/>: the shifted ReLU / ReLU_t step of
/// ProSparse (Song et al., "ProSparse: Introducing and Enhancing Intrinsic Activation Sparsity within Large Language
/// Models", 2024), FATReLU_t(x) = x if x &gt; t, else 0.
/// </summary>
public static class ActivationThresholds
{
    /// <summary>
    /// A copy of <paramref name="model"/> (sharing its weights) whose k-th activation layer zeroes outputs of magnitude
    /// ≤ <paramref name="thresholds"/>[k]. A ReLU layer becomes the zoo's <c>thresholded-relu(theta=t)</c>; any other
    /// activation is wrapped in a <see cref="ThresholdedActivation"/>; a threshold of 0 keeps the layer as it is.
    /// </summary>
    /// <exception cref="ArgumentException">The count does not match the activation layers, or a threshold is negative or not finite.</exception>
    public static Sequential Apply(Sequential model, IReadOnlyList<float> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        int[] layers = ActivationLayers.Find(model);
        if (thresholds.Count != layers.Length)
            throw new ArgumentException($"thresholds: the model has {layers.Length} activation layers but {thresholds.Count} thresholds were given.", nameof(thresholds));
        for (int k = 0; k < thresholds.Count; k++)
            if (!(thresholds[k] >= 0) || !float.IsFinite(thresholds[k]))
                throw new ArgumentException($"thresholds: the threshold of activation layer {k} (module {layers[k]}) must be finite and ≥ 0, got {thresholds[k]}.", nameof(thresholds));
        return ActivationLayers.Replace(model, (i, layer) => With(layer, thresholds[Array.IndexOf(layers, i)]));
    }

    /// <summary>A copy of <paramref name="model"/> with the same threshold on every activation layer.</summary>
    public static Sequential Apply(Sequential model, float threshold) =>
        Apply(model, Enumerable.Repeat(threshold, ActivationLayers.Find(model).Length).ToArray());

    /// <summary><paramref name="layer"/> (an activation layer) with threshold <paramref name="t"/>, replacing any threshold it had.</summary>
    internal static Module With(Module layer, float t)
    {
        if (layer is ThresholdedActivation wrapped) layer = wrapped.Inner;
        if (t == 0) return layer;
        if (layer is Act { Activation.Spec: "relu" } relu)
            return new Act(FormattableString.Invariant($"thresholded-relu(theta={t:R})"), relu.InPlace);
        return new ThresholdedActivation(layer, t);
    }
}
