namespace Activa.Analysis;

/// <summary>
/// A snapshot of one probed activation layer over the batches seen since the last reset.
/// Fractions are in [0, 1]; NaN where nothing was seen or the figure does not apply.
/// </summary>
/// <param name="Name">Dotted module name in the model, e.g. "2".</param>
/// <param name="Activation">Activation spec, e.g. "relu" or "prelu".</param>
/// <param name="Units">Units (channels) of the layer.</param>
/// <param name="Samples">Values seen per unit.</param>
/// <param name="Batches">Forward passes recorded.</param>
/// <param name="Mean">Mean of the outputs.</param>
/// <param name="Std">Population standard deviation of the outputs.</param>
/// <param name="Min">Smallest output.</param>
/// <param name="Max">Largest output.</param>
/// <param name="ZeroFraction">Share of outputs exactly 0.</param>
/// <param name="SmallFraction">Share of outputs with |a| &lt; ε.</param>
/// <param name="StaticDeadFraction">Share of units inactive on every sample seen.</param>
/// <param name="DynamicDeadRate">
/// AP's dynamic dead-neuron rate over the batches seen (see <see cref="DeadNeurons"/>): the share of (sample, unit) pairs
/// with pre-activation z ≤ 0 (outputs ≤ 0 when the inputs are not read), i.e. the per-batch rates weighted by batch size.
/// Over one evaluation pass it is AP's DNR_t of that data set; over a training epoch, its average along the epoch.
/// </param>
/// <param name="SaturatedFraction">Share of outputs within the tolerance of a bound (NaN for activations without two declared bounds).</param>
/// <param name="InputMean">Mean of the inputs (pre-activations); NaN when inputs are not collected.</param>
/// <param name="InputStd">Population standard deviation of the inputs.</param>
public sealed record LayerSummary(string Name, string Activation, int Units, long Samples, int Batches,
    double Mean, double Std, double Min, double Max, double ZeroFraction, double SmallFraction,
    double StaticDeadFraction, double DynamicDeadRate, double SaturatedFraction, double InputMean, double InputStd);
