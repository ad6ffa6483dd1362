using Activa.Nn;

namespace Activa.Models.Forecasting;

/// <summary>
/// PGN as a forecaster (Jia et al., "PGN: The RNN's New Successor is Effective for Long-Range Time Series
/// Forecasting", NeurIPS 2024): a <see cref="PgnLayer"/> of d = <see cref="ForecastModelOptions.DModel"/> units runs over
/// the L steps of each channel's series (HIE over all previous steps, gated fusion), a linear map over all L steps'
/// outputs aggregates them to d features (L·d → d), and a linear head maps those to the H forecasts.
/// </summary>
/// <remarks>
/// The paper specifies the PGN cell and builds its forecaster, TPGN, from it; it gives no stand-alone PGN forecaster.
/// This one aggregates the steps the way TPGN's long-term branch aggregates its rows (a linear over all of them), so
/// every step's output is used: a head on the last step alone would reduce PGN to one linear map of the history plus
/// a gate (the last step's HIE is all the layer computes for it), and would leave the parallel steps unused.
/// </remarks>
public sealed class Pgn : ForecastModel
{
    /// <summary>The PGN layer (1 input feature per step, window L − 1).</summary>
    public PgnLayer Layer { get; }
    /// <summary>The aggregation over the L steps: L·d → d.</summary>
    public Linear Aggregate { get; }
    /// <summary>Dropout on the aggregated features.</summary>
    public Dropout Dropout { get; }
    /// <summary>The head d → H.</summary>
    public Linear Head { get; }

    /// <summary>Creates the model.</summary>
    public Pgn(ForecastModelOptions options, Generator generator) : base(options)
    {
        int d = options.DModel;
        Layer = RegisterModule("pgn", new PgnLayer(1, d, L, generator));
        Aggregate = RegisterModule("aggregate", new Linear(L * d, d, generator: generator));
        Dropout = RegisterModule("dropout", new Dropout(options.Dropout, generator));
        Head = RegisterModule("head", new Linear(d, H, generator: generator));
    }

    /// <inheritdoc/>
    protected override Tensor Forecast(Tensor input)
    {
        var x = ToSeries(input);
        int n = x.Size(0);
        var h = Layer.Forward(x.Reshape(n, L, 1));                      // [B·C, L, d]
        var features = Aggregate.Forward(h.Reshape(n, L * Options.DModel)); // [B·C, d]
        return FromSeries(Head.Forward(Dropout.Forward(features)));
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => base.ExtraRepr() + $", d={Options.DModel}";
}
