using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations.Learnable;

/// <summary>
/// PolyNorm, a polynomial composition activation: f(x) = Σ_{i=1..r} aᵢ·N(xⁱ) + a₀, where the powers are taken
/// elementwise and N(u) = u / √(mean(u²) + ε) normalises each power by its root mean square over the last
/// dimension (the hidden features of a token); r = 3, aᵢ initialised to 1/r, a₀ = 0, ε = 1e−6.
/// Zhuo, Wang, Zeng, Li, Zhou &amp; Ma, "Polynomial Composition Activations: Unleashing the Dynamics of Large Language
/// Models", ICLR 2025.
/// </summary>
/// <remarks>
/// <para>Unlike the other learnable activations, PolyNorm reads whole rows: its input is [..., C] with the
/// <see cref="LearnableActivation.Channels"/> C in the <b>last</b> dimension (for [N, C] this is dimension 1 as
/// usual; for a transformer's [B, T, C] it is the hidden size). Per-channel and per-group sharing index that last
/// dimension. One set per layer is the paper's choice and the default.</para>
/// <para>Parameters: <see cref="Weight"/> [Groups, r] with column i − 1 multiplying N(xⁱ) — the official code stores
/// the same three numbers in the reverse order (weight[0] multiplies N(x³)) — and <see cref="Bias"/> [Groups].</para>
/// <para>Forward: per row, one pass for the r sums of squares and one fused pass for the output. Backward: per row,
/// the sums again, one pass for the dot products Σ g·aᵢ·xⁱ (and the parameter gradients), one for the input
/// gradient ∂f/∂x = Σᵢ i·xⁱ⁻¹·(ρᵢ·g·aᵢ − ρᵢ³·xⁱ·dᵢ/C), ρᵢ = 1/√(mean(x²ⁱ) + ε). Rows are split into items by shape,
/// parameter gradients are summed per item and added in item order (deterministic). Powers are computed in float:
/// |x|ʳ must stay well below 10¹⁹ (r = 3: |x| &lt; 10⁶).</para>
/// </remarks>
public sealed class PolyNorm : LearnableActivation
{
    /// <summary>Largest supported order.</summary>
    public const int MaxOrder = 6;

    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("polynorm", "Σ_{i=1..r} aᵢ·N(xⁱ) + a₀, N(u) = u/√(mean(u²) + ε) over the last dimension (r = 3, aᵢ = 1/3, a₀ = 0 at init)",
        "Zhuo, Wang, Zeng, Li, Zhou & Ma, Polynomial Composition Activations: Unleashing the Dynamics of Large Language Models, ICLR", 2025,
        ActivationProperties.None)
    {
        Aliases = ["poly-norm"],
        Family = "polynomial",
        Parameters =
        [
            new("order", 3, "polynomial order r (1 to 6)"),
            new("eps", 1e-6, "ε added to the mean square of each power"),
            .. OptionReader.SharingParameters(ParameterSharing.Layer),
        ],
    };

    /// <summary>Coefficients a₁ … a_r per set [Groups, r].</summary>
    public Tensor Weight { get; }
    /// <summary>Constant term a₀ per set [Groups].</summary>
    public Tensor Bias { get; }
    /// <summary>Order r.</summary>
    public int Order { get; }
    /// <summary>ε.</summary>
    public double Eps { get; }

    private const int MinItemElements = 1 << 14, MaxItems = 64, FlushRows = 64;

    /// <summary>Creates the activation from options (see <see cref="Info"/>).</summary>
    public PolyNorm(int channels, ActivationOptions options) : this(channels, Read(options ?? ActivationOptions.None, channels)) { }

    /// <summary>Creates the activation for inputs [..., <paramref name="channels"/>].</summary>
    /// <exception cref="ArgumentException">Order out of [1, 6], ε not positive, or bad sharing.</exception>
    public PolyNorm(int channels, int order = 3, double eps = 1e-6, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, Check(channels, order, eps, sharing, groups)) { }

    private PolyNorm(int channels, (int Order, double Eps, ParameterSharing Sharing, int Groups) s) : base(channels, s.Sharing, s.Groups)
    {
        Order = s.Order;
        Eps = s.Eps;
        Weight = RegisterParameter("weight", Tensor.Full([Groups, Order], 1f / Order));
        Bias = RegisterParameter("bias", Tensor.Zeros(Groups));
    }

