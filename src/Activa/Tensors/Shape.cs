namespace Activa;

/// <summary>Shape arithmetic shared by tensor ops: element counts, strides, broadcasting, axis checks.</summary>
public static class Shape
{
    /// <summary>Product of the dimensions (1 for a scalar shape).</summary>
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        if (n > int.MaxValue) throw new ArgumentException($"Shape {Format(shape)} has more than 2^31-1 elements.");
        return (int)n;
    }

    /// <summary>Row-major strides for a dense tensor of this shape.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    /// <summary>Formats a shape as PyTorch does: [2, 3].</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>The broadcast shape of two shapes (NumPy rules), or a <see cref="ShapeMismatchException"/> naming the op.</summary>
    public static int[] Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeMismatchException(op, $"shapes {Format(a)} and {Format(b)} cannot be broadcast (dimension {i}: {da} vs {db})");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Normalises a possibly negative axis; throws naming the op when it is out of range.</summary>
    public static int Axis(string op, int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{op}: axis {axis} is out of range for a tensor of rank {rank}.");
        return a;
    }

    internal static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
