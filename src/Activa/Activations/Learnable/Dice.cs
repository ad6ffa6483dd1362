namespace Activa.Activations.Learnable;

/// <summary>
/// Dice, the data-adaptive activation of the Deep Interest Network: f(x) = p·x + (1 − p)·α·x with the gate
/// p = σ((x − E[x]) / √(Var[x] + ε)); E and Var are the batch mean and (biased) variance of each channel in training
/// and running estimates in evaluation; α is learned per feature (init 0), ε = 1e−8.
/// Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018.
/// </summary>
/// <remarks>
/// <para><b>Two forms.</b> The paper's form above is the default. With <c>learnable_scale</c> the gate is
/// p = σ(β·(x − E[x]) / √(Var[x] + ε)) with a learnable β per feature (init <c>scale_init</c> = 0, so p ≡ ½ and
/// f(x) = x/2 at the start), the form of the official code (din/Dice.py: alphas and betas initialised to 0, the
/// normalisation done by a non-affine batch normalisation). As released, that code calls TensorFlow's batch
/// normalisation without <c>training=True</c>, so it normalises with moving statistics that are never updated; Activa
/// uses batch statistics in training in both forms.</para>
/// <para><b>Statistics.</b> Per channel (dimension 1 of [N, C] or [N, C, L...]) over all other dimensions. In
/// training the running estimates follow BatchNorm's rule, running ← (1 − momentum)·running + momentum·batch with the
/// unbiased variance and momentum 0.1 (TensorFlow's decay 0.99 corresponds to momentum 0.01; FuxiCTR uses 0.01). They
/// start at mean 0 and variance 1 and are saved as buffers. Training needs at least two values per channel.</para>
/// <para><b>Kernels.</b> Forward: a statistics pass (sum, then centred squares, both reduced per channel in double)
/// and one fused output pass. Backward in training also differentiates through the batch statistics, as BatchNorm's
/// does: with z = (x − μ)/s, t = g·x·(1 − α)·p(1 − p) and the gate's slope β (1 in the paper's form),
/// ∂L/∂x = g·(α + (1 − α)p) + (β/s)·(t − mean(t) − z·mean(t·z)); one reduction pass (Σt, Σtz, Σg·x(1 − p)) and one
/// fused pass for ∂L/∂x. ∂L/∂α = Σ g·x·(1 − p) and ∂L/∂β = Σ t·z per set. Everything is split by shape and reduced in
/// a fixed order (deterministic).</para>
/// </remarks>
public sealed class Dice : LearnableActivation
{
    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("dice", "p·x + (1 − p)·α·x, p = σ((x − E[x]) / √(Var[x] + ε)) (batch statistics in training, running in evaluation)",
        "Zhou, Zhu, Song, Fan, Zhu, Ma, Yan, Jin, Li & Gai, Deep Interest Network for Click-Through Rate Prediction, KDD", 2018,
        ActivationProperties.Smooth | ActivationProperties.ZeroCentred | ActivationProperties.SelfGated)
    {
        Family = "self-gated",
        Parameters =
        [
            new("eps", 1e-8, "ε added to the variance", ParameterRange.Positive),
            new("momentum", 0.1, "weight of the newest batch in the running statistics", new(0, 1, MinOpen: true)),
            new("alpha_init", 0, "initial α (slope mixed in where the gate is closed)"),
            new("learnable_scale", 0, "1: gate σ(β·normalised x) with a learnable β per set (the official code's form); 0: σ(normalised x) (the paper's)",
                ParameterRange.Integers(0, 1)),
            new("scale_init", 0, "initial β when learnable_scale = 1 (0 in the official code)"),
            .. OptionReader.SharingParameters(ParameterSharing.Channel),
        ],
    };

    /// <summary>α per set [Groups].</summary>
    public Tensor Alpha { get; }
    /// <summary>β per set [Groups] when <see cref="LearnableScale"/>, else null.</summary>
    public Tensor? Scale { get; }
    /// <summary>Running mean per channel [C] (a buffer).</summary>
    public Tensor RunningMean { get; }
    /// <summary>Running variance per channel [C] (a buffer).</summary>
    public Tensor RunningVar { get; }
    /// <summary>ε.</summary>
    public double Eps { get; }
    /// <summary>Weight of the newest batch in the running statistics.</summary>
    public double Momentum { get; }
    /// <summary>True for the official code's gate σ(β·z).</summary>
    public bool LearnableScale { get; }

