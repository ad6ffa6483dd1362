namespace Activa.Activations.Learnable;

/// <summary>
/// PolyReLU, a polynomial composition activation: f(x) = Σ_{i=1..r} aᵢ·ReLU(x)ⁱ + a₀, order r = 3 by default,
/// aᵢ initialised to 1/r and the bias a₀ to 0, so f starts as (u + u² + u³)/3 with u = max(x, 0).
/// Zhuo, Wang, Zeng, Li, Zhou &amp; Ma, "Polynomial Composition Activations: Unleashing the Dynamics of Large Language
/// Models", ICLR 2025.
/// </summary>
/// <remarks>
/// Parameters: <see cref="Weight"/> [Groups, r] with column i − 1 multiplying ReLU(x)ⁱ, and <see cref="Bias"/> [Groups]
/// (a₀). One set per layer by default, as in the paper. Forward is one fused Horner pass in u; backward one fused
/// pass giving f′(x) = [x &gt; 0]·Σ i·aᵢ·uⁱ⁻¹ and reducing ∂f/∂aᵢ = uⁱ, ∂f/∂a₀ = 1 per set.
/// </remarks>
public sealed class PolyRelu : LearnableActivation
{
    /// <summary>Largest supported order.</summary>
    public const int MaxOrder = 8;

    /// <summary>Catalogue entry.</summary>
    public static ActivationInfo Info { get; } = new("polyrelu", "Σ_{i=1..r} aᵢ·ReLU(x)ⁱ + a₀ (r = 3, aᵢ = 1/3, a₀ = 0 at init)",
        "Zhuo, Wang, Zeng, Li, Zhou & Ma, Polynomial Composition Activations: Unleashing the Dynamics of Large Language Models, ICLR", 2025,
        ActivationProperties.Monotone | ActivationProperties.Sparse)
    {
        Aliases = ["poly-relu"], Family = "polynomial", Lower = 0,
        Parameters = [new("order", 3, "polynomial order r (1 to 8)", ParameterRange.Integers(1, MaxOrder)), .. OptionReader.LayerSharing],
    };

    /// <summary>Coefficients a₁ … a_r per set [Groups, r].</summary>
    public Tensor Weight { get; }
    /// <summary>Constant term a₀ per set [Groups].</summary>
    public Tensor Bias { get; }
    /// <summary>Order r.</summary>
    public int Order { get; }

    /// <summary>Creates the activation from options (see <see cref="Info"/>).</summary>
    public PolyRelu(int channels, ActivationOptions options) : base(channels, Info, options)
    {
        Order = (int)(options ?? ActivationOptions.None).Get(Info, "order");
        Weight = RegisterParameter("weight", Tensor.Full([Groups, Order], 1f / Order));
        Bias = RegisterParameter("bias", Tensor.Zeros(Groups));
    }

    /// <summary>Creates the activation.</summary>
    /// <exception cref="ArgumentException">Order out of [1, 8] or bad sharing.</exception>
    public PolyRelu(int channels, int order = 3, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, OptionReader.Make(sharing, groups, ("order", order))) { }

    /// <inheritdoc/>
    public override double Evaluate(double x, int set = 0)
    {
        var w = Weight.ToArray();
        double u = Math.Max(x, 0), y = 0;
        for (int i = Order; i >= 1; i--) y = (y + w[set * Order + i - 1]) * u;
        return y + Bias.ToArray()[set];
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        return Order switch
        {
            1 => Apply<PolyReluKernel<Count1>>(input),
            2 => Apply<PolyReluKernel<Count2>>(input),
            3 => Apply<PolyReluKernel<Count3>>(input),
            4 => Apply<PolyReluKernel<Count4>>(input),
            5 => Apply<PolyReluKernel<Count5>>(input),
            6 => Apply<PolyReluKernel<Count6>>(input),
            7 => Apply<PolyReluKernel<Count7>>(input),
            _ => Apply<PolyReluKernel<Count8>>(input),
        };
    }

    /// <summary>Runs the kernel of this order: coefficients a₀ (bias), a₁ … a_r per set.</summary>
    private Tensor Apply<TOp>(Tensor input) where TOp : struct, ISetKernel
    {
        int k = Order + 1;
        var w = Weight.ToArray();
        var b = Bias.ToArray();
        var coef = new float[Groups * k];
        for (int s = 0; s < Groups; s++)
        {
            coef[s * k] = b[s];
            for (int i = 1; i <= Order; i++) coef[s * k + i] = w[s * Order + i - 1];
        }
        return Apply<TOp>(input, coef, [Weight, Bias], sums =>
            [SetKernel.Gradients(sums, Groups, k, 1, Order), SetKernel.Gradient(sums, k, 0, _ => 1)]);
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, order={Order}, {SharingRepr()}";
}

/// <summary>PolyReLU of order r = TOrder: Horner in u = max(x, 0) over C0 = a₀ … Cr = a_r; Gᵢ = Σ g·uⁱ.</summary>
internal readonly struct PolyReluKernel<TOrder> : ISetKernel where TOrder : struct, ICount
{
    public static int CoefficientCount => TOrder.Value + 1;
    public static int GradientCount => TOrder.Value + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>
    {
        var u = TV.MaxNative(x, default);
        TV y = c.Get(TOrder.Value);
        for (int i = TOrder.Value - 1; i >= 0; i--) y = TV.Fma(y, u, c.Get(i));
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        var u = TV.MaxNative(x, default);
        TV y = c.Get(TOrder.Value), dy = default;
        for (int i = TOrder.Value - 1; i >= 0; i--)
        {
            dy = TV.Fma(dy, u, y);
            y = TV.Fma(y, u, c.Get(i));
        }
        TV pw = 1f;
        for (int i = 0; i <= TOrder.Value; i++)
        {
            acc.Fma(i, g, pw);
            pw *= u;
        }
        return g * dy * LearnableMath.Step(x);
    }
}
