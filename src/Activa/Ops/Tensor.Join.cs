namespace Activa;

public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing axis; all other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("concat: needs at least one tensor.");
        var first = tensors[0];
        int d = Activa.Shape.Axis("concat", axis, first.Rank);
        var dims = (int[])first.Dims.Clone();
        dims[d] = 0;
        var sizes = new int[tensors.Count];
        for (int t = 0; t < tensors.Count; t++)
        {
            var x = tensors[t];
            bool fits = x.Rank == first.Rank;
            for (int i = 0; fits && i < x.Rank; i++) fits = i == d || x.Dims[i] == first.Dims[i];
            if (!fits)
                throw new ShapeMismatchException("concat", $"tensor {t} has shape {Activa.Shape.Format(x.Dims)}, which does not match {Activa.Shape.Format(first.Dims)} outside axis {d}");
            sizes[t] = x.Dims[d];
            dims[d] += sizes[t];
        }
        var result = Empty(dims);
        int start = 0;
        using (NoGrad())
            for (int t = 0; t < tensors.Count; t++)
            {
                result.NarrowNoGrad(d, start, sizes[t]).CopyFrom(tensors[t]);
                start += sizes[t];
            }
        return Record(result, "concat", [.. tensors], g =>
        {
            var grads = new Tensor?[sizes.Length];
            int s = 0;
            for (int t = 0; t < sizes.Length; t++)
            {
                if (tensors[t].RequiresGrad) grads[t] = g.Narrow(d, s, sizes[t]).Contiguous();
                s += sizes[t];
            }
            return grads;
        });
    }

    /// <summary>Joins same-shaped tensors along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack: needs at least one tensor.");
        for (int t = 1; t < tensors.Count; t++)
            if (!Activa.Shape.SameShape(tensors[t].Dims, tensors[0].Dims))
                throw new ShapeMismatchException("stack", $"tensor {t} has shape {Activa.Shape.Format(tensors[t].Dims)}, tensor 0 has {Activa.Shape.Format(tensors[0].Dims)}");
        int d = Activa.Shape.Axis("stack", axis, tensors[0].Rank + 1);
        return Concat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }

    /// <summary>Views of consecutive pieces of <paramref name="splitSize"/> along <paramref name="axis"/> (the last may be smaller).</summary>
    public Tensor[] Split(int splitSize, int axis = 0)
    {
        if (splitSize <= 0) throw new ArgumentOutOfRangeException(nameof(splitSize), splitSize, "split: size must be positive.");
        int d = Activa.Shape.Axis("split", axis, Rank);
        var pieces = new List<Tensor>();
        for (int s = 0; s < Dims[d]; s += splitSize) pieces.Add(Narrow(d, s, Math.Min(splitSize, Dims[d] - s)));
        return [.. pieces];
    }

    /// <summary>Views of pieces with the given sizes along <paramref name="axis"/>; the sizes must add up to the dimension.</summary>
    public Tensor[] Split(int[] sizes, int axis = 0)
    {
        int d = Activa.Shape.Axis("split", axis, Rank);
        if (sizes.Any(s => s < 0) || sizes.Sum() != Dims[d])
            throw new ShapeMismatchException("split", $"sizes {Activa.Shape.Format(sizes)} do not add up to dimension {d} of shape {Activa.Shape.Format(Dims)}");
        var pieces = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            pieces[i] = Narrow(d, start, sizes[i]);
            start += sizes[i];
        }
        return pieces;
    }

    /// <summary>Splits into <paramref name="chunks"/> nearly equal views (as torch.chunk).</summary>
    public Tensor[] Chunk(int chunks, int axis = 0)
    {
        if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "chunk: count must be positive.");
        int d = Activa.Shape.Axis("chunk", axis, Rank);
        return Split(Math.Max(1, (Dims[d] + chunks - 1) / chunks), d);
    }
}
