using System.Globalization;
using System.Text;
using Activa.Data.Forecasting;
using Activa.Models.Forecasting;
using Activa.Training;

namespace Activa.Cli;

/// <summary>Forecasts written as long-format CSV on the series' original scale, and single windows for plots.</summary>
internal static class ForecastCsv
{
    /// <summary>
    /// Writes one row per test window, column and step: <c>window,column,step,date,forecast,actual</c>; returns the row count.
    /// Streamed batch by batch (atomically replaced at the end), so memory does not grow with the number of rows.
    /// </summary>
    public static int WriteTest(string path, ForecastModel model, ForecastData data)
    {
        int rows = 0;
        Training.MetricsWriter.WriteAtomic(path, text => rows = WriteTest(text, model, data));
        return rows;
    }

    private static int WriteTest(TextWriter text, ForecastModel model, ForecastData data)
    {
        var test = data.Test;
        text.Write("window,column,step,date,forecast,actual\n");
        int rows = 0, batch = 256;
        var samples = new int[batch];
        for (int start = 0; start < test.Count; start += batch)
        {
            int n = Math.Min(batch, test.Count - start);
            for (int i = 0; i < n; i++) samples[i] = start + i;
            var (input, target) = test.Batch(samples.AsSpan(0, n));
            var forecast = Forward(model, input).ToArray();
            var actual = target.ToArray();
            int c = test.SampleChannels, h = test.Horizon;
            for (int i = 0; i < n; i++)
            {
                int sample = start + i, first = test.TargetStart(sample);
                for (int k = 0; k < c; k++)
                {
                    int channel = test.ChannelOf(sample) ?? k;
                    for (int s = 0; s < h; s++)
                    {
                        int o = (i * h + s) * c + k;
                        text.Write(string.Create(CultureInfo.InvariantCulture,
                            $"{test.WindowOf(sample)},{data.Series.Columns[channel]},{s + 1},{DateOf(data.Series, first + s)},{Original(data.Scaler, forecast[o], channel):R},{Original(data.Scaler, actual[o], channel):R}\n"));
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// Forecasts the <see cref="ForecastModelOptions.Horizon"/> steps after the end of <paramref name="series"/> from its
    /// last L steps and writes <c>column,step,date,forecast</c>; returns the row count.
    /// </summary>
    /// <exception cref="ArgumentException">The series is shorter than the model's input length.</exception>
    public static int WriteFuture(string path, ForecastModel model, TimeSeries series, Standardizer scaler, ChannelMode mode)
    {
        int l = model.Options.InputLength, h = model.Options.Horizon, c = series.Channels;
        if (series.Length < l) throw new ArgumentException($"{series.Name} has {series.Length} steps; the model needs its last {l}.");
        var last = series.Values.AsSpan((series.Length - l) * c, l * c).ToArray();
        scaler.Transform(last);
        var input = mode == ChannelMode.Multivariate
            ? Tensor.FromArray(last, 1, l, c)
            : Tensor.FromArray(last, 1, l, c).Permute(2, 1, 0).Contiguous();          // [C, L, 1]: each channel its own sample
        var forecast = Forward(model, input).ToArray();   // [1, H, C] or [C, H, 1]
        int width = mode == ChannelMode.Multivariate ? c : 1;
        var text = new StringBuilder("column,step,date,forecast\n");
        for (int channel = 0; channel < c; channel++)
            for (int s = 0; s < h; s++)
            {
                int o = width == 1 ? channel * h + s : s * c + channel;
                text.Append(CultureInfo.InvariantCulture, $"{series.Columns[channel]},{s + 1},{DateOf(series, series.Length + s)},{Original(scaler, forecast[o], channel):R}\n");
            }
        Training.MetricsWriter.WriteAtomic(path, text.ToString());
        return c * h;
    }

    /// <summary>The forecast of sample <paramref name="sample"/>'s first channel, standardised.</summary>
    public static float[] ForecastOfWindow(ForecastModel model, WindowDataset windows, int sample)
    {
        var forecast = Forward(model, windows.Batch([sample]).Input);
        return forecast.Select(2, 0).Reshape(windows.Horizon).ToArray();
    }

    /// <summary>Sample <paramref name="sample"/>'s input and true continuation, first channel, standardised.</summary>
    public static (float[] Context, float[] Truth) WindowOf(WindowDataset windows, int sample)
    {
        var (input, target) = windows.Batch([sample]);
        return (input.Select(2, 0).Reshape(windows.InputLength).ToArray(), target.Select(2, 0).Reshape(windows.Horizon).ToArray());
    }

    private static Tensor Forward(ForecastModel model, Tensor input)
    {
        bool training = model.Training;
        model.Eval();
        try
        {
            using (Tensor.NoGrad()) return model.Forward(input);
        }
        finally { model.Train(training); }
    }

    private static float Original(Standardizer scaler, float value, int channel) => value * scaler.Std[channel] + scaler.Mean[channel];

    /// <summary>The date of row <paramref name="t"/>, extrapolated past the end by the last step; empty without dates.</summary>
    private static string DateOf(TimeSeries series, int t)
    {
        if (series.Dates is not { Length: > 1 } dates) return "";
        if (t < dates.Length) return dates[t].ToString("s", CultureInfo.InvariantCulture);
        var step = dates[^1] - dates[^2];
        return (dates[^1] + step * (t - dates.Length + 1)).ToString("s", CultureInfo.InvariantCulture);
    }
}
