using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Kernels;
using Activa.Nn;

namespace Activa.Models.Ctr.Scoring;

/// <summary>
/// A hidden layer's activation in evaluation mode, applied in place to row-major rows of a scoring workspace: Dice with
/// its running statistics, PReLU with its slopes (per unit), or a fixed activation through its lane kernel. The
/// coefficients are copied when the scorer is built, so the model can go on training without changing the scorer.
/// </summary>
/// <remarks>Rows are <c>stride</c> floats apart, the stride a multiple of <see cref="Width"/> ≥ the units; the padding
/// columns are computed too (with neutral coefficients) and never read by the next layer.</remarks>
internal abstract class ScoringActivation
{
    /// <summary>Applies the activation in place to <paramref name="rows"/> rows of <paramref name="stride"/> floats.</summary>
    public abstract void Apply(Span<float> data, int rows, int stride);

    /// <summary>Applies unit <paramref name="unit"/>'s activation in place to <paramref name="values"/> (a length that is a multiple of <see cref="Width"/>).</summary>
    public abstract void ApplyUnit(int unit, Span<float> values);

    /// <summary>The evaluation-mode twin of <paramref name="module"/> for <paramref name="units"/> units, padded to <paramref name="stride"/>.</summary>
    /// <exception cref="NotSupportedException">An activation the scorer does not implement (named in the message).</exception>
    public static ScoringActivation For(Module module, int units, int stride) => module switch
    {
        Dice dice => new DiceScoring(dice, units, stride),
        PRelu prelu => new PReluScoring(prelu, units, stride),
        Act { Activation: ILanePaths lanes } => new FixedScoring(lanes),
        LearnableActivation l => throw new NotSupportedException($"CTR scoring: the learnable activation '{l.Describe().Name}' is not supported (dice, prelu and fixed activations are)."),
        Act a => throw new NotSupportedException($"CTR scoring: the activation '{a.ActivationName}' has no deterministic lane kernel to score with."),
        _ => throw new NotSupportedException($"CTR scoring: a hidden layer '{module.GetType().Name}' is not an activation the scorer knows."),
    };

    /// <summary>Per-unit coefficients padded with <paramref name="pad"/> to <paramref name="stride"/>.</summary>
    protected static float[] PerUnit(int units, int stride, float pad, Func<int, float> value)
    {
        var c = new float[stride];
        for (int u = 0; u < stride; u++) c[u] = u < units ? value(u) : pad;
        return c;
    }

    /// <summary>The widest lanes this CPU accelerates (16, 8 or 1 floats); row strides are multiples of it.</summary>
    public static int Width => Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 1;
}

/// <summary>
/// An activation with per-unit coefficients: <see cref="Apply"/> and <see cref="ApplyUnit"/> pick the lane width once
/// per call and run the subclass's loops at that width.
/// </summary>
internal abstract class PerUnitScoring : ScoringActivation
{
    public sealed override void Apply(Span<float> data, int rows, int stride)
    {
        switch (Width)
        {
            case 16: Run<Float16>(data, rows, stride); break;
            case 8: Run<Float8>(data, rows, stride); break;
            default: Run<Float1>(data, rows, stride); break;
        }
    }

    public sealed override void ApplyUnit(int unit, Span<float> values)
    {
        switch (Width)
        {
            case 16: RunUnit<Float16>(unit, values); break;
            case 8: RunUnit<Float8>(unit, values); break;
            default: RunUnit<Float1>(unit, values); break;
        }
    }

    /// <summary>The activation over <paramref name="rows"/> rows at lane type <typeparamref name="TV"/>.</summary>
    protected abstract void Run<TV>(Span<float> data, int rows, int stride) where TV : struct, IFloatLanes<TV>;

    /// <summary>Unit <paramref name="unit"/>'s activation over <paramref name="values"/> at lane type <typeparamref name="TV"/>.</summary>
    protected abstract void RunUnit<TV>(int unit, Span<float> values) where TV : struct, IFloatLanes<TV>;
}

/// <summary>Dice at inference: y = x·(α + (1 − α)·σ(β·(x − μ)/√(σ² + ε))) with the running μ, σ² of each unit.</summary>
internal sealed class DiceScoring : PerUnitScoring
{
    private readonly float[] _mean, _inverseStd, _alpha, _beta;

