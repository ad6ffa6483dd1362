using Activa.Nn;

namespace Activa.Models.Forecasting;

/// <summary>
/// The linear baseline: one linear map over time from the L past values to the H future values of each channel,
/// shared by all channels ("Linear" of Zeng et al., "Are Transformers Effective for Time Series Forecasting?",
/// AAAI 2023).
/// </summary>
public sealed class LinearForecast : ForecastModel
{
    /// <summary>The map L → H.</summary>
    public Linear Projection { get; }

    /// <summary>Creates the model.</summary>
    public LinearForecast(ForecastModelOptions options, Generator generator) : base(options) =>
        Projection = RegisterModule("projection", new Linear(L, H, generator: generator));

    /// <inheritdoc/>
    protected override Tensor Forecast(Tensor input) => FromSeries(Projection.Forward(ToSeries(input)));
}
