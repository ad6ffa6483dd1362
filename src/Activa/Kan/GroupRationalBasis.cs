using Activa.Activations.Learnable;
using Activa.Autograd;

namespace Activa.Kan;

/// <summary>
/// The group-rational basis of GR-KAN (Yang &amp; Wang, "Kolmogorov–Arnold Transformer", ICLR 2025): one function per
/// input, b(x_p) = F_g(x_p) = P(x_p)/Q_g(x_p) with P(x) = Σ_{i=0..5} a_i·xⁱ shared by all inputs and
/// Q_g(x) = 1 + Σ_{j=1..4} |b_gj|·|x|ʲ one per group g of inputs — the safe denominator of PAU's version A (Molina et al.,
/// ICLR 2020), which is the one the KAT kernels use. The layer's weight then scales each edge: φ_pq(x) = w_qp·F_g(x),
/// so a GR-KAN layer is the group rational followed by one linear map.
/// </summary>
/// <remarks>
/// <para>Sharing: "shared numerator and per-group denominators", as the KAT code's group module has it (the paper's
/// text speaks of one rational per group; the code shares the numerator across groups). Inputs are split into
/// <see cref="Groups"/> contiguous blocks, input p in group ⌊p·G/inputs⌋: equal blocks of inputs/G when G divides the
/// input count (KAT's layout), blocks differing in size by at most one otherwise; G larger than the input count is
/// reduced to the input count (one group per input), and <see cref="Spec"/> reports the count in use. Each input's
/// group is a buffer ("basis.group"), so <see cref="Select"/> keeps each kept input's own denominator (the groups still
/// used are renumbered in order of first use).</para>
/// <para>The coefficients start as the least-squares fit (<see cref="Rational.Fit(string, int, int, double, double, RationalVersion)"/>)
/// of the identity or of GELU on [−3, 3] and are learned; forward and backward run the fused PAU kernel (one pass
/// each, coefficient gradients reduced per input in a fixed order, then per group). Layers on this basis have no SiLU
/// base branch by default (GR-KAN has none).</para>
/// <para>Inputs are clamped to [−1e6, 1e6] before evaluation, where x⁵ still fits in float (beyond it the rational,
/// which grows like |x| at most, would be ∞/∞): ±1e30 and ±∞ give the value at ±1e6 and no gradient to x. NaN gives NaN.</para>
/// </remarks>
public sealed class GroupRationalBasis : KanBasis
{
    /// <summary>Numerator degree m.</summary>
    public const int M = 5;

    /// <summary>Denominator degree n.</summary>
    public const int N = 4;

    /// <summary>Inputs are clamped to ±this before evaluation.</summary>
    public const float Limit = 1e6f;

    /// <summary>The initial shapes of the "init" option.</summary>
    public static IReadOnlyList<string> Inits { get; } = ["identity", "gelu"];

    /// <summary>Numerator coefficients a_0..a_5, shared by every group [1, 6].</summary>
    public Tensor Numerator { get; }

    /// <summary>Denominator coefficients b_1..b_4 of each group [Groups, 4].</summary>
    public Tensor Denominator { get; }

    /// <summary>The group of each input [Inputs] (whole numbers stored as floats, saved with the layer).</summary>
    public Tensor Group { get; }

    /// <summary>Number of groups G.</summary>
    public int Groups { get; }

    /// <summary>The initial shape ("identity" or "gelu").</summary>
    public string Init { get; }

    /// <inheritdoc/>
    public override int Size => 1;

    /// <inheritdoc/>
    public override string Spec => $"grkan(groups={Groups}, init={Init})";

    /// <inheritdoc/>
    public override bool DefaultBaseBranch => false;

