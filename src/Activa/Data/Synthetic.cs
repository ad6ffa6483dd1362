namespace Activa.Data;

/// <summary>
/// Small deterministic synthetic classification tasks, generated from a seed: nothing to download and
/// the same samples on every machine.
/// </summary>
public static class Synthetic
{
    /// <summary>
    /// Interleaved spirals: <paramref name="arms"/> classes, each an arm r = t, θ = t·<paramref name="turns"/>·2π + 2πk/arms
    /// for t in (0, 1], with Gaussian noise of standard deviation <paramref name="noise"/>. Features [n, 2].
    /// </summary>
    public static Dataset Spirals(int samplesPerArm = 500, int arms = 2, double turns = 1.0, double noise = 0.02, ulong seed = 0)
    {
        if (samplesPerArm < 1 || arms < 2) throw new ArgumentOutOfRangeException(nameof(arms), "Spirals need at least 2 arms and 1 sample per arm.");
        var g = new Generator(seed);
        int n = samplesPerArm * arms;
        var x = new float[n * 2];
        var labels = new int[n];
        for (int k = 0; k < arms; k++)
            for (int i = 0; i < samplesPerArm; i++)
            {
                int j = k * samplesPerArm + i;
                double t = (i + 1.0) / samplesPerArm;
                double angle = t * turns * 2 * Math.PI + 2 * Math.PI * k / arms;
                x[2 * j] = (float)(t * Math.Cos(angle) + noise * g.NextNormal());
                x[2 * j + 1] = (float)(t * Math.Sin(angle) + noise * g.NextNormal());
                labels[j] = k;
            }
        return new Dataset("spirals", Tensor.FromArray(x, n, 2), labels, arms);
    }

    /// <summary>The four XOR points, features in {0, 1}², label x₀ xor x₁.</summary>
    public static Dataset Xor() =>
        new("xor", Tensor.FromArray([0, 0, 0, 1, 1, 0, 1, 1], 4, 2), [0, 1, 1, 0], 2);
}
