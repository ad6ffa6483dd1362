namespace Activa;

public static partial class Functional
{
    /// <summary>
    /// Inverted dropout: each element is zeroed with probability <paramref name="p"/> and the survivors are
    /// scaled by 1/(1−p), so the expected value is unchanged and evaluation needs no rescaling. Srivastava et
    /// al., 2014. The mask comes from <paramref name="generator"/> (default <see cref="Generator.Default"/>).
    /// </summary>
    public static Tensor Dropout(Tensor input, float p, Generator? generator = null)
    {
        CheckProbability(p);
        if (p == 0f) return input;
        var g = generator ?? Generator.Default;
        float scale = 1f / (1f - p);
        var mask = Tensor.Empty(input.Dims);
        var m = mask.Storage;
        for (int i = 0; i < m.Length; i++) m[i] = g.NextFloat() < p ? 0f : scale;
        return input.Mul(mask);
    }

    /// <summary>
    /// Alpha dropout for self-normalising networks: dropped units take SELU's negative saturation value
    /// α′ = −λα, then an affine map a·x + b restores zero mean and unit variance. Klambauer et al., 2017.
    /// </summary>
    public static Tensor AlphaDropout(Tensor input, float p, Generator? generator = null)
    {
        CheckProbability(p);
        if (p == 0f) return input;
        const double alphaPrime = -1.7580993408473766; // −λα of SELU
        double a = 1 / Math.Sqrt((1 - p) * (1 + p * alphaPrime * alphaPrime));
        double b = -a * alphaPrime * p;
        var g = generator ?? Generator.Default;
        var keep = Tensor.Empty(input.Dims);
        var shift = Tensor.Empty(input.Dims);
        for (int i = 0; i < keep.Numel; i++)
        {
            bool kept = g.NextFloat() >= p;
            keep.Storage[i] = kept ? (float)a : 0f;
            shift.Storage[i] = (float)(kept ? b : a * alphaPrime + b);
        }
        return input.Mul(keep).Add(shift);
    }

    private static void CheckProbability(float p)
    {
        if (!(p >= 0f && p < 1f)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
    }
}
