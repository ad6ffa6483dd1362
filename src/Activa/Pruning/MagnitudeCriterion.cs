namespace Activa.Pruning;

/// <summary>
/// Magnitude pruning (Han et al. 2015; the criterion of the lottery-ticket experiments, Frankle &amp; Carbin 2019):
/// score = |w|, so the smallest weights go first.
/// </summary>
public sealed class MagnitudeCriterion : IPruningCriterion
{
    /// <summary>The criterion (it has no settings).</summary>
    public static MagnitudeCriterion Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "magnitude";

    /// <inheritdoc/>
    public void Score(PruningContext context, string name, Tensor weight, Span<float> scores)
    {
        var w = weight.AsSpan();
        for (int i = 0; i < w.Length; i++) scores[i] = MathF.Abs(w[i]);
    }
}
