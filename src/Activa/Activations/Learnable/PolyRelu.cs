using System.Runtime.CompilerServices;

using Activa.Kernels;

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
        Aliases = ["poly-relu"],
        Family = "polynomial",
        Lower = 0,
        Parameters =
        [
            new("order", 3, "polynomial order r (1 to 8)"),
            .. OptionReader.SharingParameters(ParameterSharing.Layer),
        ],
    };

    /// <summary>Coefficients a₁ … a_r per set [Groups, r].</summary>
    public Tensor Weight { get; }
    /// <summary>Constant term a₀ per set [Groups].</summary>
    public Tensor Bias { get; }
    /// <summary>Order r.</summary>
    public int Order { get; }

    /// <summary>Creates the activation from options (see <see cref="Info"/>).</summary>
    public PolyRelu(int channels, ActivationOptions options)
        : this(channels, Read(options ?? ActivationOptions.None, channels)) { }

    /// <summary>Creates the activation.</summary>
    /// <exception cref="ArgumentException">Order out of [1, 8] or bad sharing.</exception>
    public PolyRelu(int channels, int order = 3, ParameterSharing sharing = ParameterSharing.Layer, int groups = 1)
        : this(channels, Check(channels, order, sharing, groups)) { }

    private PolyRelu(int channels, (int Order, ParameterSharing Sharing, int Groups) s) : base(channels, s.Sharing, s.Groups)
    {
        Order = s.Order;
        Weight = RegisterParameter("weight", Tensor.Full([Groups, Order], 1f / Order));
        Bias = RegisterParameter("bias", Tensor.Zeros(Groups));
    }

    private static (int, ParameterSharing, int) Read(ActivationOptions o, int channels) =>
        Check(channels, OptionReader.Int(o, Info, "order", 1, MaxOrder), OptionReader.Sharing(Info, o), OptionReader.Groups(Info, o));

    private static (int, ParameterSharing, int) Check(int channels, int order, ParameterSharing sharing, int groups)
    {
        if (order < 1 || order > MaxOrder) throw new ArgumentException($"polyrelu: 'order' must be in [1, {MaxOrder}], got {order}.", nameof(order));
        OptionReader.CheckSharing("polyrelu", channels, sharing, groups);
        return (order, sharing, groups);
    }

    /// <inheritdoc/>
    public override ActivationInfo Describe() => Info;

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
        CheckInput(input);
        var x = input.Contiguous();
        int cT = Groups == 1 ? 1 : Channels, k = Order + 1;
        var layout = Groups == 1 ? ChannelLayout.Flat(x.Numel) : ChannelLayout.Of(x);
        // Table rows: a₀ (bias), a₁ … a_r.
        var w = Weight.ToArray();
        var b = Bias.ToArray();
        var table = new float[k * cT];
        for (int c = 0; c < cT; c++)
        {
            int s = cT == 1 ? 0 : SetOf(c);
            table[c] = b[s];
            for (int i = 1; i <= Order; i++) table[i * cT + c] = w[s * Order + i - 1];
        }
        var y = Tensor.Empty(x.Dims);
        var op = new PolyReluOp(Order, false);
        ChannelKernel.Run(op, layout, x.Storage, x.Offset, x.Storage, x.Offset, y.Storage, 0, table, null);
        return Tensor.Record(y, "polyrelu", [input, Weight, Bias], g =>
        {
            var gc = g.Contiguous();
            var gx = input.RequiresGrad ? Tensor.Empty(x.Dims) : null;
            var perChannel = new double[k * cT];
            ChannelKernel.Run(op with { Backward = true }, layout, x.Storage, x.Offset, gc.Storage, gc.Offset, gx?.Storage, 0, table, perChannel);
            var sets = ChannelKernel.ToSets(perChannel, k, cT, c => cT == 1 ? 0 : SetOf(c), Groups);
            var gw = new float[Groups * Order];
            var gb = new float[Groups];
            for (int s = 0; s < Groups; s++)
            {
                gb[s] = sets[s * k];
                for (int i = 1; i <= Order; i++) gw[s * Order + i - 1] = sets[s * k + i];
            }
            return [gx, Tensor.FromArray(gw, Groups, Order), Tensor.FromArray(gb, Groups)];
        });
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"channels={Channels}, order={Order}, sharing={Sharing}" + (Sharing == ParameterSharing.Group ? $", groups={Groups}" : "");

    /// <summary>Horner in u = max(x, 0) over coefficients a₀..a_r; backward reduces uⁱ·g.</summary>
    private readonly record struct PolyReluOp(int Order, bool Backward) : IChannelOp
    {
        public int Coefficients => Order + 1;
        public int Reductions => Backward ? Order + 1 : 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Apply<TV>(TV x, TV g, ReadOnlySpan<TV> c, Span<TV> acc) where TV : unmanaged, IFloatLanes<TV>
        {
            var u = TV.MaxNative(x, default);
            TV y = c[Order], dy = default;
            for (int i = Order - 1; i >= 0; i--)
            {
                if (Backward) dy = TV.Fma(dy, u, y);
                y = TV.Fma(y, u, c[i]);
            }
            if (!Backward) return y;
            TV pw = (TV)1f;
            for (int i = 0; i <= Order; i++)
            {
                acc[i] = TV.Fma(g, pw, acc[i]);
                pw *= u;
            }
            return g * dy * LearnableMath.Step(x);
        }
    }
}
