namespace Activa.Tests.Nn;

/// <summary>
/// Double-precision references of the layers, written with plain loops over row-major arrays (nothing
/// here calls Activa). Shapes are passed explicitly; the feature / channel dimension is named in each.
/// </summary>
internal static class NnReference
{
    /// <summary>y[r, o] = Σᵢ x[r, i]·w[o, i] + b[o]; x holds rows·in values.</summary>
    public static double[] Linear(double[] x, double[] w, double[]? b, int inF, int outF)
    {
        int rows = x.Length / inF;
        var y = new double[rows * outF];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outF; o++)
            {
                double s = b?[o] ?? 0;
                for (int i = 0; i < inF; i++) s += x[r * inF + i] * w[o * inF + i];
                y[r * outF + o] = s;
            }
        return y;
    }

    /// <summary>Σᵢ |x[r, i]·w[o, i]| + |b[o]|: the scale of the rounding error of <see cref="Linear"/>.</summary>
    public static double[] LinearAbs(double[] x, double[] w, double[]? b, int inF, int outF) =>
        Linear(x.Select(Math.Abs).ToArray(), w.Select(Math.Abs).ToArray(), b?.Select(Math.Abs).ToArray(), inF, outF);

    /// <summary>Layer norm over the last dimension of size <paramref name="f"/>, biased variance.</summary>
    public static double[] LayerNorm(double[] x, int f, double eps, double[]? gamma, double[]? beta)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / f; r++)
        {
            double mean = 0, var = 0;
            for (int i = 0; i < f; i++) mean += x[r * f + i];
            mean /= f;
            for (int i = 0; i < f; i++) var += (x[r * f + i] - mean) * (x[r * f + i] - mean);
            var /= f;
            for (int i = 0; i < f; i++)
                y[r * f + i] = (x[r * f + i] - mean) / Math.Sqrt(var + eps) * (gamma?[i] ?? 1) + (beta?[i] ?? 0);
        }
        return y;
    }

    /// <summary>RMS norm over the last dimension: x / √(mean(x²) + ε) · γ.</summary>
    public static double[] RmsNorm(double[] x, int f, double eps, double[] gamma)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / f; r++)
        {
            double ms = 0;
            for (int i = 0; i < f; i++) ms += x[r * f + i] * x[r * f + i];
            ms /= f;
            for (int i = 0; i < f; i++) y[r * f + i] = x[r * f + i] / Math.Sqrt(ms + eps) * gamma[i];
        }
        return y;
    }

    /// <summary>Per-channel batch statistics of x [n, c, l] (l = 1 for 2-D input): mean and biased variance.</summary>
    public static (double[] Mean, double[] BiasedVar) ChannelStats(double[] x, int n, int c, int l)
    {
        var mean = new double[c];
        var var = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
                for (int k = 0; k < l; k++) s += x[(i * c + ch) * l + k];
            mean[ch] = s / (n * l);
            double q = 0;
            for (int i = 0; i < n; i++)
                for (int k = 0; k < l; k++) q += Math.Pow(x[(i * c + ch) * l + k] - mean[ch], 2);
            var[ch] = q / (n * l);
        }
        return (mean, var);
    }

    /// <summary>(x − mean[c]) / √(var[c] + ε) · γ[c] + β[c] for x [n, c, l].</summary>
    public static double[] NormalizeChannels(double[] x, int n, int c, int l, double[] mean, double[] var, double eps, double[] gamma, double[] beta)
    {
        var y = new double[x.Length];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int k = 0; k < l; k++)
                {
                    int at = (i * c + ch) * l + k;
                    y[at] = (x[at] - mean[ch]) / Math.Sqrt(var[ch] + eps) * gamma[ch] + beta[ch];
                }
        return y;
    }

    /// <summary>Batch norm in training mode (batch statistics) for x [n, c, l].</summary>
    public static double[] BatchNormTrain(double[] x, int n, int c, int l, double eps, double[] gamma, double[] beta)
    {
        var (mean, var) = ChannelStats(x, n, c, l);
        return NormalizeChannels(x, n, c, l, mean, var, eps, gamma, beta);
    }

    /// <summary>
    /// EmbeddingBag as torch.nn.EmbeddingBag: bag b covers indices[offsets[b] .. offsets[b+1]) (the last to
    /// the end); sum or mean of the table rows, skipping <paramref name="pad"/> (also in the mean's count);
    /// an empty bag gives zeros.
    /// </summary>
    public static double[] EmbeddingBag(double[] table, int dim, int[] indices, int[] offsets, bool mean, int? pad)
    {
        var y = new double[offsets.Length * dim];
        for (int b = 0; b < offsets.Length; b++)
        {
            int from = offsets[b], to = b + 1 < offsets.Length ? offsets[b + 1] : indices.Length, count = 0;
            for (int i = from; i < to; i++)
            {
                if (indices[i] == pad) continue;
                count++;
                for (int d = 0; d < dim; d++) y[b * dim + d] += table[indices[i] * dim + d];
            }
            if (mean && count > 0)
                for (int d = 0; d < dim; d++) y[b * dim + d] /= count;
        }
        return y;
    }

    /// <summary>The activations of the registry, in double.</summary>
    public static double Activation(string name, double x) => name.ToLowerInvariant() switch
    {
        "identity" => x,
        "relu" => Math.Max(x, 0),
        "sigmoid" => 1 / (1 + Math.Exp(-x)),
        "tanh" => Math.Tanh(x),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Sample mean and (biased) variance of a float array, in double.</summary>
    public static (double Mean, double Var) Moments(IReadOnlyCollection<float> v)
    {
        double mean = v.Sum(x => (double)x) / v.Count;
        double var = v.Sum(x => (x - mean) * (x - mean)) / v.Count;
        return (mean, var);
    }

    public static double[] D(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();

    public static double[] D(float[] v) => v.Select(x => (double)x).ToArray();
}
