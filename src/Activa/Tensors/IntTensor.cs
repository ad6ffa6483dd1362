namespace Activa;

/// <summary>A dense row-major tensor of 32-bit integers: indices for gather, index-select, scatter-add and embeddings, and argmax results.</summary>
public sealed class IntTensor
{
    internal readonly int[] Data;
    internal readonly int[] Dims;

    /// <summary>Wraps a copy of <paramref name="data"/> with the given shape (a vector if none is given).</summary>
    public IntTensor(int[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length == 0) shape = [data.Length];
        if (Activa.Shape.Numel(shape) != data.Length)
            throw new ArgumentException($"IntTensor: {data.Length} values do not fill shape {Activa.Shape.Format(shape)}.");
        Data = (int[])data.Clone();
        Dims = (int[])shape.Clone();
    }

    internal IntTensor(int[] data, int[] shape, bool noCopy)
    {
        Data = data;
        Dims = shape;
    }

    /// <summary>The dimensions.</summary>
    public ReadOnlySpan<int> Shape => Dims;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Number of elements.</summary>
    public int Numel => Data.Length;

    /// <summary>A copy of the values in row-major order.</summary>
    public int[] ToArray() => (int[])Data.Clone();

    /// <summary>Element at a row-major flat index.</summary>
    public int this[int flatIndex] => Data[flatIndex];

    /// <summary>Shape and, for small tensors, values.</summary>
    public override string ToString() =>
        $"IntTensor(shape={Activa.Shape.Format(Dims)}{(Numel <= 64 ? ", [" + string.Join(", ", Data) + "]" : "")})";
}
