namespace Activa.Kan;

/// <summary>
/// The common part of ReLU-KAN and AF-KAN: function i of input p lives on the interval [s_pi, e_pi], i = 0..G+k−1,
/// initially s_i = lo + (i − k)·(hi − lo)/G and e_i = s_i + (k + 1)·(hi − lo)/G (G intervals over [lo, hi], each
/// function spanning k + 1 of them, as the B-spline of order k it imitates). With <see cref="Trainable"/> the bounds
/// are learnable parameters, one pair per input and function (as in ReLU-KAN's code); otherwise they are buffers.
/// Either way they are saved with the layer ("basis.start", "basis.end") and copied by <see cref="KanBasis.Select"/>.
/// </summary>
public abstract class IntervalKanBasis : PointwiseKanBasis
{
    /// <summary>Interval starts s [Inputs, G + k].</summary>
    public Tensor Start { get; }

    /// <summary>Interval ends e [Inputs, G + k].</summary>
    public Tensor End { get; }

    /// <summary>Grid intervals G.</summary>
    public int GridSize { get; }

    /// <summary>Order k: each function spans k + 1 grid intervals.</summary>
    public int Order { get; }

    /// <summary>Start of the initial grid.</summary>
    public float Lo { get; }

    /// <summary>End of the initial grid.</summary>
    public float Hi { get; }

    /// <summary>Whether s and e are learnable parameters.</summary>
    public bool Trainable { get; }

    /// <inheritdoc/>
    public override int Size => GridSize + Order;

    /// <summary>The shared options as spec text: "grid=5, order=3, lo=-1, hi=1".</summary>
    protected string GridSpec => $"grid={GridSize}, order={Order}, lo={KanBasisChecks.Format(Lo)}, hi={KanBasisChecks.Format(Hi)}";

    /// <summary>
    /// Creates the bounds of basis <paramref name="name"/> (for messages): the uniform grid, or, when
    /// <paramref name="start"/> and <paramref name="end"/> are given ([inputs·(G + k)] each), those bounds.
    /// </summary>
    /// <exception cref="ArgumentException">G outside [1, 1000], k outside [0, 16], or not finite lo &lt; hi.</exception>
    protected IntervalKanBasis(string name, int inputs, int gridSize, int order, float lo, float hi, bool trainable,
        float[]? start = null, float[]? end = null) : base(inputs)
    {
        KanBasisChecks.InRange(name, "grid", gridSize, 1, 1000, nameof(gridSize));
        KanBasisChecks.InRange(name, "order", order, 0, 16, nameof(order));
        KanBasisChecks.Interval(name, "the grid range", lo, hi);
        GridSize = gridSize;
        Order = order;
        Lo = lo;
        Hi = hi;
        Trainable = trainable;
        int k = gridSize + order;
        if (start == null || end == null)
        {
            start = new float[inputs * k];
            end = new float[inputs * k];
            double h = ((double)hi - lo) / gridSize;
            for (int p = 0; p < inputs; p++)
                for (int i = 0; i < k; i++)
                {
                    start[p * k + i] = (float)(lo + (i - order) * h);
                    end[p * k + i] = (float)(lo + (i + 1) * h);
                }
        }
        var s = Tensor.FromArray(start, inputs, k);
        var e = Tensor.FromArray(end, inputs, k);
        Start = trainable ? RegisterParameter("start", s) : RegisterBuffer("start", s);
        End = trainable ? RegisterParameter("end", e) : RegisterBuffer("end", e);
    }

    /// <summary>The bounds of the inputs listed in <paramref name="inputs"/>, row by row, for a selected copy.</summary>
    protected (float[] Start, float[] End) SelectBounds(int[] inputs)
    {
        int n = KanBasisChecks.Selection(inputs, Inputs), k = Size;
        var s0 = Start.AsSpan();
        var e0 = End.AsSpan();
        var s1 = new float[n * k];
        var e1 = new float[n * k];
        for (int j = 0; j < n; j++)
        {
            s0.Slice(inputs[j] * k, k).CopyTo(s1.AsSpan(j * k));
            e0.Slice(inputs[j] * k, k).CopyTo(e1.AsSpan(j * k));
        }
        return (s1, e1);
    }
}
