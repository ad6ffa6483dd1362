namespace Activa.Kan;

/// <summary>
/// The attribution of one <see cref="KanLayer"/>: per edge (input i → output j) the mean and the variation of φ_ij on
/// the samples and a relative importance score, per node an importance score. Arrays over edges are indexed
/// [output · Inputs + input].
/// </summary>
/// <param name="Layer">Index of the layer among the network's KAN layers (0 = the first).</param>
/// <param name="Inputs">Input nodes of the layer.</param>
/// <param name="Outputs">Output nodes of the layer.</param>
/// <param name="EdgeMean">φ̄_ij = mean over the samples of φ_ij(x_i): what a removed edge is replaced by (folded into the bias).</param>
/// <param name="EdgeVariation">v_ij = mean over the samples of |φ_ij(x_i) − φ̄_ij|, in the units of the layer's outputs.</param>
/// <param name="EdgeScore">The edge's attribution divided by the largest in the layer, in [0, 1].</param>
/// <param name="InputScore">Each input node's attribution (the sum over its outgoing edges) divided by the largest in the layer, in [0, 1].</param>
/// <param name="OutputScore">Each output node's attribution (the sum over its incoming edges) divided by the largest in the layer, in [0, 1].</param>
public sealed record KanLayerAttribution(
    int Layer, int Inputs, int Outputs,
    double[] EdgeMean, double[] EdgeVariation, double[] EdgeScore, double[] InputScore, double[] OutputScore)
{
    /// <summary>The relative score of the edge from <paramref name="input"/> to <paramref name="output"/>.</summary>
    public double Edge(int input, int output) => EdgeScore[output * Inputs + input];
}
