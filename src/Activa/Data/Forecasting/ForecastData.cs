namespace Activa.Data.Forecasting;

/// <summary>
/// A series made ready for training: split by a protocol, standardised with statistics of the training rows only, and
/// cut into the training, validation and test windows.
/// </summary>
/// <param name="Series">The series on its original scale.</param>
/// <param name="Splits">The row ranges of the three splits.</param>
/// <param name="Scaler">The standardisation, fitted on the training rows.</param>
/// <param name="Train">Training windows.</param>
/// <param name="Validation">Validation windows.</param>
/// <param name="Test">Test windows (every one: none is dropped).</param>
public sealed record ForecastData(TimeSeries Series, ForecastSplits Splits, Standardizer Scaler, WindowDataset Train, WindowDataset Validation, WindowDataset Test)
{
    /// <summary>
    /// Splits <paramref name="series"/> by <paramref name="protocol"/> for input length <paramref name="inputLength"/> and
    /// horizon <paramref name="horizon"/>, standardises it with <paramref name="scaler"/> (default: fitted on the training
    /// rows) and cuts the windows.
    /// </summary>
    /// <exception cref="ArgumentException">A split is shorter than L + H, or the scaler has another channel count.</exception>
    public static ForecastData Create(TimeSeries series, SplitProtocol protocol, int inputLength, int horizon, ChannelMode mode, Standardizer? scaler = null)
    {
        var splits = ForecastSplits.Create(series, protocol, inputLength, horizon);
        scaler ??= Standardizer.Fit(series, splits.Train);
        if (scaler.Channels != series.Channels)
            throw new ArgumentException($"Forecast data: the standardisation has {scaler.Channels} channels, the series '{series.Name}' {series.Channels}.");
        var scaled = scaler.Transform(series);
        WindowDataset Windows(RowRange rows) => new(scaled, rows, inputLength, horizon, mode);
        return new ForecastData(series, splits, scaler, Windows(splits.Train), Windows(splits.Validation), Windows(splits.Test));
    }
}
