namespace Activa;

public sealed partial class Tensor
{
    /// <summary>Buffers made on this thread while <see cref="Backward"/> runs (null otherwise): the engine may recycle these.</summary>
    [ThreadStatic] private static HashSet<float[]>? _madeInBackward;

    private static float[] NewStorage(int n)
    {
        var storage = StoragePool.Rent(n);
        if (n >= StoragePool.MinPooledElements) _madeInBackward?.Add(storage);
        return storage;
    }

    /// <summary>An uninitialised dense tensor (for kernels that write every element).</summary>
    internal static Tensor Empty(ReadOnlySpan<int> shape)
    {
        var dims = shape.ToArray();
        foreach (int d in dims)
            if (d < 0) throw new ArgumentException($"Shape {Activa.Shape.Format(dims)} has a negative dimension.");
        return new Tensor(NewStorage(Activa.Shape.Numel(dims)), dims) { _ownsStorage = true };
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Full(shape, 0f);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(shape, 1f);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, float value)
    {
        var t = Empty(shape);
        t.Storage.AsSpan().Fill(value);
        return t;
    }

    /// <summary>A one-element tensor of rank 0.</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>Zeros with the shape of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => Full(like.Dims, 0f);

    /// <summary>Ones with the shape of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Full(like.Dims, 1f);

    /// <summary>A tensor over a copy of <paramref name="data"/> with the given shape (a vector if none is given).</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length == 0) shape = [data.Length];
        if (Activa.Shape.Numel(shape) != data.Length)
            throw new ArgumentException($"FromArray: {data.Length} values do not fill shape {Activa.Shape.Format(shape)} ({Activa.Shape.Numel(shape)} elements).");
        return new Tensor((float[])data.Clone(), (int[])shape.Clone()) { _ownsStorage = true };
    }

    /// <summary>A tensor from a rectangular 2-D array.</summary>
    public static Tensor FromArray(float[,] data)
    {
        int r = data.GetLength(0), c = data.GetLength(1);
        var t = Empty([r, c]);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) t.Storage[i * c + j] = data[i, j];
        return t;
    }

    /// <summary>Values start, start+step, ... below end (as torch.arange).</summary>
    public static Tensor Arange(float start, float end, float step = 1f)
    {
        if (step == 0 || float.IsNaN(step)) throw new ArgumentException("Arange: step must be non-zero.", nameof(step));
        int n = Math.Max(0, (int)Math.Ceiling((end - (double)start) / step));
        var t = Empty([n]);
        for (int i = 0; i < n; i++) t.Storage[i] = (float)(start + (double)i * step);
        return t;
    }

    /// <summary>Values 0, 1, ..., n−1.</summary>
    public static Tensor Arange(int n) => Arange(0, n);

    /// <summary>Uniform samples on [0, 1) from <paramref name="generator"/> (default <see cref="Generator.Default"/>).</summary>
    public static Tensor Rand(int[] shape, Generator? generator = null) => Uniform(shape, 0f, 1f, generator);

    /// <summary>Uniform samples on [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform(int[] shape, float low, float high, Generator? generator = null)
    {
        if (!(high >= low)) throw new ArgumentException($"Uniform: high ({high}) must be at least low ({low}).");
        var g = generator ?? Generator.Default;
        var t = Empty(shape);
        float width = high - low;
        for (int i = 0; i < t.Numel; i++) t.Storage[i] = low + width * g.NextFloat();
        return t;
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(int[] shape, Generator? generator = null) => Normal(shape, 0f, 1f, generator);

    /// <summary>Normal samples with the given mean and standard deviation.</summary>
    public static Tensor Normal(int[] shape, float mean, float std, Generator? generator = null)
    {
        if (!(std >= 0)) throw new ArgumentException($"Normal: std must be non-negative, got {std}.");
        var g = generator ?? Generator.Default;
        var t = Empty(shape);
        for (int i = 0; i < t.Numel; i++) t.Storage[i] = (float)(mean + std * g.NextNormal());
        return t;
    }
}
