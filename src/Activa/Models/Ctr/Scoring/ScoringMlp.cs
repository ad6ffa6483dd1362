using Activa.Kernels;
using Activa.Nn;

namespace Activa.Models.Ctr.Scoring;

/// <summary>
/// A model's MLP (Linear → activation → … → Linear) copied into plain arrays and run on row-major spans: one GEMM per
/// layer onto rows pre-filled with the bias, then the activation in place. Two workspaces, grown only when a call has
/// more rows than any before.
/// </summary>
internal sealed class ScoringMlp
{
    private readonly Layer[] _layers;
    private float[] _even = [], _odd = [];
    private int _rows;

    private sealed record Layer(float[] Weight, float[]? Bias, int In, int Out, int Stride, ScoringActivation? Activation);

    /// <summary>Input width of the first layer.</summary>
    public int Input => _layers[0].In;

    /// <summary>Output width of the last layer.</summary>
    public int Output => _layers[^1].Out;

    /// <summary>Copies <paramref name="mlp"/>'s layers; <paramref name="where"/> names it in errors.</summary>
    /// <exception cref="NotSupportedException">A layer that is neither Linear nor a supported activation, or two activations in a row.</exception>
    public ScoringMlp(Sequential mlp, string where)
    {
        var layers = new List<Layer>();
        foreach (var module in mlp.Layers)
        {
            if (module is Linear linear)
            {
                int stride = StrideFor(linear.OutFeatures);
                layers.Add(new Layer(linear.Weight.ToArray(), linear.Bias?.ToArray(), linear.InFeatures, linear.OutFeatures, stride, null));
            }
            else if (layers.Count > 0 && layers[^1].Activation == null)
                layers[^1] = layers[^1] with { Activation = ScoringActivation.For(module, layers[^1].Out, layers[^1].Stride) };
            else
                throw new NotSupportedException($"CTR scoring: {where} has a '{module.GetType().Name}' where a Linear layer was expected.");
        }
        if (layers.Count == 0) throw new NotSupportedException($"CTR scoring: {where} has no Linear layer.");
        _layers = [.. layers];
    }

    private ScoringMlp(Layer[] layers) => _layers = layers;

    /// <summary>The same (read-only) layers with workspaces of its own.</summary>
    public ScoringMlp Clone() => new(_layers);

    /// <summary>A row stride for <paramref name="width"/> units: whole vectors of <see cref="ScoringActivation.Width"/> lanes.</summary>
    public static int StrideFor(int width) => (width + ScoringActivation.Width - 1) / ScoringActivation.Width * ScoringActivation.Width;

    /// <summary>Grows the workspaces to hold <paramref name="rows"/> rows (no allocation when they already do).</summary>
    public void EnsureRows(int rows)
    {
        if (rows <= _rows) return;
        int widest = _layers.Max(l => l.Stride);
        _even = new float[rows * widest];
        _odd = new float[rows * widest];
        _rows = rows;
    }

    /// <summary>
    /// Runs the MLP on <paramref name="rows"/> rows of <paramref name="x"/> (<paramref name="xStride"/> floats apart);
    /// returns the workspace holding the output, its rows <paramref name="stride"/> floats apart (valid until the next call).
    /// </summary>
    public ReadOnlySpan<float> Run(ReadOnlySpan<float> x, int xStride, int rows, out int stride)
    {
        EnsureRows(rows);
        ReadOnlySpan<float> input = x;
        int inStride = xStride;
        for (int i = 0; i < _layers.Length; i++)
        {
            var layer = _layers[i];
            var output = (i % 2 == 0 ? _even : _odd).AsSpan(0, rows * layer.Stride);
            if (layer.Bias != null)
                for (int r = 0; r < rows; r++) layer.Bias.CopyTo(output.Slice(r * layer.Stride, layer.Out));
            Gemm.Sgemm(false, true, rows, layer.Out, layer.In, 1f, input, inStride, layer.Weight, layer.In,
                layer.Bias != null ? 1f : 0f, output, layer.Stride);
            layer.Activation?.Apply(output, rows, layer.Stride);
            input = output;
            inStride = layer.Stride;
        }
        stride = inStride;
        return input;
    }
}