    private static (int, double, ParameterSharing, int) Read(ActivationOptions o, int channels) =>
        Check(channels, OptionReader.Int(o, Info, "order", 1, MaxOrder), OptionReader.Real(o, Info, "eps", v => v > 0, "positive"),
            OptionReader.Sharing(Info, o), OptionReader.Groups(Info, o));

    private static (int, double, ParameterSharing, int) Check(int channels, int order, double eps, ParameterSharing sharing, int groups)
    {
        if (order < 1 || order > MaxOrder) throw new ArgumentException($"polynorm: 'order' must be in [1, {MaxOrder}], got {order}.", nameof(order));
        if (!(eps > 0) || !double.IsFinite(eps)) throw new ArgumentException($"polynorm: 'eps' must be positive, got {eps}.", nameof(eps));
        OptionReader.CheckSharing("polynorm", channels, sharing, groups);
        return (order, eps, sharing, groups);
    }

    /// <inheritdoc/>
    public override ActivationInfo Describe() => Info;

    /// <summary>
    /// PolyNorm depends on the whole row, so this evaluates a row whose root mean squares equal |x|ⁱ, i.e. a
    /// row of constant magnitude |x|: f = Σ aᵢ·sign(x)ⁱ·|x|ⁱ/√(x²ⁱ + ε) + a₀ (≈ Σ aᵢ·sign(x)ⁱ + a₀ away from 0).
    /// </summary>
    public override double Evaluate(double x, int set = 0)
    {
        var w = Weight.ToArray();
        double y = Bias.ToArray()[set], p = 1;
        for (int i = 1; i <= Order; i++)
        {
            p *= x;
            y += w[set * Order + i - 1] * p / Math.Sqrt(p * p + Eps);
        }
        return y;
    }

    /// <summary>f over one row <paramref name="row"/> in double, from the current parameters (the formula, for tests and plots).</summary>
    public double[] EvaluateRow(ReadOnlySpan<double> row)
    {
        if (row.Length != Channels) throw new ShapeMismatchException(Info.Name, $"a row has {Channels} values, got {row.Length}");
        var w = Weight.ToArray();
        var b = Bias.ToArray();
        var inv = new double[Order + 1];
        for (int i = 1; i <= Order; i++)
        {
            double ss = 0;
            foreach (var v in row) ss += Math.Pow(v, 2 * i);
            inv[i] = 1 / Math.Sqrt(ss / row.Length + Eps);
        }
        var y = new double[row.Length];
        for (int c = 0; c < row.Length; c++)
        {
            int s = SetOf(c);
            y[c] = b[s];
            for (int i = 1; i <= Order; i++) y[c] += w[s * Order + i - 1] * Math.Pow(row[c], i) * inv[i];
        }
        return y;
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank < 1 || input.Dims[^1] != Channels)
            throw new ShapeMismatchException(Info.Name, $"expects [..., {Channels}] (features in the last dimension), got {Shape.Format(input.Shape)}");
        var x = input.Contiguous();
        int d = Channels, rows = x.Numel / d, k = Order + 1;
        // Table [k, C]: row 0 the bias, row i the coefficient of N(xⁱ), per channel.
        var w = Weight.ToArray();
        var b = Bias.ToArray();
        var table = new float[k * d];
        for (int c = 0; c < d; c++)
        {
            int s = SetOf(c);
            table[c] = b[s];
            for (int i = 1; i <= Order; i++) table[i * d + c] = w[s * Order + i - 1];
        }
        int per = Math.Max((MinItemElements + d - 1) / d, (rows + MaxItems - 1) / MaxItems);
        int items = rows == 0 ? 0 : (rows + per - 1) / per;
        var y = Tensor.Empty(x.Dims);
        var fwd = new Rows(this, x.Storage, x.Offset, null, 0, y.Storage, table, null, per, rows);
        if (items == 1) fwd.Run(0);
        else Parallelism.For(items, fwd);
        return Tensor.Record(y, "polynorm", [input, Weight, Bias], g =>
        {
            var gc = g.Contiguous();
            var gx = Tensor.Empty(x.Dims);
            var partials = new double[items * k * d];
            var bwd = new Rows(this, x.Storage, x.Offset, gc.Storage, gc.Offset, gx.Storage, table, partials, per, rows);
            if (items == 1) bwd.Run(0);
            else Parallelism.For(items, bwd);
            var perChannel = new double[k * d];
            for (int it = 0; it < items; it++)
                for (int j = 0; j < k * d; j++) perChannel[j] += partials[it * k * d + j];
            var sets = SetKernel.ToSets(perChannel, k, d, SetOf, Groups);
            var gw = new float[Groups * Order];
            var gb = new float[Groups];
            for (int s = 0; s < Groups; s++)
            {
                gb[s] = sets[s * k];
                for (int i = 1; i <= Order; i++) gw[s * Order + i - 1] = sets[s * k + i];
            }
            return [input.RequiresGrad ? gx : null, Tensor.FromArray(gw, Groups, Order), Tensor.FromArray(gb, Groups)];
        });
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, order={Order}, eps={Eps}, sharing={Sharing}" + (Sharing == ParameterSharing.Group ? $", groups={Groups}" : "");