    /// <summary>A group rational over <paramref name="inputs"/> inputs in <paramref name="groups"/> groups, every group
    /// initialised to the fit of <paramref name="init"/>.</summary>
    /// <exception cref="ArgumentException">Groups outside [1, 65536] or an init other than identity or gelu.</exception>
    public GroupRationalBasis(int inputs, int groups = 8, string init = "gelu") : base(inputs)
    {
        KanBasisChecks.InRange("grkan", "groups", groups, 1, 65536, nameof(groups));
        ArgumentNullException.ThrowIfNull(init);
        Init = Inits.FirstOrDefault(i => i.Equals(init, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"grkan: 'init' must be one of {string.Join(", ", Inits)}, got '{init}'.", nameof(init));
        Groups = Math.Min(groups, inputs);
        var fit = Rational.Fit(Init, M, N, -3, 3, RationalVersion.A);
        var a = fit.Numerator.Select(v => (float)v).ToArray();
        var b = new float[Groups * N];
        for (int g = 0; g < Groups; g++)
            for (int j = 0; j < N; j++) b[g * N + j] = (float)fit.Denominator[j];
        var map = new float[inputs];
        for (int p = 0; p < inputs; p++) map[p] = (int)((long)p * Groups / inputs);
        Numerator = RegisterParameter("numerator", Tensor.FromArray(a, 1, M + 1));
        Denominator = RegisterParameter("denominator", Tensor.FromArray(b, Groups, N));
        Group = RegisterBuffer("group", Tensor.FromArray(map, inputs));
    }

    private GroupRationalBasis(int inputs, string init, float[] numerator, float[] denominator, float[] map) : base(inputs)
    {
        Init = init;
        Groups = denominator.Length / N;
        Numerator = RegisterParameter("numerator", Tensor.FromArray(numerator, 1, M + 1));
        Denominator = RegisterParameter("denominator", Tensor.FromArray(denominator, Groups, N));
        Group = RegisterBuffer("group", Tensor.FromArray(map, inputs));
    }

    /// <summary>The group of input <paramref name="input"/>.</summary>
    /// <exception cref="InvalidOperationException">The stored group is not a whole number in [0, <see cref="Groups"/>) (a damaged checkpoint).</exception>
    public int GroupOf(int input)
    {
        if ((uint)input >= (uint)Inputs) throw new ArgumentOutOfRangeException(nameof(input), $"Input {input} is not in [0, {Inputs}).");
        float g = Group.AsSpan()[input];
        if (!(g >= 0 && g < Groups && g == MathF.Floor(g)))
            throw new InvalidOperationException($"grkan: the group of input {input} is {g}, not a whole number in [0, {Groups}) (a damaged 'basis.group' buffer?).");
        return (int)g;
    }

    /// <summary>F_g(x) in double with the current coefficients of group <paramref name="group"/> (no clamping).</summary>
    public double Evaluate(double x, int group)
    {
        if ((uint)group >= (uint)Groups) throw new ArgumentOutOfRangeException(nameof(group), $"Group {group} is not in [0, {Groups}).");
        var a = Numerator.ToArray().Select(v => (double)v).ToArray();
        var b = Denominator.ToArray().Skip(group * N).Take(N).Select(v => (double)v).ToArray();
        return Rational.Evaluate(x, a, b, RationalVersion.A);
    }

    /// <inheritdoc/>
    public override KanBasis Select(int[] inputs)
    {
        int n = KanBasisChecks.Selection(inputs, Inputs);
        var renumber = new Dictionary<int, int>();
        var map = new float[n];
        for (int j = 0; j < n; j++)
        {
            int g = GroupOf(inputs[j]);
            if (!renumber.TryGetValue(g, out int now)) renumber[g] = now = renumber.Count;
            map[j] = now;
        }
        var b0 = Denominator.AsSpan();
        var b1 = new float[renumber.Count * N];
        foreach (var (old, now) in renumber) b0.Slice(old * N, N).CopyTo(b1.AsSpan(now * N));
        return new GroupRationalBasis(n, Init, Numerator.ToArray(), b1, map);
    }

    /// <inheritdoc/>
    public override Tensor Features(Tensor x, bool withBase)
    {
        var xc = CheckInput(x);
        int rows = xc.Dims[0], count = rows * Inputs, k = M + 1 + N, stride = withBase ? 2 : 1;
        // One coefficient set per input (its group's denominator beside the shared numerator): the kernel's
        // per-feature layout, whose per-input sums are then folded into the shared and per-group gradients.
        var groupOf = new int[Inputs];
        for (int p = 0; p < Inputs; p++) groupOf[p] = GroupOf(p);
        var a = Numerator.ToArray();
        var b = Denominator.ToArray();
        var coef = new float[Inputs * k];
        for (int p = 0; p < Inputs; p++)
        {
            a.CopyTo(coef.AsSpan(p * k));
            b.AsSpan(groupOf[p] * N, N).CopyTo(coef.AsSpan(p * k + M + 1));
        }
        var xs = xc.Storage.AsSpan(xc.Offset, count);
        var clamped = new float[count];
        for (int e = 0; e < count; e++) clamped[e] = Math.Clamp(xs[e], -Limit, Limit);
        var plan = SetPlan.Make(count, Inputs, Inputs, [rows, Inputs]);
        var y = new float[count];
        SetKernel.Forward<PauKernel<PauFormA, PauSlots54>>(plan, clamped, 0, y, coef);
        var features = Tensor.Empty([rows, Inputs * stride]);
        var f = features.AsSpan();
        for (int e = 0; e < count; e++)
        {
            if (withBase) f[2 * e] = PointwiseKanBasis.Silu(xs[e]);
            f[e * stride + stride - 1] = y[e];
        }
        if (!GradMode.Enabled) return features;
        return Tensor.Record(features, "grkan_features", [x, Numerator, Denominator], g =>
        {
            var gs = g.Contiguous().ToArray();
            var gy = gs;
            if (withBase)
            {
                gy = new float[count];
                for (int e = 0; e < count; e++) gy[e] = gs[2 * e + 1];
            }
            var gx = new float[count];
            var sums = SetKernel.Backward<PauKernel<PauFormA, PauSlots54>>(plan, clamped, 0, gy, 0, gx, coef);
            var input = xc.Storage.AsSpan(xc.Offset, count);
            for (int e = 0; e < count; e++)
            {
                float v = input[e];
                if (!(Math.Abs(v) < Limit) && !float.IsNaN(v)) gx[e] = 0f;
                if (withBase) gx[e] += gs[2 * e] * PointwiseKanBasis.SiluDerivative(v);
            }
            var ga = new double[M + 1];
            var gb = new double[Groups * N];
            for (int p = 0; p < Inputs; p++)
            {
                for (int i = 0; i <= M; i++) ga[i] += sums[p * k + i];
                for (int j = 0; j < N; j++) gb[groupOf[p] * N + j] += sums[p * k + M + 1 + j];
            }
            return [Tensor.FromArray(gx, rows, Inputs), Tensor.FromArray([.. ga.Select(v => (float)v)], 1, M + 1),
                Tensor.FromArray([.. gb.Select(v => (float)v)], Groups, N)];
        }, readsOutput: false);
    }
}
