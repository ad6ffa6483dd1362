using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Kernels;

namespace Activa.Nn;

/// <summary>
/// A <see cref="Sequential"/> frozen for inference. The weights are copied when it is built and packed once for the
/// GEMM kernel of this machine; each Linear's bias and the activation after it run inside its GEMM; two workspaces
/// are reused from call to call. A call therefore allocates nothing, and a small batch (1–64 rows), whose GEMMs are
/// too short to hide the repacking of every weight that <see cref="Module.Forward"/> does on each call, runs at the
/// speed of its multiply-adds.
/// </summary>
/// <remarks>
/// <para>Layers: <see cref="Linear"/>, <see cref="Act"/> (any fixed activation; those without a fused kernel, such as
/// RReLU in its evaluation form, run element by element), PReLU, Swish-β and PAU right after a Linear layer (their
/// coefficients frozen with the weights, as in evaluation mode), <see cref="Flatten"/>, <see cref="Standardize"/>,
/// <see cref="Dropout"/> and <see cref="AlphaDropout"/> (identities at inference). Others are refused by name.</para>
/// <para>Training the model afterwards does not change a predictor: build a new one. One predictor serves one thread
/// at a time; <see cref="Clone"/> gives another thread its own workspaces over the same packed weights.</para>
/// </remarks>
/// <example><code>
/// var predictor = new Predictor(model);
/// ReadOnlySpan&lt;float&gt; scores = predictor.Predict(features, rows: 8);   // rows × predictor.Outputs, until the next call
/// </code></example>
public sealed class Predictor
{
    private readonly Stage[] _stages;
    private float[] _even = [], _odd = [];
    private int _rows;

    /// <summary>Freezes <paramref name="model"/>'s current weights.</summary>
    /// <exception cref="NotSupportedException">A layer other than those listed, or no Linear layer.</exception>
    public Predictor(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        bool training = model.Training;
        model.Eval(); // a learnable activation's coefficients as at inference (PAU version D noises them in training)
        try
        {
            _stages = Stages(model);
        }
        finally { model.Train(training); }
        var linears = _stages.OfType<LinearStage>().ToArray();
        if (linears.Length == 0) throw new NotSupportedException("Predictor: the model has no Linear layer.");
        Inputs = linears[0].In;
        Outputs = linears[^1].Out;
    }

    private static Stage[] Stages(Sequential model)
    {
        var stages = new List<Stage>();
        for (int i = 0; i < model.Layers.Count; i++)
        {
            switch (model.Layers[i])
            {
                case Linear linear:
                    var next = i + 1 < model.Layers.Count ? model.Layers[i + 1] : null;
                    if (next is Act fixedAct) stages.Add(new LinearStage(linear, fixedAct.Activation));
                    else if (next is LearnableActivation learnable && learnable.Channels == linear.OutFeatures && learnable.FrozenEpilogue() is { } kernel)
                        stages.Add(new LinearStage(linear, kernel));
                    else
                    {
                        stages.Add(new LinearStage(linear, (IActivation?)null));
                        break;
                    }
                    i++;
                    break;
                case Act act:
                    stages.Add(new ElementwiseStage(act.Activation, 1f, 0f));
                    break;
                case Standardize s:
                    stages.Add(new ElementwiseStage(null, 1f / s.Std, -s.Mean / s.Std));
                    break;
                case Flatten or Dropout or AlphaDropout:
                    break;
                case var other:
                    throw new NotSupportedException($"Predictor: layer {i} is a {other.GetType().Name}; it supports Linear, Act, " +
                        "PReLU, Swish-β and PAU after a Linear layer, Flatten, Standardize and dropout.");
            }
        }
        return [.. stages];
    }

    private Predictor(Stage[] stages, int inputs, int outputs) => (_stages, Inputs, Outputs) = (stages, inputs, outputs);

    /// <summary>Features per input row (the first Linear's input size).</summary>
    public int Inputs { get; }

    /// <summary>Outputs per row (the last Linear's output size).</summary>
    public int Outputs { get; }

    /// <summary>Another predictor over the same frozen weights, with workspaces of its own (for another thread).</summary>
    public Predictor Clone() => new(_stages, Inputs, Outputs);

