using Activa.Nn;

namespace Activa.Models.Forecasting;

/// <summary>
/// DLinear (Zeng et al., "Are Transformers Effective for Time Series Forecasting?", AAAI 2023): each input series is
/// decomposed into a trend, its moving average with edge replication (kernel <see cref="ForecastModelOptions.MovingAverage"/>,
/// 25 in the paper), and a seasonal remainder x − trend; each part goes through its own linear map over time L → H and
/// the two forecasts are summed. With <see cref="ForecastModelOptions.Individual"/> every channel has its own pair of
/// maps; otherwise the channels share them.
/// </summary>
public sealed class DLinear : ForecastModel
{
    private readonly Linear? _seasonal, _trend;
    private readonly Tensor? _seasonalWeight, _seasonalBias, _trendWeight, _trendBias;

    /// <summary>Creates the model; the individual weights are drawn like a Linear layer's (U(±1/√L)).</summary>
    public DLinear(ForecastModelOptions options, Generator generator) : base(options)
    {
        if (!options.Individual)
        {
            _seasonal = RegisterModule("seasonal", new Linear(L, H, generator: generator));
            _trend = RegisterModule("trend", new Linear(L, H, generator: generator));
            return;
        }
        float b = 1f / MathF.Sqrt(L);
        _seasonalWeight = RegisterParameter("seasonal_weight", Tensor.Uniform([C, H, L], -b, b, generator));
        _seasonalBias = RegisterParameter("seasonal_bias", Tensor.Uniform([C, 1, H], -b, b, generator));
        _trendWeight = RegisterParameter("trend_weight", Tensor.Uniform([C, H, L], -b, b, generator));
        _trendBias = RegisterParameter("trend_bias", Tensor.Uniform([C, 1, H], -b, b, generator));
    }

    /// <summary>Splits series [..., L] into (seasonal, trend) with the model's moving average; seasonal + trend = the input.</summary>
    public (Tensor Seasonal, Tensor Trend) Decompose(Tensor series)
    {
        var trend = MovingAverage.Apply(series, Options.MovingAverage);
        return (series.Sub(trend), trend);
    }

    /// <inheritdoc/>
    protected override Tensor Forecast(Tensor input)
    {
        var x = ToSeries(input);                       // [B·C, L]
        var (seasonal, trend) = Decompose(x);
        if (_seasonal != null) return FromSeries(_seasonal.Forward(seasonal).Add(_trend!.Forward(trend)));
        int b = input.Size(0);
        // per channel: [C, B, L] @ [C, L, H] → [C, B, H]
        Tensor PerChannel(Tensor part, Tensor w, Tensor bias) =>
            part.Reshape(b, C, L).Permute(1, 0, 2).MatMul(w.Transpose(1, 2)).Add(bias);
        var y = PerChannel(seasonal, _seasonalWeight!, _seasonalBias!).Add(PerChannel(trend, _trendWeight!, _trendBias!));
        return y.Permute(1, 2, 0);                     // [B, H, C]
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => base.ExtraRepr() + $", kernel={Options.MovingAverage}, individual={Options.Individual}";
}
