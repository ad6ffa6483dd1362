using System.Runtime.InteropServices;

namespace Activa.Activations;

/// <summary>
/// A fixed activation <typeparamref name="TOp"/> with its hyper-parameters bound: the generic wrapper that
/// the registry hands out. The JIT specialises it per operator struct, so calls cost no dispatch.
/// </summary>
public sealed class ActivationFunction<TOp> : IActivation, ILanePaths, Kernels.IGateKernelSource, Kernels.IEpilogueSource
    where TOp : struct, IFixedActivation<TOp>
{
    private readonly TOp _op;
    private Kernels.GateKernel? _gateKernel;
    private Kernels.EpilogueKernel? _epilogueKernel;

    /// <inheritdoc/>
    Kernels.GateKernel Kernels.IGateKernelSource.GateKernel => _gateKernel ??= new Kernels.GateKernel<TOp>(_op);

    /// <inheritdoc/>
    Kernels.EpilogueKernel Kernels.IEpilogueSource.EpilogueKernel => _epilogueKernel ??= new Kernels.EpilogueKernel<TOp>(_op, TOp.Uses);

    /// <summary>Binds <paramref name="options"/> (validated against the catalogue entry).</summary>
    public ActivationFunction(ActivationOptions? options = null) : this(options ?? ActivationOptions.None, TOp.Info, null) { }

    /// <summary>Specialisation <paramref name="special"/> of this activation: its parameters fixed, its own name and entry.</summary>
    internal ActivationFunction(Specialisation special) : this(special.Options(), special.Info, special.Info.Name) { }

    private ActivationFunction(ActivationOptions options, ActivationInfo info, string? spec)
    {
        options.Validate(TOp.Info);
        _op = TOp.Create(options);
        Info = info;
        Spec = spec ?? (options.Names.Any() ? $"{info.Name}({options})" : info.Name);
    }

    /// <summary>The operator struct.</summary>
    public TOp Op => _op;

    /// <inheritdoc/>
    public ActivationInfo Info { get; }

    /// <inheritdoc/>
    public string Spec { get; }

    /// <inheritdoc/>
    public Tensor Forward(Tensor x, bool training = false, bool inPlace = false) =>
        inPlace ? x.ApplyInPlace(_op, Info.Name, TOp.Uses) : x.Apply(_op, Info.Name, TOp.Uses);

    /// <inheritdoc/>
    public float Value(float x) => _op.Forward<Float1>(x).V;

    /// <inheritdoc/>
    public float Derivative(float x)
    {
        Float1 fx = x, y = _op.Forward(fx);
        Float1 d = TOp.Uses switch
        {
            DerivativeInput.Input => _op.Derivative(fx, fx),
            DerivativeInput.Output => _op.Derivative(y, y),
            _ => _op.Derivative(fx, y),
        };
        return d.V;
    }

    /// <inheritdoc/>
    public double Reference(double x) => _op.Reference(x);

    /// <summary>Forward over a span using lanes of <paramref name="width"/> (16, 8 or 1) then scalar tail: lets tests compare paths.</summary>
    public void ForwardLanes(ReadOnlySpan<float> x, Span<float> y, int width)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint i = 0, n = (nuint)x.Length;
        if (width == 16) i = Elementwise.ForwardLanes<TOp, Float16>(_op, ref px, ref py, i, n);
        if (width == 8) i = Elementwise.ForwardLanes<TOp, Float8>(_op, ref px, ref py, i, n);
        Elementwise.ForwardLanes<TOp, Float1>(_op, ref px, ref py, i, n);
    }

    /// <summary>f'(x) over a span using lanes of <paramref name="width"/> (16, 8 or 1), given y = f(x).</summary>
    /// <remarks>As in backward, only the tensor named by <see cref="IFixedActivation{TSelf}.Uses"/> is passed (in both slots).</remarks>
    public void DerivativeLanes(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d, int width)
    {
        if (TOp.Uses == DerivativeInput.Input) y = x;
        else if (TOp.Uses == DerivativeInput.Output) x = y;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pd = ref MemoryMarshal.GetReference(d);
        nuint i = 0, n = (nuint)x.Length;
        if (width == 16) i = Lanes<Float16>(_op, ref px, ref py, ref pd, i, n);
        if (width == 8) i = Lanes<Float8>(_op, ref px, ref py, ref pd, i, n);
        Lanes<Float1>(_op, ref px, ref py, ref pd, i, n);

        static nuint Lanes<TV>(TOp op, ref float x, ref float y, ref float d, nuint i, nuint n) where TV : struct, IFloatLanes<TV>
        {
            for (nuint w = (nuint)TV.Count; i + w <= n; i += w) TV.Store(op.Derivative(TV.Load(ref x, i), TV.Load(ref y, i)), ref d, i);
            return i;
        }
    }
}

/// <summary>Explicit lane widths, so that tests can compare the 512-bit, 256-bit and scalar paths.</summary>
internal interface ILanePaths
{
    /// <summary>y = f(x) with lanes of 16, 8 or 1.</summary>
    void ForwardLanes(ReadOnlySpan<float> x, Span<float> y, int width);
    /// <summary>f'(x) with lanes of 16, 8 or 1.</summary>
    void DerivativeLanes(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d, int width);
}