    /// <summary>Forward (g == null) or backward over the rows of one item.</summary>
    private readonly struct Rows(PolyNorm owner, float[] x, int xo, float[]? g, int go, float[] output, float[] table, double[]? partials, int per, int rows) : IParallelBody
    {
        private readonly int _order = owner.Order, _d = owner.Channels;
        private readonly double _eps = owner.Eps;

        public void Run(int item)
        {
            int r0 = item * per, r1 = Math.Min(rows, r0 + per), d = _d, k = _order + 1;
            Span<double> inv = stackalloc double[k];
            Span<float> coef = stackalloc float[2 * k];
            float[]? accF = g != null ? new float[k * d] : null;
            Span<double> ss = stackalloc double[k];
            Span<double> dots = stackalloc double[k];
            int since = 0;
            for (int r = r0; r < r1; r++)
            {
                int xr = xo + r * d;
                ss.Clear();
                Sweep(new SumSquares(_order), xr, 0, 0, coef, ss, null);
                for (int i = 1; i <= _order; i++) inv[i] = 1 / Math.Sqrt(ss[i] / d + _eps);
                for (int i = 1; i <= _order; i++) coef[i] = (float)inv[i];
                if (g == null)
                {
                    Sweep(new Output(_order), xr, 0, r * d, coef, default, null);
                    continue;
                }
                int gr = go + r * d;
                // Dot products dᵢ = Σ g·aᵢ·xⁱ and parameter gradients g·xⁱ·ρᵢ (into accF), then the input gradient.
                dots.Clear();
                Sweep(new Dots(_order), xr, gr, 0, coef, dots, accF);
                for (int i = 1; i <= _order; i++) coef[k + i] = (float)(inv[i] * inv[i] * inv[i] * dots[i] / d);
                Sweep(new InputGrad(_order), xr, gr, r * d, coef, default, null);
                if (++since == FlushRows || r == r1 - 1)
                {
                    var acc = partials.AsSpan(item * k * d, k * d);
                    for (int j = 0; j < k * d; j++) acc[j] += accF![j];
                    Array.Clear(accF!);
                    since = 0;
                }
            }
        }

        /// <summary>Runs a row pass over widths 16, 8, 1.</summary>
        private void Sweep<TP>(TP pass, int xr, int gr, int yr, Span<float> coef, Span<double> sums, float[]? acc) where TP : struct, IRowPass
        {
            int c = 0;
            if (Vector512.IsHardwareAccelerated) c = Pass<Float16, TP>(pass, c, xr, gr, yr, coef, sums, acc);
            if (Vector256.IsHardwareAccelerated) c = Pass<Float8, TP>(pass, c, xr, gr, yr, coef, sums, acc);
            Pass<Float1, TP>(pass, c, xr, gr, yr, coef, sums, acc);
        }

        private int Pass<TV, TP>(TP pass, int c, int xr, int gr, int yr, Span<float> coef, Span<double> sums, float[]? acc)
            where TV : unmanaged, IFloatLanes<TV> where TP : struct, IRowPass
        {
            int w = TV.Count, d = _d, k = _order + 1;
            if (c + w > d) return c;
            Span<TV> s = stackalloc TV[k];
            s.Clear();
            Span<TV> scal = stackalloc TV[2 * k];
            for (int j = 0; j < 2 * k; j++) scal[j] = (TV)coef[j];
            ref float px = ref MemoryMarshal.GetArrayDataReference(x);
            ref float pg = ref (g == null ? ref px : ref MemoryMarshal.GetArrayDataReference(g));
            ref float pt = ref MemoryMarshal.GetArrayDataReference(table);
            ref float po = ref MemoryMarshal.GetArrayDataReference(output);
            ref float pa = ref (acc == null ? ref px : ref MemoryMarshal.GetArrayDataReference(acc));
            for (; c + w <= d; c += w)
            {
                var xv = TV.Load(ref Unsafe.Add(ref px, xr + c), 0);
                var gv = g == null ? default : TV.Load(ref Unsafe.Add(ref pg, gr + c), 0);
                pass.Step<TV>(xv, gv, ref Unsafe.Add(ref pt, c), d, scal, s, ref Unsafe.Add(ref pa, c), ref Unsafe.Add(ref po, yr + c));
            }
            if (!sums.IsEmpty)
                for (int j = 0; j < k; j++) sums[j] += TV.Sum(s[j]);
            return c;
        }
    }

