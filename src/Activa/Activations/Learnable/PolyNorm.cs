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
/// <para>Kernels run on <see cref="SetKernel"/>'s row plan (one set per row and parameter set, so per-set sums are row
/// statistics). Forward: one pass for the r sums of squares and one fused pass for the output. Backward: one pass for
/// the dot products Σ g·aᵢ·xⁱ (and the parameter gradients), one for the input gradient
/// ∂f/∂x = Σᵢ i·xⁱ⁻¹·(ρᵢ·g·aᵢ − ρᵢ³·xⁱ·dᵢ/C), ρᵢ = 1/√(mean(x²ⁱ) + ε). Sums are added in a fixed order (deterministic). Powers are computed in float:
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
        Aliases = ["poly-norm"], Family = "polynomial",
        Parameters = [new("order", 3, "polynomial order r (1 to 6)", ParameterRange.Integers(1, MaxOrder)),
            new("eps", 1e-6, "ε added to the mean square of each power", ParameterRange.Positive), .. OptionReader.LayerSharing],
    };

    /// <summary>Coefficients a₁ … a_r per set [Groups, r].</summary>
    public Tensor Weight { get; }
    /// <summary>Constant term a₀ per set [Groups].</summary>
    public Tensor Bias { get; }
    /// <summary>Order r.</summary>
    public int Order { get; }
    /// <summary>ε.</summary>
    public double Eps { get; }

    /// <summary>Creates the activation from options (see <see cref="Info"/>).</summary>
    public PolyNorm(int channels, ActivationOptions options) : base(channels, Info, options)
    {
        Order = (int)(options ?? ActivationOptions.None).Get(Info, "order");
        Eps = (options ?? ActivationOptions.None).Get(Info, "eps");
        Weight = RegisterParameter("weight", Tensor.Full([Groups, Order], 1f / Order));
        Bias = RegisterParameter("bias", Tensor.Zeros(Groups));
    }

    /// <summary>Creates the activation for inputs [..., <paramref name="channels"/>].</summary>
    /// <exception cref="ArgumentException">Order out of [1, 6], ε not positive, or bad sharing.</exception>
    public PolyNorm(int channels, int order = 3, double eps = 1e-6, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("order", order), ("eps", eps))) { }

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
        return Order switch
        {
            1 => Run<Count1>(input),
            2 => Run<Count2>(input),
            3 => Run<Count3>(input),
            4 => Run<Count4>(input),
            5 => Run<Count5>(input),
            _ => Run<Count6>(input),
        };
    }

    /// <summary>
    /// The row plan: the tensor as rows·C channels with one set per (row, parameter set), so that per-set sums are
    /// per-row statistics; the passes are kernels of order <typeparamref name="TOrder"/> on the one engine.
    /// </summary>
    private Tensor Run<TOrder>(Tensor input) where TOrder : struct, ICount
    {
        var x = input.Contiguous();
        int d = Channels, r = Order, rows = Math.Max(1, x.Numel / d), sets = rows * Groups;
        var plan = SetPlan.Make(x.Numel, rows * d, sets, [1, rows * d]);
        var w = Weight.ToArray();
        var b = Bias.ToArray();
        // ρᵢ = 1/√(mean((xⁱ)²) + ε) per row, from the per-(row, set) sums added in set order.
        var squares = SetKernel.Backward<PowerSquares<TOrder>>(plan, x.Storage, x.Offset, x.Storage, x.Offset, null, []);
        var rho = new double[rows * r];
        for (int row = 0; row < rows; row++)
            for (int i = 0; i < r; i++)
            {
                double ss = 0;
                for (int s = 0; s < Groups; s++) ss += squares[(row * Groups + s) * r + i];
                rho[row * r + i] = 1 / Math.Sqrt(ss / d + Eps);
            }
        // Per (row, set): a₀, aᵢ·ρᵢ (forward); aᵢ, ρᵢ, κᵢ = ρᵢ³dᵢ/C (backward).
        var coef = new float[sets * (r + 1)];
        var bcoef = new float[sets * 3 * r];
        for (int q = 0; q < sets; q++)
        {
            int row = q / Groups, s = q % Groups;
            coef[q * (r + 1)] = b[s];
            for (int i = 0; i < r; i++)
            {
                coef[q * (r + 1) + 1 + i] = w[s * r + i] * (float)rho[row * r + i];
                bcoef[q * 3 * r + i] = w[s * r + i];
                bcoef[q * 3 * r + r + i] = (float)rho[row * r + i];
            }
        }
        var y = Tensor.Empty(x.Dims);
        SetKernel.Forward<PolyNormOutput<TOrder>>(plan, x.Storage, x.Offset, y.Storage, coef);
        return Tensor.Record(y, "polynorm", [input, Weight, Bias], g =>
        {
            var gc = g.Contiguous();
            var gx = Tensor.Empty(x.Dims);
            int m = 2 * r + 1;
            var sums = SetKernel.Backward<PolyNormDots<TOrder>>(plan, x.Storage, x.Offset, gc.Storage, gc.Offset, null, bcoef);
            var gw = new double[Groups * r];
            var gb = new double[Groups];
            for (int row = 0; row < rows; row++)
                for (int i = 0; i < r; i++)
                {
                    double dot = 0;
                    for (int s = 0; s < Groups; s++) dot += sums[(row * Groups + s) * m + 1 + r + i];
                    double rh = rho[row * r + i];
                    for (int s = 0; s < Groups; s++) bcoef[(row * Groups + s) * 3 * r + 2 * r + i] = (float)(rh * rh * rh * dot / d);
                }
            for (int q = 0; q < sets; q++)
            {
                gb[q % Groups] += sums[q * m];
                for (int i = 0; i < r; i++) gw[q % Groups * r + i] += sums[q * m + 1 + i];
            }
            SetKernel.Backward<PolyNormInputGrad<TOrder>>(plan, x.Storage, x.Offset, gc.Storage, gc.Offset, gx.Storage, bcoef);
            return [input.RequiresGrad ? gx : null, Tensor.FromArray([.. gw.Select(v => (float)v)], Groups, r), Tensor.FromArray([.. gb.Select(v => (float)v)], Groups)];
        });
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, order={Order}, eps={Eps}, {SharingRepr()}";
}

