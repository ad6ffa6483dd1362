namespace Activa.Tests.Forecasting;

/// <summary>
/// Double-precision references of the forecasting layers, plain loops over row-major arrays written from the papers'
/// formulas (nothing here calls Activa).
/// </summary>
internal static class ModelsReference
{
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>HIE: h[n, t, o] = b[o] + Σ_{j=1}^{min(w, t)} Σᵢ w[o, i, j − 1]·x[n, t − j, i].</summary>
    public static double[] CausalWindow(double[] x, double[] w, double[] b, int n, int steps, int din, int dout, int window)
    {
        var h = new double[n * steps * dout];
        for (int s = 0; s < n; s++)
            for (int t = 0; t < steps; t++)
                for (int o = 0; o < dout; o++)
                {
                    double acc = b[o];
                    for (int j = 1; j <= Math.Min(window, t); j++)
                        for (int i = 0; i < din; i++)
                            acc += w[(o * din + i) * window + j - 1] * x[(s * steps + t - j) * din + i];
                    h[(s * steps + t) * dout + o] = acc;
                }
        return h;
    }

    /// <summary>out = σ(g)·h + (1 − σ(g))·tanh(c) for rows of [g | c] (2d) and h (d).</summary>
    public static double[] GatedFusion(double[] gc, double[] h, int d)
    {
        var y = new double[h.Length];
        for (int r = 0; r < h.Length / d; r++)
            for (int j = 0; j < d; j++)
            {
                double g = Sigmoid(gc[r * 2 * d + j]), c = Math.Tanh(gc[r * 2 * d + d + j]);
                y[r * d + j] = g * h[r * d + j] + (1 - g) * c;
            }
        return y;
    }

    /// <summary>PGN layer: HIE, then [g | c] = W[x, H] + b, then the gated fusion.</summary>
    public static double[] Pgn(double[] x, double[] hw, double[] hb, double[] gw, double[] gb, int n, int steps, int din, int d, int window)
    {
        var h = CausalWindow(x, hw, hb, n, steps, din, d, window);
        int rows = n * steps;
        var cat = new double[rows * (din + d)];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < din; i++) cat[r * (din + d) + i] = x[r * din + i];
            for (int j = 0; j < d; j++) cat[r * (din + d) + din + j] = h[r * d + j];
        }
        var gc = Nn.NnReference.Linear(cat, gw, gb, din + d, 2 * d);
        return GatedFusion(gc, h, d);
    }

    /// <summary>GRU over x [N, T, in] with PyTorch's equations (gates r, z, n), h₀ = 0; all states [N, T, hid].</summary>
    public static double[] Gru(double[] x, double[] wih, double[] whh, double[] bih, double[] bhh, int n, int steps, int din, int hid)
    {
        var y = new double[n * steps * hid];
        for (int s = 0; s < n; s++)
        {
            var h = new double[hid];
            for (int t = 0; t < steps; t++)
            {
                var gi = new double[3 * hid];
                var gh = new double[3 * hid];
                for (int k = 0; k < 3 * hid; k++)
                {
                    gi[k] = bih[k];
                    for (int i = 0; i < din; i++) gi[k] += wih[k * din + i] * x[(s * steps + t) * din + i];
                    gh[k] = bhh[k];
                    for (int i = 0; i < hid; i++) gh[k] += whh[k * hid + i] * h[i];
                }
                var next = new double[hid];
                for (int j = 0; j < hid; j++)
                {
                    double r = Sigmoid(gi[j] + gh[j]);
                    double z = Sigmoid(gi[hid + j] + gh[hid + j]);
                    double nn = Math.Tanh(gi[2 * hid + j] + r * gh[2 * hid + j]);
                    next[j] = (1 - z) * nn + z * h[j];
                }
                h = next;
                Array.Copy(h, 0, y, (s * steps + t) * hid, hid);
            }
        }
        return y;
    }

    /// <summary>Moving average over rows of length <paramref name="len"/>, edge-replicated: ⌊(k−1)/2⌋ steps before, the rest after.</summary>
    public static double[] MovingAverage(double[] x, int len, int k)
    {
        var y = new double[x.Length];
        int front = (k - 1) / 2;
        for (int r = 0; r < x.Length / len; r++)
            for (int t = 0; t < len; t++)
            {
                double s = 0;
                for (int j = 0; j < k; j++) s += x[r * len + Math.Clamp(t - front + j, 0, len - 1)];
                y[r * len + t] = s / k;
            }
        return y;
    }
}