    /// <summary>One vector step of a row pass.</summary>
    private interface IRowPass
    {
        /// <param name="x">Input lanes.</param>
        /// <param name="g">Output-gradient lanes (backward).</param>
        /// <param name="table">Coefficient table at this channel; row j at offset j·<paramref name="stride"/>.</param>
        /// <param name="stride">Channels.</param>
        /// <param name="scal">Row scalars: [0..k) the ρᵢ, [k..2k) the κᵢ = ρᵢ³dᵢ/C.</param>
        /// <param name="sums">Lane sums to accumulate.</param>
        /// <param name="acc">Parameter-gradient accumulator at this channel (row j at j·stride).</param>
        /// <param name="output">Output at this position.</param>
        void Step<TV>(TV x, TV g, ref float table, int stride, ReadOnlySpan<TV> scal, Span<TV> sums, ref float acc, ref float output)
            where TV : unmanaged, IFloatLanes<TV>;
    }

    /// <summary>sums[i] += (xⁱ)².</summary>
    private readonly struct SumSquares(int order) : IRowPass
    {
        public void Step<TV>(TV x, TV g, ref float table, int stride, ReadOnlySpan<TV> scal, Span<TV> sums, ref float acc, ref float output)
            where TV : unmanaged, IFloatLanes<TV>
        {
            var p = x;
            for (int i = 1; i <= order; i++)
            {
                sums[i] = TV.Fma(p, p, sums[i]);
                p *= x;
            }
        }
    }

    /// <summary>y = a₀ + Σ aᵢ·ρᵢ·xⁱ.</summary>
    private readonly struct Output(int order) : IRowPass
    {
        public void Step<TV>(TV x, TV g, ref float table, int stride, ReadOnlySpan<TV> scal, Span<TV> sums, ref float acc, ref float output)
            where TV : unmanaged, IFloatLanes<TV>
        {
            var y = TV.Load(ref table, 0);
            var p = x;
            for (int i = 1; i <= order; i++)
            {
                y = TV.Fma(TV.Load(ref Unsafe.Add(ref table, i * stride), 0) * scal[i], p, y);
                p *= x;
            }
            TV.Store(y, ref output, 0);
        }
    }

    /// <summary>sums[i] += g·aᵢ·xⁱ; acc row 0 += g, row i += g·ρᵢ·xⁱ.</summary>
    private readonly struct Dots(int order) : IRowPass
    {
        public void Step<TV>(TV x, TV g, ref float table, int stride, ReadOnlySpan<TV> scal, Span<TV> sums, ref float acc, ref float output)
            where TV : unmanaged, IFloatLanes<TV>
        {
            TV.Store(TV.Load(ref acc, 0) + g, ref acc, 0);
            var p = x;
            for (int i = 1; i <= order; i++)
            {
                var gp = g * p;
                sums[i] = TV.Fma(gp, TV.Load(ref Unsafe.Add(ref table, i * stride), 0), sums[i]);
                ref float ai = ref Unsafe.Add(ref acc, i * stride);
                TV.Store(TV.Fma(gp, scal[i], TV.Load(ref ai, 0)), ref ai, 0);
                p *= x;
            }
        }
    }

    /// <summary>dx = Σ i·xⁱ⁻¹·(ρᵢ·g·aᵢ − κᵢ·xⁱ).</summary>
    private readonly struct InputGrad(int order) : IRowPass
    {
        public void Step<TV>(TV x, TV g, ref float table, int stride, ReadOnlySpan<TV> scal, Span<TV> sums, ref float acc, ref float output)
            where TV : unmanaged, IFloatLanes<TV>
        {
            int k = order + 1;
            TV dx = default, prev = (TV)1f;
            for (int i = 1; i <= order; i++)
            {
                var p = prev * x;
                var inner = scal[i] * g * TV.Load(ref Unsafe.Add(ref table, i * stride), 0) - scal[k + i] * p;
                dx = TV.Fma((TV)i * prev, inner, dx);
                prev = p;
            }
            TV.Store(dx, ref output, 0);
        }
    }
}
