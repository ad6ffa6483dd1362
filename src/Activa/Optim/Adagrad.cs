using Activa.Kernels;

namespace Activa.Optim;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer, 2011): s ← s + g², p ← p − clr·g / (√s + ε), with
/// clr = lr / (1 + (t − 1)·lrDecay), as torch.optim.Adagrad. A common choice for sparse embeddings.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Learning-rate decay per step.</summary>
    public float LrDecay { get; }
    /// <summary>Added to the denominator.</summary>
    public float Eps { get; }
    /// <summary>Initial value of the squared-gradient sum.</summary>
    public float InitialAccumulator { get; }

    /// <summary>Adagrad over one group.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, float lr = 1e-2f, float lrDecay = 0f, float weightDecay = 0f, float initialAccumulator = 0f, float eps = 1e-10f)
        : this(OneGroup(parameters), lr, lrDecay, weightDecay, initialAccumulator, eps) { }

    /// <summary>Adagrad over several groups.</summary>
    public Adagrad(IEnumerable<ParamGroup> groups, float lr = 1e-2f, float lrDecay = 0f, float weightDecay = 0f, float initialAccumulator = 0f, float eps = 1e-10f)
        : base(groups, lr, weightDecay)
    {
        if (!(lrDecay >= 0) || !(initialAccumulator >= 0) || !(eps >= 0))
            throw new ArgumentOutOfRangeException(nameof(lrDecay), "Adagrad's lrDecay, initialAccumulator and eps must be non-negative.");
        LrDecay = lrDecay;
        Eps = eps;
        InitialAccumulator = initialAccumulator;
    }

    private (Tensor Sum, float Clr) Prepare(Tensor parameter, ParamGroup group, Dictionary<string, Tensor> state)
    {
        var sum = Slot(state, "sum", parameter.Shape, InitialAccumulator);
        var step = Slot(state, "step", [1]);
        float t = ++step.Storage[step.Offset];
        return (sum, group.Lr / (1 + (t - 1) * LrDecay));
    }

    /// <inheritdoc/>
    protected override DenseUpdate PrepareDense(Tensor parameter, Tensor gradient, ParamGroup group, Dictionary<string, Tensor> state)
    {
        var u = UpdateFor<AdagradUpdate>(parameter);
        (u.P, u.POffset, u.G, u.GOffset, u.Length) = (parameter.Storage, parameter.Offset, gradient.Storage, gradient.Offset, parameter.Numel);
        (var sum, u.Clr) = Prepare(parameter, group, state);
        (u.Sum, u.WeightDecay, u.Eps) = (sum.Storage, group.WeightDecay, Eps);
        return u;
    }

    private sealed class AdagradUpdate : DenseUpdate
    {
        public float[] P = [], G = [], Sum = [];
        public int POffset, GOffset;
        public float Clr, WeightDecay, Eps;

        public override void Apply(int start, int length) =>
            OptimizerKernels.Adagrad(P.AsSpan(POffset + start, length), G.AsSpan(GOffset + start, length), Sum.AsSpan(start, length),
                Clr, WeightDecay, Eps);
    }

    /// <inheritdoc/>
    protected override void UpdateSparse(Tensor parameter, RowSparseGradient gradient, ParamGroup group, Dictionary<string, Tensor> state)
    {
        var (sum, clr) = Prepare(parameter, group, state);
        int dim = parameter.Dims[1];
        for (int i = 0; i < gradient.Rows.Length; i++)
        {
            int r = gradient.Rows[i] * dim;
            OptimizerKernels.Adagrad(parameter.Storage.AsSpan(parameter.Offset + r, dim), gradient.Values.Storage.AsSpan(i * dim, dim),
                sum.Storage.AsSpan(r, dim), clr, group.WeightDecay, Eps);
        }
    }
}
