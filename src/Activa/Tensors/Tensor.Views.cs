namespace Activa;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements with a new shape (one dimension may be −1). A view when this tensor is contiguous,
    /// a copy otherwise.
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        var dims = ResolveShape("reshape", shape);
        var source = Contiguous();
        var result = new Tensor(source.Storage, source.Offset, dims, Activa.Shape.ContiguousStrides(dims));
        var inputDims = Dims;
        return Record(result, "reshape", [this], g => [g.Reshape(inputDims)]);
    }

    /// <summary>Like <see cref="Reshape"/> but never copies: throws if this tensor is not contiguous.</summary>
    public Tensor View(params int[] shape)
    {
        if (!IsContiguous) throw new InvalidOperationException($"View: a tensor with shape {Activa.Shape.Format(Dims)} and strides {Activa.Shape.Format(Stride)} is not contiguous; use Reshape() or Contiguous().");
        return Reshape(shape);
    }

    /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = Activa.Shape.Axis("flatten", startDim, Rank), e = Activa.Shape.Axis("flatten", endDim, Rank);
        if (s > e) throw new ArgumentException($"Flatten: startDim {startDim} is after endDim {endDim}.");
        var dims = new List<int>();
        for (int i = 0; i < s; i++) dims.Add(Dims[i]);
        int merged = 1;
        for (int i = s; i <= e; i++) merged *= Dims[i];
        dims.Add(merged);
        for (int i = e + 1; i < Rank; i++) dims.Add(Dims[i]);
        return Reshape([.. dims]);
    }

    private int[] ResolveShape(string op, int[] shape)
    {
        var dims = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be -1 in {Activa.Shape.Format(shape)}.");
                infer = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"{op}: invalid dimension {dims[i]} in {Activa.Shape.Format(shape)}.");
            else known *= dims[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Numel % known != 0)
                throw new ShapeMismatchException(op, $"cannot view shape {Activa.Shape.Format(Dims)} ({Numel} elements) as {Activa.Shape.Format(shape)}");
            dims[infer] = (int)(Numel / known);
        }
        else if (known != Numel)
        {
            throw new ShapeMismatchException(op, $"cannot view shape {Activa.Shape.Format(Dims)} ({Numel} elements) as {Activa.Shape.Format(shape)} ({known} elements)");
        }
        return dims;
    }

    /// <summary>A view with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped.</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        var order = new int[Rank];
        for (int i = 0; i < Rank; i++) order[i] = i;
        int a = Activa.Shape.Axis("transpose", dim0, Rank), b = Activa.Shape.Axis("transpose", dim1, Rank);
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>The transpose of a 2-D tensor (a view).</summary>
    public Tensor T
    {
        get
        {
            if (Rank != 2) throw new InvalidOperationException($"T needs a 2-D tensor, not shape {Activa.Shape.Format(Dims)}; use Transpose(dim0, dim1).");
            return Transpose(0, 1);
        }
    }

    /// <summary>A view with the dimensions reordered: result dimension i is input dimension order[i].</summary>
    public Tensor Permute(params int[] order)
    {
        if (order.Length != Rank)
            throw new ArgumentException($"Permute: order {Activa.Shape.Format(order)} has {order.Length} entries for a tensor of rank {Rank}.");
        var seen = new bool[Rank];
        var dims = new int[Rank];
        var strides = new int[Rank];
        var inverse = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int d = Activa.Shape.Axis("permute", order[i], Rank);
            if (seen[d]) throw new ArgumentException($"Permute: order {Activa.Shape.Format(order)} repeats dimension {d}.");
            seen[d] = true;
            dims[i] = Dims[d];
            strides[i] = Stride[d];
            inverse[d] = i;
        }
        var result = new Tensor(Storage, Offset, dims, strides);
        return Record(result, "permute", [this], g => [g.Permute(inverse)]);
    }

    /// <summary>A view of <paramref name="length"/> entries of dimension <paramref name="dim"/> from <paramref name="start"/>.</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = Activa.Shape.Axis("narrow", dim, Rank);
        if (start < 0) start += Dims[d];
        if (start < 0 || length < 0 || start + length > Dims[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: [{start}, {start + length}) is outside dimension {d} of size {Dims[d]}.");
        var dims = (int[])Dims.Clone();
        dims[d] = length;
        var result = new Tensor(Storage, Offset + start * Stride[d], dims, (int[])Stride.Clone());
        var inputDims = Dims;
        return Record(result, "narrow", [this], g =>
        {
            var full = Zeros(inputDims);
            full.NarrowNoGrad(d, start, length).CopyFrom(g);
            return [full];
        });
    }

    private Tensor NarrowNoGrad(int d, int start, int length)
    {
        var dims = (int[])Dims.Clone();
        dims[d] = length;
        return new Tensor(Storage, Offset + start * Stride[d], dims, Stride);
    }

    /// <summary>The view at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed.</summary>
    public Tensor Select(int dim, int index)
    {
        int d = Activa.Shape.Axis("select", dim, Rank);
        if (index < 0) index += Dims[d];
        return Narrow(d, index, 1).Squeeze(d);
    }

    /// <summary>A view with a new dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = Activa.Shape.Axis("unsqueeze", dim, Rank + 1);
        var dims = new List<int>(Dims);
        var strides = new List<int>(Stride);
        dims.Insert(d, 1);
        strides.Insert(d, d < Rank ? Stride[d] * Dims[d] : 1);
        var result = new Tensor(Storage, Offset, [.. dims], [.. strides]);
        return Record(result, "unsqueeze", [this], g => [g.Squeeze(d)]);
    }

    /// <summary>A view without dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor Squeeze(int dim)
    {
        int d = Activa.Shape.Axis("squeeze", dim, Rank);
        if (Dims[d] != 1) throw new ShapeMismatchException("squeeze", $"dimension {d} of shape {Activa.Shape.Format(Dims)} has size {Dims[d]}, not 1");
        var dims = new List<int>(Dims);
        var strides = new List<int>(Stride);
        dims.RemoveAt(d);
        strides.RemoveAt(d);
        var result = new Tensor(Storage, Offset, [.. dims], [.. strides]);
        return Record(result, "squeeze", [this], g => [g.Unsqueeze(d)]);
    }

    /// <summary>A view without any dimension of size 1.</summary>
    public Tensor Squeeze()
    {
        var t = this;
        for (int d = Rank - 1; d >= 0; d--)
            if (Dims[d] == 1) t = t.Squeeze(d);
        return t;
    }

    /// <summary>A broadcast view with the given shape (size-1 dimensions repeat with stride 0; new leading dimensions may be added).</summary>
    public Tensor Expand(params int[] shape)
    {
        if (shape.Length < Rank)
            throw new ShapeMismatchException("expand", $"cannot expand shape {Activa.Shape.Format(Dims)} to fewer dimensions {Activa.Shape.Format(shape)}");
        var dims = (int[])shape.Clone();
        var strides = new int[dims.Length];
        int lead = dims.Length - Rank;
        for (int i = 0; i < dims.Length; i++)
        {
            if (i < lead)
            {
                if (dims[i] < 0) throw new ShapeMismatchException("expand", $"new leading dimension {i} of {Activa.Shape.Format(shape)} must be given explicitly");
                continue; // stride 0: repeated
            }
            int own = Dims[i - lead];
            if (dims[i] == -1 || dims[i] == own) { dims[i] = own; strides[i] = Stride[i - lead]; }
            else if (own == 1 && dims[i] >= 0) strides[i] = 0;
            else throw new ShapeMismatchException("expand", $"cannot expand shape {Activa.Shape.Format(Dims)} to {Activa.Shape.Format(shape)} (dimension {i})");
        }
        var result = new Tensor(Storage, Offset, dims, strides);
        var inputDims = Dims;
        return Record(result, "expand", [this], g => [g.SumToShape(inputDims)]);
    }
}