    public DiceScoring(Dice dice, int units, int stride)
    {
        var rm = dice.RunningMean.ToArray();
        var rv = dice.RunningVar.ToArray();
        var alpha = dice.Alpha.ToArray();
        var beta = dice.Scale?.ToArray();
        // The same float rounding of 1/s as the module's evaluation forward.
        _mean = PerUnit(units, stride, 0f, u => rm[u]);
        _inverseStd = PerUnit(units, stride, 1f, u => (float)(1 / Math.Sqrt(rv[u] + dice.Eps)));
        _alpha = PerUnit(units, stride, 0f, u => alpha[dice.SetOf(u)]);
        _beta = PerUnit(units, stride, 1f, u => beta?[dice.SetOf(u)] ?? 1f);
    }

    protected override void RunUnit<TV>(int unit, Span<float> values)
    {
        ref float x = ref MemoryMarshal.GetReference(values);
        TV mean = _mean[unit], inv = _inverseStd[unit], alpha = _alpha[unit], beta = _beta[unit], gate = 1f - _alpha[unit];
        for (nuint i = 0; i < (nuint)values.Length; i += (nuint)TV.Count)
        {
            var v = TV.Load(ref x, i);
            var p = LearnableMath.Sigmoid(beta * ((v - mean) * inv));
            TV.Store(v * TV.Fma(gate, p, alpha), ref x, i);
        }
    }

    protected override void Run<TV>(Span<float> data, int rows, int stride)
    {
        ref float x = ref MemoryMarshal.GetReference(data);
        ref float mean = ref MemoryMarshal.GetArrayDataReference(_mean);
        ref float inv = ref MemoryMarshal.GetArrayDataReference(_inverseStd);
        ref float alpha = ref MemoryMarshal.GetArrayDataReference(_alpha);
        ref float beta = ref MemoryMarshal.GetArrayDataReference(_beta);
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref x, (nint)r * stride);
            for (nuint u = 0; u < (nuint)stride; u += (nuint)TV.Count)
            {
                var v = TV.Load(ref row, u);
                var a = TV.Load(ref alpha, u);
                var p = LearnableMath.Sigmoid(TV.Load(ref beta, u) * ((v - TV.Load(ref mean, u)) * TV.Load(ref inv, u)));
                TV.Store(v * TV.Fma((TV)1f - a, p, a), ref row, u);
            }
        }
    }
}

/// <summary>PReLU at inference: y = x for x &gt; 0, a·x otherwise, with each unit's slope a.</summary>
internal sealed class PReluScoring : PerUnitScoring
{
    private readonly float[] _slope;

    public PReluScoring(PRelu prelu, int units, int stride)
    {
        var w = prelu.Weight.ToArray();
        _slope = PerUnit(units, stride, 0f, u => w[prelu.SetOf(u)]);
    }

    protected override void RunUnit<TV>(int unit, Span<float> values)
    {
        float slope = _slope[unit];
        ref float x = ref MemoryMarshal.GetReference(values);
        for (nuint i = 0; i < (nuint)values.Length; i += (nuint)TV.Count)
        {
            var v = TV.Load(ref x, i);
            TV.Store(TV.IfGreater(v, 0f, v, v * slope), ref x, i);
        }
    }

    protected override void Run<TV>(Span<float> data, int rows, int stride)
    {
        ref float x = ref MemoryMarshal.GetReference(data);
        ref float slope = ref MemoryMarshal.GetArrayDataReference(_slope);
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref x, (nint)r * stride);
            for (nuint u = 0; u < (nuint)stride; u += (nuint)TV.Count)
            {
                var v = TV.Load(ref row, u);
                TV.Store(TV.IfGreater(v, 0f, v, v * TV.Load(ref slope, u)), ref row, u);
            }
        }
    }
}

/// <summary>A fixed activation (the zoo's ReLU, GELU, …): its own fused lane kernel over the whole block.</summary>
internal sealed class FixedScoring(ILanePaths lanes) : ScoringActivation
{
    public override void Apply(Span<float> data, int rows, int stride)
    {
        var block = data[..(rows * stride)];
        lanes.ForwardLanes(block, block, Width);
    }

    public override void ApplyUnit(int unit, Span<float> values) => lanes.ForwardLanes(values, values, Width);
}
