using Activa.Nn;

namespace Activa.Activations.Learnable;

/// <summary>
/// Base of the learnable activations: a module whose parameters shape the nonlinearity, shared per layer,
/// per channel (dimension 1 of the input) or per group of channels. Subclasses implement a fused forward and
/// a fused backward that also reduces the parameter gradients in the same pass, expose their catalogue entry
/// (<c>public static ActivationInfo Info</c>) and a constructor <c>(int channels, ActivationOptions options)</c>,
/// which lets <see cref="LearnableActivations"/> find and create them by name.
/// </summary>
public abstract class LearnableActivation : Module
{
    /// <summary>Sets up sharing over <paramref name="channels"/> channels.</summary>
    /// <exception cref="ArgumentException">Invalid channel or group count.</exception>
    protected LearnableActivation(int channels, ParameterSharing sharing, int groups = 1)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), $"{GetType().Name}: channels must be positive, got {channels}.");
        if (sharing == ParameterSharing.Group && (groups < 1 || channels % groups != 0))
            throw new ArgumentException($"{GetType().Name}: {groups} groups do not divide {channels} channels.");
        Channels = channels;
        Sharing = sharing;
        Groups = sharing switch { ParameterSharing.Layer => 1, ParameterSharing.Channel => channels, _ => groups };
    }

    /// <summary>
    /// Sets up the activation described by <paramref name="info"/> from registry options: checks every option against
    /// its declared range (the error names the parameter) and reads the sharing ("sharing", "groups").
    /// </summary>
    /// <exception cref="ArgumentException">A bad option, channel or group count.</exception>
    protected LearnableActivation(int channels, ActivationInfo info, ActivationOptions? options)
        : this(channels, OptionReader.Sharing(info, options)) => _info = info;

    private LearnableActivation(int channels, (ParameterSharing Sharing, int Groups) s) : this(channels, s.Sharing, s.Groups) { }

    private readonly ActivationInfo? _info;

    /// <summary>Channels of the input (size of dimension 1).</summary>
    public int Channels { get; }
    /// <summary>Sharing mode.</summary>
    public ParameterSharing Sharing { get; }
    /// <summary>Number of parameter sets: 1 (layer), the channel count (channel) or the group count.</summary>
    public int Groups { get; }

    /// <summary>The catalogue entry of this activation (the one given to the options constructor, unless overridden).</summary>
    public virtual ActivationInfo Describe() => _info ?? throw new InvalidOperationException($"{GetType().Name} does not describe itself.");

    /// <summary>
    /// f(x) with the current parameters of parameter set <paramref name="set"/>, in double, without autograd:
    /// used to plot the learned shape.
    /// </summary>
    public abstract double Evaluate(double x, int set = 0);

    /// <summary>The parameter set used by channel <paramref name="channel"/>.</summary>
    public int SetOf(int channel) => Sharing switch
    {
        ParameterSharing.Layer => 0,
        ParameterSharing.Channel => channel,
        _ => channel / (Channels / Groups),
    };

    /// <summary>Registers parameter <paramref name="name"/> with one value per set [Groups], each <paramref name="init"/>.</summary>
    private protected Tensor PerSet(string name, float init) => RegisterParameter(name, Tensor.Full([Groups], init));

    /// <summary>Checks that <paramref name="input"/> has <see cref="Channels"/> channels in dimension 1.</summary>
    protected void CheckInput(Tensor input)
    {
        if (input.Rank < 2 || input.Shape[1] != Channels)
            throw new ShapeMismatchException(Describe().Name, $"expects [N, {Channels}, ...], got {Shape.Format(input.Shape)}");
    }

    /// <summary>
    /// Checks the input and runs set kernel <typeparamref name="TKernel"/> with per-set coefficients <paramref name="coef"/>,
    /// recording the fused backward whose per-set sums <paramref name="gradients"/> turns into the gradients of
    /// <paramref name="parameters"/>.
    /// </summary>
    internal Tensor Apply<TKernel>(Tensor input, float[] coef, Tensor[] parameters, Func<double[], Tensor?[]>? gradients)
        where TKernel : struct, ISetKernel
    {
        CheckInput(input);
        return SetKernel.Apply<TKernel>(Describe().Name, input, Channels, Groups, coef, parameters, gradients);
    }

    /// <summary>
    /// This step's kernel call (coefficients, parameters, gradient map) for an activation written on one set kernel that
    /// can run inside the GEMM of a Linear layer before it; null for the others. <see cref="FusesAfterLinear"/> says which
    /// without building one.
    /// </summary>
    internal virtual SetCall? Call() => null;

    /// <summary>Whether <see cref="Call"/> gives a call: the activation can be fused with a Linear layer before it.</summary>
    internal virtual bool FusesAfterLinear => false;

    /// <summary>
    /// f(x·Wᵀ + b) as one op, the activation's channels being the Linear's output features: its kernel applied to each tile
    /// of the GEMM's output, its parameter gradients reduced in the backward prologue (<see cref="Functional.LinearSet{TOp}"/>).
    /// Only where <see cref="FusesAfterLinear"/>.
    /// </summary>
    internal Tensor LinearThen(Tensor x, Tensor weight, Tensor? bias) =>
        (Call() ?? throw new NotSupportedException($"{GetType().Name} does not fuse with a Linear layer.")).LinearThen(this, x, weight, bias);

    /// <summary>The activation with its current coefficients as a GEMM epilogue (a frozen copy for inference), or null.</summary>
    internal EpilogueKernel? FrozenEpilogue() => FusesAfterLinear ? Call()?.Frozen(this) : null;

    private int[]? _columnSets;

    /// <summary>The parameter set of each channel.</summary>
    internal int[] ColumnSets => _columnSets ??= [.. Enumerable.Range(0, Channels).Select(SetOf)];

    /// <summary>
    /// <see cref="LinearThen(Tensor, Tensor, Tensor?)"/> for set kernel <typeparamref name="TKernel"/> with the arguments of
    /// <see cref="Apply{TKernel}"/>. An input that is not [rows, in] (the channels would not be the output features) or a
    /// width other than <see cref="Channels"/> runs unfused, with the unfused errors.
    /// </summary>
    internal Tensor LinearThen<TKernel>(Tensor x, Tensor weight, Tensor? bias, float[] coef, Tensor[] parameters,
        Func<double[], Tensor?[]>? gradients) where TKernel : struct, ISetKernel
    {
        if (x.Rank != 2 || weight.Rank != 2 || weight.Dims[0] != Channels)
            return Apply<TKernel>(Functional.Linear(x, weight, bias), coef, parameters, gradients);
        return Functional.LinearSet<TKernel>(Describe().Name, x, weight, bias, ColumnSets, Groups, coef, parameters, gradients);
    }

    /// <summary>"sharing=Channel" and, for group sharing, ", groups=4": the sharing part of <see cref="Module.ExtraRepr"/>.</summary>
    private protected string SharingRepr() => $"sharing={Sharing}" + (Sharing == ParameterSharing.Group ? $", groups={Groups}" : "");
}