/// <summary>Gᵢ₋₁ = Σ (xⁱ)², i = 1..r (stores nothing).</summary>
internal readonly struct PowerSquares<TOrder> : IReductionKernel where TOrder : struct, ICount
{
    public static int CoefficientCount => 0;
    public static int GradientCount => TOrder.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var p = x;
        for (int i = 0; i < TOrder.Value; i++)
        {
            acc.Fma(i, p, p);
            p *= x;
        }
        return x;
    }
}

/// <summary>y = C0 + Σ Cᵢ·xⁱ with C0 = a₀, Cᵢ = aᵢ·ρᵢ.</summary>
internal readonly struct PolyNormOutput<TOrder> : ISetKernel where TOrder : struct, ICount
{
    public static int CoefficientCount => TOrder.Value + 1;
    public static int GradientCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>
    {
        var y = c.C0;
        var p = x;
        for (int i = 1; i <= TOrder.Value; i++)
        {
            y = TV.Fma(c.Get(i), p, y);
            p *= x;
        }
        return y;
    }

    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV> => Forward(x, c);
}

/// <summary>
/// C: a₁..a_r, ρ₁..ρ_r (then the κᵢ of <see cref="PolyNormInputGrad{TOrder}"/>'s table, unread). G0 = Σ g,
/// Gᵢ = Σ g·ρᵢ·xⁱ (parameter gradients), G(r+i) = Σ g·aᵢ·xⁱ (the row's dots dᵢ).
/// </summary>
internal readonly struct PolyNormDots<TOrder> : IReductionKernel where TOrder : struct, ICount
{
    public static int CoefficientCount => 3 * TOrder.Value;
    public static int GradientCount => 2 * TOrder.Value + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        int r = TOrder.Value;
        acc.G0 += g;
        var p = x;
        for (int i = 1; i <= r; i++)
        {
            var gp = g * p;
            acc.Fma(r + i, gp, c.Get(i - 1));
            acc.Fma(i, gp, c.Get(r + i - 1));
            p *= x;
        }
        return g;
    }
}

/// <summary>C: a₁..a_r, ρ₁..ρ_r, κ₁..κ_r (κᵢ = ρᵢ³dᵢ/C). dx = Σ i·xⁱ⁻¹·(ρᵢ·g·aᵢ − κᵢ·xⁱ).</summary>
internal readonly struct PolyNormInputGrad<TOrder> : IReductionKernel where TOrder : struct, ICount
{
    public static int CoefficientCount => 3 * TOrder.Value;
    public static int GradientCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        int r = TOrder.Value;
        TV dx = default, prev = 1f;
        for (int i = 1; i <= r; i++)
        {
            var p = prev * x;
            var inner = c.Get(r + i - 1) * g * c.Get(i - 1) - c.Get(2 * r + i - 1) * p;
            dx = TV.Fma((TV)(float)i * prev, inner, dx);
            prev = p;
        }
        return dx;
    }
}