    /// <summary>
    /// Runs <paramref name="rows"/> rows of <see cref="Inputs"/> features each, row-major in <paramref name="input"/>; returns
    /// rows × <see cref="Outputs"/> results in a workspace that the next call overwrites.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative row count.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> holds fewer than rows × <see cref="Inputs"/> floats.</exception>
    public ReadOnlySpan<float> Predict(ReadOnlySpan<float> input, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (input.Length < (long)rows * Inputs)
            throw new ArgumentException($"Predictor: {rows} rows of {Inputs} features need {(long)rows * Inputs} floats, the input has {input.Length}.", nameof(input));
        EnsureRows(rows);
        float[]? holder = null; // the workspace holding the current values; null while they are still the input
        int width = Inputs;
        foreach (var stage in _stages)
        {
            ReadOnlySpan<float> current = holder == null ? input[..(rows * Inputs)] : holder.AsSpan(0, rows * width);
            if (stage is LinearStage linear)
            {
                var output = holder == _even ? _odd : _even;
                linear.Run(current, rows, output);
                (holder, width) = (output, linear.Out);
            }
            else
            {
                if (holder == null)
                {
                    current.CopyTo(_even);
                    holder = _even;
                }
                ((ElementwiseStage)stage).Run(holder.AsSpan(0, rows * width));
            }
        }
        return holder.AsSpan(0, rows * width);
    }

    /// <summary><see cref="Predict(ReadOnlySpan{float}, int)"/> on a tensor [rows, ...] (or one sample [features]), as a new [rows, outputs] tensor.</summary>
    /// <exception cref="ShapeMismatchException">The features per row are not <see cref="Inputs"/>.</exception>
    public Tensor Predict(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int rows = input.Rank <= 1 ? 1 : input.Dims[0];
        if ((long)rows * Inputs != input.Numel)
            throw new ShapeMismatchException("predict", $"input {Shape.Format(input.Shape)} does not hold rows of {Inputs} features");
        var x = input.Contiguous();
        var y = Predict(x.Storage.AsSpan(x.Offset, x.Numel), rows);
        return Tensor.FromArray(y.ToArray(), rows, Outputs);
    }

    private void EnsureRows(int rows)
    {
        if (rows <= _rows) return;
        int widest = Math.Max(Inputs, _stages.OfType<LinearStage>().Max(s => s.Out));
        _even = GC.AllocateUninitializedArray<float>(rows * widest, pinned: true);
        _odd = GC.AllocateUninitializedArray<float>(rows * widest, pinned: true);
        _rows = rows;
    }

    private abstract class Stage;

    /// <summary>y = f(x·Wᵀ + b) on frozen copies, the weight also packed for the GEMM kernel.</summary>
    private sealed class LinearStage : Stage
    {
        private readonly float[] _weight;
        private readonly float[]? _bias;
        private readonly PackedMatrix _packed;
        private readonly EpilogueKernel? _kernel;
        private readonly IActivation? _unfused;

        public LinearStage(Linear linear, IActivation? activation) : this(linear)
        {
            if (activation is IEpilogueSource source) _kernel = source.EpilogueKernel;
            else
            {
                _unfused = activation;
                if (_bias != null) _kernel = EpilogueKernel.Identity;
            }
        }

        /// <summary>A learnable activation frozen as an epilogue.</summary>
        public LinearStage(Linear linear, EpilogueKernel kernel) : this(linear) => _kernel = kernel;

        private LinearStage(Linear linear)
        {
            (In, Out) = (linear.InFeatures, linear.OutFeatures);
            _weight = GC.AllocateUninitializedArray<float>(In * Out, pinned: true);
            linear.Weight.Contiguous().AsSpan().CopyTo(_weight);
            _bias = linear.Bias?.ToArray();
            unsafe
            {
                fixed (float* w = _weight) _packed = PackedMatrix.Pack(transB: true, w, Math.Max(In, 1), In, Out);
            }
        }

        public int In { get; }
        public int Out { get; }

        public unsafe void Run(ReadOnlySpan<float> x, int rows, Span<float> y)
        {
            fixed (float* px = x, pw = _weight, pb = _bias, py = y)
                Gemm.SgemmEpilogue(false, rows, Out, In, px, Math.Max(In, 1), pw, Math.Max(In, 1), py, Math.Max(Out, 1),
                    _kernel == null ? default : new GemmEpilogue(_kernel, pb, null), _packed);
            if (_unfused != null)
                foreach (ref float v in y[..(rows * Out)]) v = _unfused.Value(v);
        }
    }

    /// <summary>x = f(x·scale + shift) in place: an activation layer on its own, or Standardize's affine map.</summary>
    private sealed class ElementwiseStage(IActivation? activation, float scale, float shift) : Stage
    {
        public void Run(Span<float> x)
        {
            if (scale != 1f || shift != 0f) Elementwise.Map(new AffineOp(scale, shift), x, x);
            if (activation is IEpilogueSource source)
            {
                unsafe
                {
                    fixed (float* p = x) source.EpilogueKernel.Tile(p, x.Length, 0, null, null, 1, x.Length);
                }
            }
            else if (activation != null)
                foreach (ref float v in x) v = activation.Value(v);
        }
    }
}
