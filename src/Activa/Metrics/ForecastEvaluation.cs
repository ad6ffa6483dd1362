namespace Activa.Metrics;

/// <summary>
/// Forecast errors: MSE and MAE over every value of every window, and per horizon step (step h averages the h-th
/// forecast step over windows and channels), on the standardised scale and optionally on the original one.
/// </summary>
/// <param name="Mse">Mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="MsePerStep">MSE of each horizon step, [H].</param>
/// <param name="MaePerStep">MAE of each horizon step, [H].</param>
/// <param name="Windows">Windows evaluated (samples: windows × channels in channel-independent mode).</param>
/// <param name="Original">The same errors on the original scale of the series, when asked for.</param>
public sealed record ForecastEvaluation(double Mse, double Mae, double[] MsePerStep, double[] MaePerStep, int Windows, ForecastEvaluation? Original = null);
