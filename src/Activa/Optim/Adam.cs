using Activa.Kernels;

namespace Activa.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·m̂ / (√v̂ + ε) with
/// bias-corrected m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Weight decay is added to the gradient (L2), as
/// torch.optim.Adam. One fused pass per parameter.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>β₁, β₂.</summary>
    public (float Beta1, float Beta2) Betas { get; }
    /// <summary>Added to the denominator.</summary>
    public float Eps { get; }
    private readonly bool _decoupled;

    /// <summary>Adam over one group.</summary>
    public Adam(IEnumerable<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0f)
        : this(OneGroup(parameters), lr, beta1, beta2, eps, weightDecay) { }

    /// <summary>Adam over several groups.</summary>
    public Adam(IEnumerable<ParamGroup> groups, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0f)
        : this(groups, lr, beta1, beta2, eps, weightDecay, decoupled: false) { }

    private protected Adam(IEnumerable<ParamGroup> groups, float lr, float beta1, float beta2, float eps, float weightDecay, bool decoupled)
        : base(groups, lr, weightDecay)
    {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam betas must be in [0, 1), got ({beta1}, {beta2}).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be non-negative.");
        Betas = (beta1, beta2);
        Eps = eps;
        _decoupled = decoupled;
    }

    private (float StepSize, float InvSqrtC2, float L2, float Decay) Coefficients(ParamGroup group, Dictionary<string, Tensor> state)
    {
        var step = Slot(state, "step", [1]);
        float t = ++step.Storage[step.Offset];
        double c1 = 1 - Math.Pow(Betas.Beta1, t), c2 = 1 - Math.Pow(Betas.Beta2, t);
        float l2 = _decoupled ? 0f : group.WeightDecay;
        float decay = _decoupled ? group.Lr * group.WeightDecay : 0f;
        return ((float)(group.Lr / c1), (float)(1 / Math.Sqrt(c2)), l2, decay);
    }

    /// <inheritdoc/>
    protected override DenseUpdate PrepareDense(Tensor parameter, Tensor gradient, ParamGroup group, Dictionary<string, Tensor> state)
    {
        var u = UpdateFor<AdamUpdate>(parameter);
        (u.P, u.POffset, u.G, u.GOffset, u.Length) = (parameter.Storage, parameter.Offset, gradient.Storage, gradient.Offset, parameter.Numel);
        u.M = Slot(state, "exp_avg", parameter.Shape).Storage;
        u.V = Slot(state, "exp_avg_sq", parameter.Shape).Storage;
        (u.StepSize, u.InvSqrtC2, u.L2, u.Decay) = Coefficients(group, state);
        (u.Beta1, u.Beta2, u.Eps) = (Betas.Beta1, Betas.Beta2, Eps);
        return u;
    }

    private sealed class AdamUpdate : DenseUpdate
    {
        public float[] P = [], G = [], M = [], V = [];
        public int POffset, GOffset;
        public float Beta1, Beta2, Eps, L2, Decay, StepSize, InvSqrtC2;

        public override void Apply(int start, int length) =>
            OptimizerKernels.Adam(P.AsSpan(POffset + start, length), G.AsSpan(GOffset + start, length), M.AsSpan(start, length),
                V.AsSpan(start, length), Beta1, Beta2, Eps, L2, Decay, StepSize, InvSqrtC2);
    }

    /// <inheritdoc/>
    protected override void UpdateSparse(Tensor parameter, RowSparseGradient gradient, ParamGroup group, Dictionary<string, Tensor> state)
    {
        var m = Slot(state, "exp_avg", parameter.Shape);
        var v = Slot(state, "exp_avg_sq", parameter.Shape);
        var (stepSize, invSqrtC2, l2, decay) = Coefficients(group, state);
        int dim = parameter.Dims[1], rows = gradient.Rows.Length;
        // Rows are unique after coalescing, so blocks of rows update independently (same bits at any thread count).
        int blocks = Parallelism.ItemsFor((long)rows * dim, 1 << 14, 4 * Parallelism.Threads);
        float b1 = Betas.Beta1, b2 = Betas.Beta2, eps = Eps;
        var p = parameter.Storage;
        var g = gradient.Values.Storage;
        int offset = parameter.Offset;
        Parallelism.For(blocks, block =>
        {
            int end = (int)((long)rows * (block + 1) / blocks);
            for (int i = (int)((long)rows * block / blocks); i < end; i++)
            {
                int r = gradient.Rows[i] * dim;
                OptimizerKernels.Adam(p.AsSpan(offset + r, dim), g.AsSpan(i * dim, dim), m.Storage.AsSpan(r, dim), v.Storage.AsSpan(r, dim),
                    b1, b2, eps, l2, decay, stepSize, invSqrtC2);
            }
        });
    }
}

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019): Adam with decoupled weight decay, p ← p·(1 − lr·λ) before the
/// Adam step, instead of adding λp to the gradient.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>AdamW over one group (default weight decay 0.01, as torch.optim.AdamW).</summary>
    public AdamW(IEnumerable<Tensor> parameters, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0.01f)
        : base(OneGroup(parameters), lr, beta1, beta2, eps, weightDecay, decoupled: true) { }

    /// <summary>AdamW over several groups.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0.01f)
        : base(groups, lr, beta1, beta2, eps, weightDecay, decoupled: true) { }
}
