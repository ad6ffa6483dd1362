using Activa.Kernels;

namespace Activa;

public sealed partial class Tensor
{
    /// <summary>
    /// Lays this tensor out as a contiguous [outer, reduced, inner] block for a reduction over
    /// <paramref name="axes"/>, permuting the axes together (one copy) when they are not adjacent.
    /// </summary>
    private (Tensor Src, int Outer, int Reduced, int Inner, int[] KeptShape, int[] DroppedShape) ReduceLayout(string op, int[] axes)
    {
        var set = new SortedSet<int>();
        foreach (int a in axes)
            if (!set.Add(Activa.Shape.Axis(op, a, Rank))) throw new ArgumentException($"{op}: axis {a} is listed twice.");
        var sorted = set.ToArray();
        var kept = (int[])Dims.Clone();
        var dropped = new List<int>();
        for (int i = 0; i < Rank; i++)
            if (set.Contains(i)) kept[i] = 1;
            else dropped.Add(Dims[i]);
        bool adjacent = sorted.Length == 0 || sorted[^1] - sorted[0] == sorted.Length - 1;
        Tensor src;
        int outer = 1, reduced = 1, inner = 1;
        if (adjacent && sorted.Length > 0)
        {
            src = Contiguous();
            for (int i = 0; i < Rank; i++)
                if (i < sorted[0]) outer *= Dims[i];
                else if (i > sorted[^1]) inner *= Dims[i];
                else reduced *= Dims[i];
        }
        else
        {
            var order = new List<int>();
            for (int i = 0; i < Rank; i++) if (!set.Contains(i)) { order.Add(i); outer *= Dims[i]; }
            foreach (int a in sorted) { order.Add(a); reduced *= Dims[a]; }
            src = Detach().Permute([.. order]).Contiguous();
        }
        return (src, outer, reduced, inner, kept, [.. dropped]);
    }

    /// <summary>Sum of all elements (a rank-0 tensor).</summary>
    public Tensor Sum()
    {
        var src = Contiguous();
        var result = Scalar(Reduce.SumLong(src.Storage, src.Offset, Numel));
        var dims = Dims;
        return Record(result, "sum", [this], g => [g.Expand(dims).Contiguous()]);
    }

    /// <summary>Sum over <paramref name="axes"/>; <paramref name="keepDim"/> keeps them with size 1.</summary>
    public Tensor Sum(int[] axes, bool keepDim = false)
    {
        var (src, outer, reduced, inner, kept, dropped) = ReduceLayout("sum", axes);
        var result = Empty(keepDim ? kept : dropped);
        Reduce.SumAxis(src.Storage, src.Offset, outer, reduced, inner, result.Storage);
        var dims = Dims;
        return Record(result, "sum", [this], g => [g.Reshape(kept).Expand(dims).Contiguous()]);
    }

    /// <summary>Sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);

    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => Sum().Mul(1f / Numel);

    /// <summary>Mean over <paramref name="axes"/>.</summary>
    public Tensor Mean(int[] axes, bool keepDim = false)
    {
        long count = 1;
        foreach (int a in axes) count *= Dims[Activa.Shape.Axis("mean", a, Rank)];
        return Sum(axes, keepDim).Mul(1f / count);
    }

    /// <summary>Mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);

    /// <summary>
    /// Variance over <paramref name="axes"/>: Σ(x − mean)² / (N − correction); correction 1 (the default)
    /// is the unbiased estimate, as torch.var.
    /// </summary>
    public Tensor Var(int[] axes, int correction = 1, bool keepDim = false)
    {
        long count = 1;
        foreach (int a in axes) count *= Dims[Activa.Shape.Axis("var", a, Rank)];
        var centred = Sub(Mean(axes, keepDim: true));
        return centred.Square().Sum(axes, keepDim).Mul(1f / Math.Max(0, count - correction));
    }

    /// <summary>Variance over one axis.</summary>
    public Tensor Var(int axis, int correction = 1, bool keepDim = false) => Var([axis], correction, keepDim);

    /// <summary>Maximum over one axis and the index where it occurs first (as torch.max(dim)). The gradient goes to that index.</summary>
    public (Tensor Values, IntTensor Indices) Max(int axis, bool keepDim = false)
    {
        int d = Activa.Shape.Axis("max", axis, Rank);
        if (Dims[d] == 0) throw new ArgumentException($"max: dimension {d} of shape {Activa.Shape.Format(Dims)} is empty.");
        var (src, outer, reduced, inner, kept, dropped) = ReduceLayout("max", [d]);
        var values = Empty(keepDim ? kept : dropped);
        var indices = new int[values.Numel];
        Reduce.MaxAxis(src.Storage, src.Offset, outer, reduced, inner, values.Storage, indices);
        var dims = Dims;
        var result = Record(values, "max", [this], g =>
        {
            var grad = Zeros(dims);
            var gc = g.Contiguous();
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    grad.Storage[(o * reduced + indices[o * inner + i]) * inner + i] = gc.Storage[gc.Offset + o * inner + i];
            return [grad];
        });
        return (result, new IntTensor(indices, (int[])values.Dims.Clone(), noCopy: true));
    }

    /// <summary>Index of the maximum along one axis.</summary>
    public IntTensor ArgMax(int axis, bool keepDim = false)
    {
        using (NoGrad()) return Max(axis, keepDim).Indices;
    }

    /// <summary>Maximum of all elements (the gradient goes to the first maximum).</summary>
    public Tensor Max() => Reshape(-1).Max(0).Values;

    /// <summary>Minimum over one axis and the index where it occurs first.</summary>
    public (Tensor Values, IntTensor Indices) Min(int axis, bool keepDim = false)
    {
        var (values, indices) = Neg().Max(axis, keepDim);
        return (values.Neg(), indices);
    }
}