    /// <summary>Creates the activation from options (see <see cref="Info"/>).</summary>
    public Dice(int channels, ActivationOptions options) : base(channels, Info, options)
    {
        options ??= ActivationOptions.None;
        Eps = options.Get(Info, "eps");
        Momentum = options.Get(Info, "momentum");
        LearnableScale = options.Get(Info, "learnable_scale") == 1;
        Alpha = PerSet("alpha", options.Float(Info, "alpha_init"));
        if (LearnableScale) Scale = PerSet("beta", options.Float(Info, "scale_init"));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(channels));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones(channels));
    }

    /// <summary>Creates the activation.</summary>
    /// <param name="channels">Features (dimension 1).</param>
    /// <param name="eps">ε added to the variance.</param>
    /// <param name="momentum">Running-statistics momentum in (0, 1].</param>
    /// <param name="learnableScale">Use the official code's learnable β inside the sigmoid.</param>
    /// <param name="alphaInit">Initial α.</param>
    /// <param name="scaleInit">Initial β.</param>
    /// <param name="sharing">Sharing of α (and β); default one per feature.</param>
    /// <param name="groups">Groups for <see cref="ParameterSharing.Group"/>.</param>
    public Dice(int channels, double eps = 1e-8, double momentum = 0.1, bool learnableScale = false, double alphaInit = 0, double scaleInit = 0,
        ParameterSharing sharing = ParameterSharing.Channel, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("eps", eps), ("momentum", momentum), ("learnable_scale", learnableScale ? 1 : 0),
            ("alpha_init", alphaInit), ("scale_init", scaleInit))) { }

    /// <summary>f(x) for the first channel of <paramref name="set"/>, gated with that channel's running statistics (evaluation-mode shape).</summary>
    public override double Evaluate(double x, int set = 0)
    {
        int c = Sharing switch { ParameterSharing.Layer => 0, ParameterSharing.Channel => set, _ => set * (Channels / Groups) };
        double a = Alpha.ToArray()[set], beta = Scale?.ToArray()[set] ?? 1;
        double z = (x - RunningMean.ToArray()[c]) / Math.Sqrt(RunningVar.ToArray()[c] + Eps);
        double p = 1 / (1 + Math.Exp(-beta * z));
        return p * x + (1 - p) * a * x;
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        CheckInput(input);
        var x = input.Contiguous();
        int cN = Channels;
        // The statistics are per channel whatever the sharing of α and β: the kernels run with one set per channel.
        var plan = SetPlan.Make(x.Numel, cN, cN, x.Shape);
        long count = x.Numel / cN;
        var mean = new double[cN];
        var variance = new double[cN];
        bool training = Training;
        if (training)
        {
            if (count < 2) throw new ArgumentException($"Dice in training mode needs more than one value per channel, got input {Shape.Format(input.Shape)}.");
            // One pass of moments about each channel's first value k (no cancellation for data far from 0):
            // mean = k + Σd/n, var = Σd²/n − (Σd/n)², d = x − k.
            int inner = (int)(count / x.Dims[0]);
            var shift = new float[cN];
            for (int c = 0; c < cN; c++) shift[c] = x.Storage[x.Offset + c * inner];
            var sums = SetKernel.Backward<ShiftedMomentsKernel>(plan, x.Storage, x.Offset, x.Storage, x.Offset, null, shift);
            for (int c = 0; c < cN; c++)
            {
                double m1 = sums[2 * c] / count;
                mean[c] = shift[c] + m1;
                variance[c] = Math.Max(0, sums[2 * c + 1] / count - m1 * m1);
            }
            UpdateRunning(mean, variance, count);
        }
        else
        {
            var rm = RunningMean.ToArray();
            var rv = RunningVar.ToArray();
            for (int c = 0; c < cN; c++)
            {
                mean[c] = rm[c];
                variance[c] = rv[c];
            }
        }

        // Per channel: μ, 1/s, α, β, then (training backward) β·mean(t) and β·mean(t·z).
        var alpha = Alpha.ToArray();
        var beta = Scale?.ToArray();
        var coef = new float[6 * cN];
        for (int c = 0; c < cN; c++)
        {
            int s = SetOf(c);
            coef[6 * c] = (float)mean[c];
            coef[6 * c + 1] = (float)(1 / Math.Sqrt(variance[c] + Eps));
            coef[6 * c + 2] = alpha[s];
            coef[6 * c + 3] = beta?[s] ?? 1f;
        }
        var y = Tensor.Empty(x.Dims);
        SetKernel.Forward<DiceKernel>(plan, x.Storage, x.Offset, y.Storage, coef);
        Tensor[] inputs = Scale != null ? [input, Alpha, Scale] : [input, Alpha];
        return Tensor.Record(y, "dice", inputs, g =>
        {
            var gc = g.Contiguous();
            var gx = input.RequiresGrad ? Tensor.Empty(x.Dims) : null;
            // One pass gives the sums and dx without the batch-statistics terms (all of dx in evaluation, where the
            // statistics are constants); in training a second, sigmoid-free pass subtracts those terms in place.
            var sums = SetKernel.Backward<DiceKernel>(plan, x.Storage, x.Offset, gc.Storage, gc.Offset, gx?.Storage, coef);
            if (training && gx != null)
            {
                var c2 = (float[])coef.Clone();
                for (int c = 0; c < cN; c++)
                {
                    double b = coef[6 * c + 3];
                    c2[6 * c + 4] = (float)(b * sums[3 * c] / count);
                    c2[6 * c + 5] = (float)(b * sums[3 * c + 1] / count);
                }
                SetKernel.Backward<StatisticsTermKernel>(plan, x.Storage, x.Offset, gx.Storage, 0, gx.Storage, c2);
            }
            var ga = new double[Groups];
            var gb = new double[Groups];
            for (int c = 0; c < cN; c++)
            {
                int s = SetOf(c);
                ga[s] += sums[3 * c + 2];
                gb[s] += sums[3 * c + 1];
            }
            var gAlpha = Tensor.FromArray([.. ga.Select(v => (float)v)], Groups);
            return Scale != null ? [gx, gAlpha, Tensor.FromArray([.. gb.Select(v => (float)v)], Groups)] : [gx, gAlpha];
        });
    }

    private void UpdateRunning(double[] mean, double[] variance, long count)
    {
        var rm = RunningMean.ToArray();
        var rv = RunningVar.ToArray();
        double mo = Momentum, unbias = count / (double)(count - 1);
        for (int c = 0; c < Channels; c++)
        {
            rm[c] = (float)((1 - mo) * rm[c] + mo * mean[c]);
            rv[c] = (float)((1 - mo) * rv[c] + mo * variance[c] * unbias);
        }
        using (Tensor.NoGrad())
        {
            RunningMean.CopyFrom(Tensor.FromArray(rm, Channels));
            RunningVar.CopyFrom(Tensor.FromArray(rv, Channels));
        }
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, eps={Eps}, momentum={Momentum}, learnable_scale={LearnableScale}, {SharingRepr()}";
}

