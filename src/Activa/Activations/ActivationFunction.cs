using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// A fixed activation <typeparamref name="TOp"/> with its hyper-parameters bound: the generic wrapper that
/// the registry hands out. The JIT specialises it per operator struct, so calls cost no dispatch.
/// </summary>
public sealed class ActivationFunction<TOp> : IActivation, ILanePaths, Kernels.IGateKernelSource where TOp : struct, IFixedActivation<TOp>
{
    private readonly TOp _op;
    private Kernels.GateKernel? _gateKernel;

    /// <inheritdoc/>
    Kernels.GateKernel Kernels.IGateKernelSource.GateKernel => _gateKernel ??= new Kernels.GateKernel<TOp>(_op);

    /// <summary>Binds <paramref name="options"/> (validated against the catalogue entry).</summary>
    public ActivationFunction(ActivationOptions? options = null)
    {
        options ??= ActivationOptions.None;
        options.Validate(TOp.Info);
        _op = TOp.Create(options);
        Spec = options.Names.Any() ? $"{TOp.Info.Name}({options})" : TOp.Info.Name;
    }

    /// <summary>The operator struct.</summary>
    public TOp Op => _op;

    /// <inheritdoc/>
    public ActivationInfo Info => TOp.Info;

    /// <inheritdoc/>
    public string Spec { get; }

    /// <inheritdoc/>
    public Tensor Forward(Tensor x, bool training = false, bool inPlace = false) =>
        inPlace ? x.ApplyInPlace(_op, TOp.Info.Name, TOp.Uses) : x.Apply(_op, TOp.Info.Name, TOp.Uses);

    /// <inheritdoc/>
    public float Value(float x) => _op.Forward(x);

    /// <inheritdoc/>
    public float Derivative(float x)
    {
        float y = _op.Forward(x);
        return TOp.Uses switch
        {
            DerivativeInput.Input => _op.Derivative(x, x),
            DerivativeInput.Output => _op.Derivative(y, y),
            _ => _op.Derivative(x, y),
        };
    }

    /// <inheritdoc/>
    public double Reference(double x) => _op.Reference(x);

    /// <summary>Forward over a span using lanes of <paramref name="width"/> (16, 8 or 1) then scalar tail: lets tests compare paths.</summary>
    public void ForwardLanes(ReadOnlySpan<float> x, Span<float> y, int width)
    {
        int i = 0;
        if (width == 16)
            for (; i <= x.Length - 16; i += 16) _op.Forward(Vector512.Create(x.Slice(i, 16))).CopyTo(y.Slice(i, 16));
        if (width == 8)
            for (; i <= x.Length - 8; i += 8) _op.Forward(Vector256.Create(x.Slice(i, 8))).CopyTo(y.Slice(i, 8));
        for (; i < x.Length; i++) y[i] = _op.Forward(x[i]);
    }

    /// <summary>f'(x) over a span using lanes of <paramref name="width"/> (16, 8 or 1), given y = f(x).</summary>
    /// <remarks>As in backward, only the tensor named by <see cref="IFixedActivation{TSelf}.Uses"/> is passed (in both slots).</remarks>
    public void DerivativeLanes(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d, int width)
    {
        if (TOp.Uses == DerivativeInput.Input) y = x;
        else if (TOp.Uses == DerivativeInput.Output) x = y;
        int i = 0;
        if (width == 16)
            for (; i <= x.Length - 16; i += 16) _op.Derivative(Vector512.Create(x.Slice(i, 16)), Vector512.Create(y.Slice(i, 16))).CopyTo(d.Slice(i, 16));
        if (width == 8)
            for (; i <= x.Length - 8; i += 8) _op.Derivative(Vector256.Create(x.Slice(i, 8)), Vector256.Create(y.Slice(i, 8))).CopyTo(d.Slice(i, 8));
        for (; i < x.Length; i++) d[i] = _op.Derivative(x[i], y[i]);
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
