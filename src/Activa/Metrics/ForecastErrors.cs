namespace Activa.Metrics;

/// <summary>Accumulates squared and absolute errors per horizon step, in double, over batches of [B, H, C] forecasts.</summary>
public sealed class ForecastErrors
{
    private readonly double[] _squared, _absolute;
    private long _perStep;
    private int _windows;

    /// <summary>An empty accumulator for horizon <paramref name="horizon"/>.</summary>
    public ForecastErrors(int horizon)
    {
        if (horizon < 1) throw new ArgumentException($"Forecast errors: the horizon must be positive, got {horizon}.");
        _squared = new double[horizon];
        _absolute = new double[horizon];
    }

    /// <summary>Adds a batch: <paramref name="predicted"/> and <paramref name="target"/> are both [B, H, C].</summary>
    /// <exception cref="ArgumentException">Shapes differ or the horizon is not the accumulator's.</exception>
    public void Add(Tensor predicted, Tensor target)
    {
        if (!predicted.Dims.SequenceEqual(target.Dims) || target.Rank != 3 || target.Dims[1] != _squared.Length)
            throw new ArgumentException($"Forecast errors: expected two [B, {_squared.Length}, C] tensors, got [{string.Join(", ", predicted.Dims)}] and [{string.Join(", ", target.Dims)}].");
        var p = predicted.Contiguous().AsSpan();
        var t = target.Contiguous().AsSpan();
        int b = target.Dims[0], h = target.Dims[1], c = target.Dims[2];
        for (int i = 0; i < b; i++)
            for (int s = 0; s < h; s++)
            {
                int o = (i * h + s) * c;
                double sq = 0, ab = 0;
                for (int j = 0; j < c; j++)
                {
                    double d = (double)p[o + j] - t[o + j];
                    sq += d * d;
                    ab += Math.Abs(d);
                }
                _squared[s] += sq;
                _absolute[s] += ab;
            }
        _perStep += (long)b * c;
        _windows += b;
    }

    /// <summary>The errors so far, with <paramref name="original"/>'s as the original-scale errors.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public ForecastEvaluation Result(ForecastErrors? original = null)
    {
        if (_windows == 0) throw new InvalidOperationException("Forecast errors: no window was evaluated.");
        var mse = _squared.Select(v => v / _perStep).ToArray();
        var mae = _absolute.Select(v => v / _perStep).ToArray();
        return new ForecastEvaluation(mse.Average(), mae.Average(), mse, mae, _windows, original?.Result());
    }
}
