using Activa.Data;
using Activa.Nn;

namespace Activa.Sparsity;

/// <summary>
/// Activation sparsity as this folder reports it: the fraction of exact zeros among the outputs of a model's activation
/// layers, counted by forward hooks (kept minimal on purpose; the Analysis folder has the full probes).
/// </summary>
internal static class ZeroCount
{
    /// <summary>Exact zeros in <paramref name="y"/>.</summary>
    public static long Zeros(Tensor y)
    {
        long zeros = 0;
        foreach (float v in y.Contiguous().AsSpan()) if (v == 0f) zeros++;
        return zeros;
    }

    /// <summary>
    /// Per activation layer, and pooled over all of them (zeros over elements), the fraction of exact zeros of the
    /// outputs of <paramref name="model"/> over <paramref name="data"/>, in evaluation mode.
    /// </summary>
    public static (double[] PerLayer, double Overall) Measure(Sequential model, Dataset data, int batchSize = 1024)
    {
        int layers = ActivationLayers.Find(model).Length;
        var zeros = new long[layers];
        var total = new long[layers];
        bool wasTraining = model.Training;
        model.Eval();
        using (ActivationLayers.Hook(model, (k, y) => { zeros[k] += Zeros(y); total[k] += y.Numel; }))
        using (Tensor.NoGrad())
            foreach (var batch in new DataLoader(data, batchSize, shuffle: false, seed: 0).Epoch(0))
                model.Forward(batch.X);
        model.Train(wasTraining);
        return (zeros.Select((z, k) => Fraction(z, total[k])).ToArray(), Fraction(zeros.Sum(), total.Sum()));
    }

    private static double Fraction(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