/// <summary>Σd and Σd² per channel, d = x − k (C0 = k, the channel's first value); stores nothing.</summary>
internal readonly struct ShiftedMomentsKernel : IReductionKernel
{
    public static int CoefficientCount => 1;
    public static int GradientCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var d = x - c.C0;
        acc.G0 += d;
        acc.G1 = TV.Fma(d, d, acc.G1);
        return x;
    }
}

/// <summary>
/// Dice: C0..C3 = μ, 1/s, α, β. Forward: y = x·(α + (1 − α)p). Backward: dx = g·(α + (1 − α)p) + (1/s)·β·t with
/// t = g·x·(1 − α)·p(1 − p) (all of dx with constant statistics; training subtracts the batch-statistics terms in
/// <see cref="StatisticsTermKernel"/>), and G0..G2 = Σt, Σt·z, Σg·x·(1 − p).
/// </summary>
internal readonly struct DiceKernel : ISetKernel
{
    public static int CoefficientCount => 6;
    public static int GradientCount => 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>
    {
        var p = LearnableMath.Sigmoid(c.C3 * ((x - c.C0) * c.C1));
        return x * TV.Fma(1f - c.C2, p, c.C2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var one = (TV)1f;
        var z = (x - c.C0) * c.C1;
        var p = LearnableMath.Sigmoid(c.C3 * z);
        var oneMinusA = one - c.C2;
        var slope = TV.Fma(oneMinusA, p, c.C2);
        var gxv = g * x;
        var t = gxv * oneMinusA * (p * (one - p));
        acc.G0 += t;
        acc.G1 = TV.Fma(t, z, acc.G1);
        acc.G2 = TV.Fma(gxv, one - p, acc.G2);
        return TV.Fma(g, slope, c.C1 * (c.C3 * t));
    }
}

/// <summary>Training backward, second pass: dx −= (1/s)·(β·mean(t) + z·β·mean(tz)), with g the partial dx (C4, C5 the two means).</summary>
internal readonly struct StatisticsTermKernel : IReductionKernel
{
    public static int CoefficientCount => 6;
    public static int GradientCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var z = (x - c.C0) * c.C1;
        return g - c.C1 * TV.Fma(z, c.C5, c.C4);
    }
}
