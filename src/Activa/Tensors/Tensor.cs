using System.Globalization;
using System.Text;
using Activa.Autograd;

namespace Activa;

/// <summary>
/// A float32 tensor: row-major storage shared by views, a shape, strides and an offset, plus the autograd
/// state (<see cref="RequiresGrad"/>, <see cref="Grad"/>, the node that made it).
/// </summary>
/// <remarks>
/// Views (<see cref="Reshape"/>, <see cref="Transpose"/>, <see cref="Narrow"/>, ...) share storage with their
/// base; <see cref="Contiguous"/> copies only when the layout needs it. Ops return new dense tensors and
/// record their backward when grad mode is on and an input requires a gradient.
/// </remarks>
public sealed partial class Tensor
{
    internal readonly float[] Storage;
    internal readonly int Offset;
    internal readonly int[] Dims;
    internal readonly int[] Stride;
    private bool _requiresGrad;
    private bool _recycled;
    /// <summary>Set on tensors made with a fresh buffer (not views or aliases of another tensor's): only these may be recycled.</summary>
    private bool _ownsStorage;
    /// <summary>Set when a recorded op took this tensor as an input (its backward may read it).</summary>
    private bool _consumedByOp;

    internal Tensor(float[] storage, int offset, int[] dims, int[] strides)
    {
        Storage = storage;
        Offset = offset;
        Dims = dims;
        Stride = strides;
        Numel = Activa.Shape.Numel(dims);
    }

    /// <summary>A dense tensor over <paramref name="storage"/> (not copied).</summary>
    internal Tensor(float[] storage, int[] dims) : this(storage, 0, dims, Activa.Shape.ContiguousStrides(dims)) { }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => Dims;

    /// <summary>Element steps between neighbours along each dimension (0 for a broadcast dimension).</summary>
    public ReadOnlySpan<int> Strides => Stride;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Number of elements.</summary>
    public int Numel { get; }

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => Dims[Activa.Shape.Axis("size", dim, Rank)];

    /// <summary>An optional name used in error messages (parameters get theirs from their module).</summary>
    public string? Name { get; set; }

    /// <summary>Whether gradients flow to this tensor. Settable on leaf tensors only.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn != null && !value)
                throw new InvalidOperationException("RequiresGrad can only be cleared on a leaf tensor; use Detach() instead.");
            _requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient of a leaf after <see cref="Backward"/>; null before.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>
    /// The accumulated row-sparse gradient of an embedding table trained with sparse gradients (null
    /// otherwise); optimizers then update only the rows it names.
    /// </summary>
    public RowSparseGradient? SparseGrad { get; set; }

    /// <summary>The autograd node that produced this tensor (null for leaves and for results made without grad).</summary>
    internal Node? GradFn { get; set; }

    /// <summary>True when this tensor is not the result of a recorded op.</summary>
    public bool IsLeaf => GradFn == null;

    /// <summary>True when the elements are laid out densely in row-major order.</summary>
    public bool IsContiguous
    {
        get
        {
            int expected = 1;
            for (int i = Dims.Length - 1; i >= 0; i--)
            {
                if (Dims[i] != 1 && Stride[i] != expected) return false;
                expected *= Dims[i];
            }
            return true;
        }
    }

    /// <summary>True when this tensor and <paramref name="other"/> share storage.</summary>
    public bool SharesStorageWith(Tensor other) => ReferenceEquals(Storage, other.Storage);

    /// <summary>The elements of a contiguous tensor as a span over its storage (writes are visible to views).</summary>
    public Span<float> AsSpan()
    {
        ThrowIfRecycled();
        if (!IsContiguous) throw new InvalidOperationException("AsSpan needs a contiguous tensor; call Contiguous() first.");
        return Storage.AsSpan(Offset, Numel);
    }

    /// <summary>A row-major copy of the elements.</summary>
    public float[] ToArray()
    {
        ThrowIfRecycled();
        if (IsContiguous) return Storage.AsSpan(Offset, Numel).ToArray();
        var result = new float[Numel];
        CopyStridedTo(result);
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        ThrowIfRecycled();
        if (Numel != 1) throw new InvalidOperationException($"Item() needs a tensor with one element, not shape {Activa.Shape.Format(Dims)}.");
        return Storage[Offset];
    }

