using System.Buffers;
using System.Runtime.Intrinsics;
using Activa.Activations;

namespace Activa.Kan;

/// <summary>
/// The activation-function basis of AF-KAN (Ta et al., "AF-KAN: Activation Function-Based Kolmogorov-Arnold Networks
/// for Efficient Representation Learning", 2025), which generalises ReLU-KAN: with x1 = f(x − s_i) and
/// x2 = f(e_i − x) on the interval grid of <see cref="IntervalKanBasis"/>, b_i(x) = h(x1, x2) for a function f of the
/// activation zoo (relu, silu, gelu, selu, elu, leaky_relu, softplus, sigmoid, tanh; default silu) and a combination h:
/// quad1 (x1·x2)² (the default; ReLU-KAN's shape for f = relu), quad2 x1·x2 + x1² + x2², sum x1 + x2, prod x1·x2,
/// sum_prod x1 + x2 + x1·x2, cubic1 (x1 + x2)(x1² + x2²), cubic2 (x1·x2)³.
/// </summary>
/// <remarks>
/// <para>Only the basis is built here: our AF-KAN is the standard KAN layer (<see cref="KanLayer"/>, a full coefficient
/// per edge and function). The paper's attention-based parameter reduction (collapsing the G + k functions of each
/// input before the output map), its LayerNorm and its "L2MM" normalisation of the basis tensor are a layer design and
/// are not part of this basis; nor is ReLU-KAN's 16/(e − s)⁴ factor (the coefficients absorb the scale).</para>
/// <para>f and f′ run on the zoo's vectorised kernels over all the functions of a block of rows at once. With
/// train=true the bounds s and e are learned per input and function. Derivatives: ∂b/∂x = h₁·f′(x − s) − h₂·f′(e − x),
/// ∂b/∂s = −h₁·f′(x − s), ∂b/∂e = h₂·f′(e − x), with h₁, h₂ the partial derivatives of the combination.</para>
/// <para>Inputs are clamped to [−1e6, 1e6] before evaluation (the cubic combinations of values that large stay within
/// float range), so ±1e30 and ±∞ give the values at ±1e6 and no gradient to x; NaN gives NaN. Layers on this basis
/// have no SiLU base branch by default (AF-KAN has none).</para>
/// </remarks>
public sealed class AfKanBasis : IntervalKanBasis
{
    /// <summary>The functions f of the "f" option.</summary>
    public static IReadOnlyList<string> Functions { get; } = ["relu", "silu", "gelu", "selu", "elu", "leaky_relu", "softplus", "sigmoid", "tanh"];

    /// <summary>The combinations h of the "combine" option.</summary>
    public static IReadOnlyList<string> Combinations { get; } = ["quad1", "quad2", "sum", "prod", "sum_prod", "cubic1", "cubic2"];

    /// <summary>Inputs are clamped to ±this before evaluation.</summary>
    public const float Limit = 1e6f;

    private readonly ILanePaths _f;
    private readonly int _combine;

    /// <summary>The function f (one of <see cref="Functions"/>).</summary>
    public string Function { get; }

    /// <summary>The combination h (one of <see cref="Combinations"/>).</summary>
    public string Combination { get; }

    /// <summary>G + k functions per input on G intervals over [<paramref name="lo"/>, <paramref name="hi"/>].</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="function">f, one of <see cref="Functions"/>.</param>
    /// <param name="combination">h, one of <see cref="Combinations"/>.</param>
    /// <param name="gridSize">Grid intervals G.</param>
    /// <param name="order">k: each function spans k + 1 intervals.</param>
    /// <param name="lo">Start of the grid.</param>
    /// <param name="hi">End of the grid.</param>
    /// <param name="trainable">Whether s and e are learned.</param>
    /// <exception cref="ArgumentException">An unknown function or combination, or a bad grid.</exception>
    public AfKanBasis(int inputs, string function = "silu", string combination = "quad1", int gridSize = 5, int order = 3,
        float lo = -1f, float hi = 1f, bool trainable = false)
        : this(inputs, function, combination, gridSize, order, lo, hi, trainable, null, null) { }

    private AfKanBasis(int inputs, string function, string combination, int gridSize, int order, float lo, float hi, bool trainable,
        float[]? start, float[]? end) : base("afkan", inputs, gridSize, order, lo, hi, trainable, start, end)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(combination);
        Function = Functions.FirstOrDefault(f => f.Equals(function, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"afkan: 'f' must be one of {string.Join(", ", Functions)}, got '{function}'.", nameof(function));
        _combine = Combinations.ToList().FindIndex(c => c.Equals(combination, StringComparison.OrdinalIgnoreCase));
        if (_combine < 0) throw new ArgumentException($"afkan: 'combine' must be one of {string.Join(", ", Combinations)}, got '{combination}'.", nameof(combination));
        Combination = Combinations[_combine];
        _f = Activation.Create(Function) as ILanePaths
            ?? throw new InvalidOperationException($"afkan: the zoo's '{Function}' has no vectorised path.");
    }

    /// <inheritdoc/>
    public override string Spec => $"afkan({GridSpec}, f={Function}, combine={Combination}, train={(Trainable ? "true" : "false")})";

