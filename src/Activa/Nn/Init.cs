namespace Activa.Nn;

/// <summary>Weight initialisation schemes for layers with fan-in / fan-out.</summary>
public enum Init
{
    /// <summary>PyTorch's default for Linear: U(−1/√fan_in, 1/√fan_in) for weight and bias (Kaiming uniform with a = √5).</summary>
    Default,
    /// <summary>Kaiming/He uniform for ReLU: U(−b, b), b = √(6 / fan_in). He et al., 2015.</summary>
    KaimingUniform,
    /// <summary>Kaiming/He normal for ReLU: N(0, 2 / fan_in). He et al., 2015.</summary>
    KaimingNormal,
    /// <summary>Xavier/Glorot uniform: U(−b, b), b = √(6 / (fan_in + fan_out)). Glorot &amp; Bengio, 2010.</summary>
    XavierUniform,
    /// <summary>Xavier/Glorot normal: N(0, 2 / (fan_in + fan_out)).</summary>
    XavierNormal,
    /// <summary>LeCun normal: N(0, 1 / fan_in); the initialisation self-normalising (SELU) networks need. Klambauer et al., 2017.</summary>
    LeCunNormal,
}

/// <summary>Fills tensors according to an <see cref="Init"/> scheme.</summary>
public static class Initializer
{
    /// <summary>A [fanOut, fanIn] weight drawn from <paramref name="scheme"/>.</summary>
    public static Tensor Weight(Init scheme, int fanOut, int fanIn, Generator? generator = null)
    {
        int[] shape = [fanOut, fanIn];
        double fi = Math.Max(1, fanIn), fo = Math.Max(1, fanOut);
        return scheme switch
        {
            Init.Default => Tensor.Uniform(shape, (float)(-1 / Math.Sqrt(fi)), (float)(1 / Math.Sqrt(fi)), generator),
            Init.KaimingUniform => Symmetric(shape, Math.Sqrt(6 / fi), generator),
            Init.KaimingNormal => Tensor.Normal(shape, 0f, (float)Math.Sqrt(2 / fi), generator),
            Init.XavierUniform => Symmetric(shape, Math.Sqrt(6 / (fi + fo)), generator),
            Init.XavierNormal => Tensor.Normal(shape, 0f, (float)Math.Sqrt(2 / (fi + fo)), generator),
            Init.LeCunNormal => Tensor.Normal(shape, 0f, (float)Math.Sqrt(1 / fi), generator),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown initialisation scheme."),
        };
    }

    /// <summary>The bias that goes with <paramref name="scheme"/>: PyTorch's uniform for Default, zeros otherwise.</summary>
    public static Tensor Bias(Init scheme, int fanOut, int fanIn, Generator? generator = null)
    {
        if (scheme != Init.Default) return Tensor.Zeros(fanOut);
        double b = 1 / Math.Sqrt(Math.Max(1, fanIn));
        return Tensor.Uniform([fanOut], (float)-b, (float)b, generator);
    }

    private static Tensor Symmetric(int[] shape, double bound, Generator? g) => Tensor.Uniform(shape, (float)-bound, (float)bound, g);
}