    /// <summary>Reads or writes one element. Writing bypasses autograd.</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get => Storage[ElementOffset(index)];
        set => Storage[ElementOffset(index)] = value;
    }

    private int ElementOffset(int[] index)
    {
        if (index.Length != Rank)
            throw new ArgumentException($"An index of rank {index.Length} cannot address a tensor of shape {Activa.Shape.Format(Dims)}.");
        int o = Offset;
        for (int i = 0; i < index.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + Dims[i] : index[i];
            if ((uint)k >= (uint)Dims[i])
                throw new IndexOutOfRangeException($"Index {index[i]} is out of range for dimension {i} of size {Dims[i]}.");
            o += k * Stride[i];
        }
        return o;
    }

    /// <summary>Copies the elements in row-major order into <paramref name="dst"/>, following strides.</summary>
    internal void CopyStridedTo(Span<float> dst)
    {
        if (IsContiguous)
        {
            Storage.AsSpan(Offset, Numel).CopyTo(dst);
            return;
        }
        int rank = Rank;
        if (rank == 0) { dst[0] = Storage[Offset]; return; }
        int inner = Dims[rank - 1], innerStride = Stride[rank - 1];
        int rows = inner == 0 ? 0 : Numel / inner;
        Span<int> idx = stackalloc int[rank];
        int w = 0;
        for (int r = 0; r < rows; r++)
        {
            int o = Offset;
            for (int d = 0; d < rank - 1; d++) o += idx[d] * Stride[d];
            if (innerStride == 1) Storage.AsSpan(o, inner).CopyTo(dst.Slice(w, inner));
            else for (int j = 0; j < inner; j++) dst[w + j] = Storage[o + j * innerStride];
            w += inner;
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++idx[d] < Dims[d]) break;
                idx[d] = 0;
            }
        }
    }

    /// <summary>A dense copy if the layout is not already dense, else this tensor.</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous) return this;
        var result = new Tensor(ToArray(), (int[])Dims.Clone());
        return Record(result, "contiguous", [this], g => [g]);
    }

    /// <summary>A dense copy that shares nothing with this tensor (recorded for autograd).</summary>
    public Tensor Clone()
    {
        var result = new Tensor(ToArray(), (int[])Dims.Clone());
        return Record(result, "clone", [this], g => [g]);
    }

    /// <summary>
    /// Hands this tensor's buffer to <see cref="StoragePool"/>, so that the next tensor of the same size reuses it
    /// instead of fresh memory (what PyTorch does when the last reference to a tensor goes). Call it only when
    /// neither this tensor nor any view of it, nor a span over it, will be used again: the buffer is overwritten by
    /// later tensors. Reading this tensor afterwards throws; a view keeps no such guard. Calling it twice does nothing.
    /// </summary>
    /// <example><code>var y = act.Forward(x); y.Backward(dy); y.Recycle(); // y's buffer serves the next forward</code></example>
    /// <exception cref="InvalidOperationException">The tensor is a view that does not own its whole buffer.</exception>
    public void Recycle()
    {
        if (_recycled) return;
        if (!_ownsStorage)
            throw new InvalidOperationException($"Recycle needs the tensor that owns its buffer; this one (shape {Activa.Shape.Format(Dims)}) is a view or alias of another.");
        _recycled = true;
        StoragePool.Return(Storage);
    }

    /// <summary><see cref="Recycle"/> for a tensor that owns its buffer; a view, or a tensor already recycled, is left alone.</summary>
    internal void RecycleIfOwner()
    {
        if (_ownsStorage) Recycle();
    }

    /// <summary>True after <see cref="Recycle"/>.</summary>
    public bool IsRecycled => _recycled;

    private void ThrowIfRecycled()
    {
        if (_recycled) throw new ObjectDisposedException(Name ?? "Tensor", "This tensor was recycled: its buffer now belongs to other tensors.");
    }

    /// <summary>A tensor sharing storage with this one but cut from the graph (no gradient flows through it).</summary>
    public Tensor Detach() => new(Storage, Offset, Dims, Stride);

    /// <summary>Shows shape and, for small tensors, the values.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Tensor(shape=").Append(Activa.Shape.Format(Dims));
        if (RequiresGrad) sb.Append(", requires_grad");
        if (Numel <= 64)
        {
            sb.Append(", [");
            var values = ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(values[i].ToString("G6", CultureInfo.InvariantCulture));
            }
            sb.Append(']');
        }
        return sb.Append(')').ToString();
    }
}