    /// <inheritdoc/>
    public override bool DefaultBaseBranch => false;

    /// <inheritdoc/>
    public override KanBasis Select(int[] inputs)
    {
        var (s, e) = SelectBounds(inputs);
        return new AfKanBasis(inputs.Length, Function, Combination, GridSize, Order, Lo, Hi, Trainable, s, e);
    }

    private static int Width => Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 1;

    /// <summary>u = clamp(x) − s and v = e − clamp(x) for every element and function of <paramref name="x"/>.</summary>
    private void Arguments(ReadOnlySpan<float> x, Span<float> u, Span<float> v)
    {
        int k = Size;
        var start = Start.AsSpan();
        var end = End.AsSpan();
        for (int n = 0; n < x.Length; n++)
        {
            int row = n % Inputs * k;
            float c = Math.Clamp(x[n], -Limit, Limit);
            for (int i = 0; i < k; i++)
            {
                u[n * k + i] = c - start[row + i];
                v[n * k + i] = end[row + i] - c;
            }
        }
    }

    /// <inheritdoc/>
    protected override void Evaluate(ReadOnlySpan<float> x, Span<float> dest, int stride)
    {
        int k = Size, len = x.Length * k;
        var ua = ArrayPool<float>.Shared.Rent(len);
        var va = ArrayPool<float>.Shared.Rent(len);
        try
        {
            Span<float> u = ua.AsSpan(0, len), v = va.AsSpan(0, len);
            Arguments(x, u, v);
            _f.ForwardLanes(u, u, Width);
            _f.ForwardLanes(v, v, Width);
            for (int n = 0; n < x.Length; n++)
            {
                var d = dest.Slice(n * stride, k);
                if (float.IsNaN(x[n])) { d.Fill(float.NaN); continue; } // some f map NaN to a number (relu)
                for (int i = 0; i < k; i++) d[i] = Combine(u[n * k + i], v[n * k + i]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ua);
            ArrayPool<float>.Shared.Return(va);
        }
    }

    /// <inheritdoc/>
    protected override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> grad, int stride, Span<float> gradX, Span<float> paramGrad)
    {
        int k = Size, len = x.Length * k, all = Inputs * k;
        bool wantX = !gradX.IsEmpty, wantBounds = !paramGrad.IsEmpty;
        var pool = ArrayPool<float>.Shared;
        float[] ua = pool.Rent(len), va = pool.Rent(len), fua = pool.Rent(len), fva = pool.Rent(len);
        try
        {
            Span<float> u = ua.AsSpan(0, len), v = va.AsSpan(0, len), fu = fua.AsSpan(0, len), fv = fva.AsSpan(0, len);
            Arguments(x, u, v);
            _f.ForwardLanes(u, fu, Width);
            _f.ForwardLanes(v, fv, Width);
            // f′ over the arguments (given f of them), written over the arguments.
            _f.DerivativeLanes(u, fu, u, Width);
            _f.DerivativeLanes(v, fv, v, Width);
            for (int n = 0; n < x.Length; n++)
            {
                int row = n % Inputs * k;
                var g = grad.Slice(n * stride, k);
                float sum = 0f;
                for (int i = 0; i < k; i++)
                {
                    int at = n * k + i;
                    var (h1, h2) = Partials(fu[at], fv[at]);
                    float a = g[i] * h1 * u[at], b = g[i] * h2 * v[at];
                    sum += a - b;
                    if (wantBounds)
                    {
                        paramGrad[row + i] -= a;
                        paramGrad[all + row + i] += b;
                    }
                }
                // Beyond the clamp the value no longer moves with x.
                if (wantX && Math.Abs(x[n]) < Limit) gradX[n] += sum;
            }
        }
        finally
        {
            pool.Return(ua);
            pool.Return(va);
            pool.Return(fua);
            pool.Return(fva);
        }
    }

    /// <summary>h(x1, x2).</summary>
    private float Combine(float x1, float x2)
    {
        switch (_combine)
        {
            case 0: { float p = x1 * x2; return p * p; }
            case 1: return x1 * x2 + x1 * x1 + x2 * x2;
            case 2: return x1 + x2;
            case 3: return x1 * x2;
            case 4: return x1 + x2 + x1 * x2;
            case 5: return (x1 + x2) * (x1 * x1 + x2 * x2);
            default: { float p = x1 * x2; return p * p * p; }
        }
    }

    /// <summary>(∂h/∂x1, ∂h/∂x2).</summary>
    private (float, float) Partials(float x1, float x2)
    {
        switch (_combine)
        {
            case 0: { float p = 2f * x1 * x2; return (p * x2, p * x1); }
            case 1: return (x2 + 2f * x1, x1 + 2f * x2);
            case 2: return (1f, 1f);
            case 3: return (x2, x1);
            case 4: return (1f + x2, 1f + x1);
            case 5: { float q = x1 * x1 + x2 * x2, s2 = 2f * (x1 + x2); return (q + s2 * x1, q + s2 * x2); }
            default: { float p = x1 * x2, p2 = 3f * p * p; return (p2 * x2, p2 * x1); }
        }
    }
}
