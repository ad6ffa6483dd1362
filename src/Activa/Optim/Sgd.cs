using Activa.Kernels;

namespace Activa.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum (heavy ball or Nesterov; Sutskever et al., 2013)
/// and L2 weight decay, following torch.optim.SGD: buf ← μ·buf + (1 − dampening)·g, p ← p − lr·buf
/// (Nesterov: p ← p − lr·(g + μ·buf)).
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Momentum μ (0 = plain SGD).</summary>
    public float Momentum { get; }
    /// <summary>Dampening of the momentum buffer's gradient term.</summary>
    public float Dampening { get; }
    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>SGD over one group.</summary>
    public Sgd(IEnumerable<Tensor> parameters, float lr, float momentum = 0f, float dampening = 0f, bool nesterov = false, float weightDecay = 0f)
        : this(OneGroup(parameters), lr, momentum, dampening, nesterov, weightDecay) { }

    /// <summary>SGD over several groups.</summary>
    public Sgd(IEnumerable<ParamGroup> groups, float lr, float momentum = 0f, float dampening = 0f, bool nesterov = false, float weightDecay = 0f)
        : base(groups, lr, weightDecay)
    {
        if (!(momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be non-negative.");
        if (nesterov && (momentum == 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and zero dampening.");
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    private (Tensor Buffer, bool First) Buffer(Tensor parameter, Dictionary<string, Tensor> state)
    {
        bool first = !state.ContainsKey("momentum_buffer");
        return (Slot(state, "momentum_buffer", parameter.Shape), first);
    }

    /// <inheritdoc/>
    protected override DenseUpdate PrepareDense(Tensor parameter, Tensor gradient, ParamGroup group, Dictionary<string, Tensor> state)
    {
        var u = UpdateFor<SgdUpdate>(parameter);
        (u.P, u.POffset, u.G, u.GOffset, u.Length) = (parameter.Storage, parameter.Offset, gradient.Storage, gradient.Offset, parameter.Numel);
        (var buf, u.First) = Momentum != 0 ? Buffer(parameter, state) : (parameter, false);
        u.Buffer = Momentum != 0 ? buf.Storage : null;
        (u.Lr, u.WeightDecay, u.Momentum, u.Dampening, u.Nesterov) = (group.Lr, group.WeightDecay, Momentum, Dampening, Nesterov);
        return u;
    }

    private sealed class SgdUpdate : DenseUpdate
    {
        public float[] P = [], G = [];
        public float[]? Buffer;
        public int POffset, GOffset;
        public bool First, Nesterov;
        public float Lr, WeightDecay, Momentum, Dampening;

        public override void Apply(int start, int length) =>
            OptimizerKernels.Sgd(P.AsSpan(POffset + start, length), G.AsSpan(GOffset + start, length),
                Buffer is null ? default : Buffer.AsSpan(start, length), First, Lr, WeightDecay, Momentum, Dampening, Nesterov);
    }

    /// <inheritdoc/>
    protected override void UpdateSparse(Tensor parameter, RowSparseGradient gradient, ParamGroup group, Dictionary<string, Tensor> state)
    {
        var (buf, first) = Momentum != 0 ? Buffer(parameter, state) : (parameter, false);
        int dim = parameter.Dims[1];
        for (int i = 0; i < gradient.Rows.Length; i++)
        {
            int r = gradient.Rows[i] * dim;
            OptimizerKernels.Sgd(parameter.Storage.AsSpan(parameter.Offset + r, dim), gradient.Values.Storage.AsSpan(i * dim, dim),
                Momentum != 0 ? buf.Storage.AsSpan(r, dim) : default, first, group.Lr, group.WeightDecay, Momentum, Dampening, Nesterov);
        }
    }
}
