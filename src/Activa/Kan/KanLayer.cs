using Activa.Nn;

namespace Activa.Kan;

/// <summary>
/// A Kolmogorov–Arnold layer y_j = Σ_i φ_ij(x_i) + bias_j with φ_ij(x) = w_b·silu(x) + Σ_k c_ijk·b_k(x)
/// (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756), computed the efficient way: the basis of every
/// input once (<see cref="KanBasis.Features"/>), then one GEMM with the coefficient matrix.
/// </summary>
/// <remarks>
/// <see cref="Weight"/> [out, in·S] holds each edge's coefficients side by side, S = basis size + 1 with the base
/// branch: Weight[j, i·S] is w_b of edge (i → j) and Weight[j, i·S + 1 + k] its c_k (the spline scale w_s of the paper
/// is folded into the c's). Inputs of any shape [..., in] are accepted.
/// </remarks>
public sealed class KanLayer : Module
{
    /// <summary>Coefficients [out, in·S].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>The basis applied to every input.</summary>
    public KanBasis Basis { get; private set; }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether each edge has the SiLU base branch w_b·silu(x).</summary>
    public bool BaseBranch { get; }

    /// <summary>Coefficients per edge (basis size, plus 1 with the base branch).</summary>
    public int EdgeWidth => Basis.Size + (BaseBranch ? 1 : 0);

    /// <summary>
    /// Creates a layer from <paramref name="inputs"/> to <paramref name="outputs"/> features on <paramref name="basis"/>
    /// (built for <paramref name="inputs"/> inputs). Base weights are drawn from U(±1/√in), basis coefficients from
    /// U(±1/√(in·K)); the base branch defaults to the basis's <see cref="KanBasis.DefaultBaseBranch"/>.
    /// </summary>
    public KanLayer(int inputs, int outputs, KanBasis basis, bool? baseBranch = null, bool bias = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (inputs <= 0 || outputs <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputs), $"A KAN layer needs positive sizes, got in={inputs}, out={outputs}.");
        if (basis.Inputs != inputs)
            throw new ArgumentException($"The basis {basis.Spec} is built for {basis.Inputs} inputs, but the layer has {inputs}.", nameof(basis));
        InFeatures = inputs;
        OutFeatures = outputs;
        BaseBranch = baseBranch ?? basis.DefaultBaseBranch;
        Basis = RegisterModule("basis", basis);
        int s = EdgeWidth, b = BaseBranch ? 1 : 0;
        float baseBound = 1f / MathF.Sqrt(inputs), coefBound = 1f / MathF.Sqrt((float)inputs * basis.Size);
        var w = new float[outputs * inputs * s];
        var u = Tensor.Uniform([w.Length], -1f, 1f, generator).ToArray();
        for (int e = 0; e < w.Length; e++) w[e] = u[e] * (b == 1 && e % s == 0 ? baseBound : coefBound);
        Weight = RegisterParameter("weight", Tensor.FromArray(w, outputs, inputs * s));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(outputs));
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank < 1 || input.Dims[^1] != InFeatures)
            throw new ShapeMismatchException("kan", $"input {Shape.Format(input.Shape)} does not end in {InFeatures} features");
        int rows = input.Numel / InFeatures;
        var x = input.Rank == 2 ? input : input.Reshape(rows, InFeatures);
        var features = Basis.Features(x, BaseBranch);
        // The features (rows·in·S floats, megabytes) are read by nothing but this GEMM: their buffer serves the next call
        // instead of fresh memory — after the backward pass, or at once without a graph. A pointwise basis always returns
        // a tensor of its own; another basis's features may be a view, and are left to the GC.
        bool owned = Basis is PointwiseKanBasis;
        var y = owned ? Functional.LinearOwningInput(features, Weight, Bias) : Functional.Linear(features, Weight, Bias);
        if (!y.RequiresGrad && owned) features.Recycle();
        if (input.Rank == 2) return y;
        var dims = (int[])input.Dims.Clone();
        dims[^1] = OutFeatures;
        return y.Reshape(dims);
    }

    /// <summary>Receives one edge's values: input i, output j, and φ_ij at the points (a buffer valid during the call).</summary>
    public delegate void EdgeVisitor(int input, int output, ReadOnlySpan<double> phi);

    /// <summary>
    /// Calls <paramref name="visit"/> for every edge (outputs outer, inputs inner) with φ_ij at the rows of
    /// <paramref name="points"/> [n, in], column i holding input i's points, from one evaluation of the basis: how
    /// attribution, symbolic fitting and edge plots read the edges without materialising out·in·n values.
    /// </summary>
    public void VisitEdges(Tensor points, EdgeVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (points.Rank != 2 || points.Dims[1] != InFeatures)
            throw new ShapeMismatchException("kan edges", $"points must be [n, {InFeatures}], got {Shape.Format(points.Shape)}");
        int n = points.Dims[0], s = EdgeWidth;
        float[] f;
        using (Tensor.NoGrad()) f = Basis.Features(points, BaseBranch).ToArray();
        var w = Weight.Contiguous().ToArray();
        var phi = new double[n];
        for (int j = 0; j < OutFeatures; j++)
            for (int i = 0; i < InFeatures; i++)
            {
                var we = w.AsSpan(j * InFeatures * s + i * s, s);
                for (int r = 0; r < n; r++)
                {
                    var fe = f.AsSpan((r * InFeatures + i) * s, s);
                    double v = 0;
                    for (int k = 0; k < s; k++) v += (double)we[k] * fe[k];
                    phi[r] = v;
                }
                visit(i, j, phi);
            }
    }

    /// <summary>φ_ij at each of <paramref name="xs"/>: the function on the edge from input <paramref name="input"/> to
    /// output <paramref name="output"/> (without the bias).</summary>
    public float[] EdgeFunction(int input, int output, ReadOnlySpan<float> xs)
    {
        if ((uint)input >= (uint)InFeatures || (uint)output >= (uint)OutFeatures)
            throw new ArgumentOutOfRangeException(nameof(input), $"Edge ({input} → {output}) is not in a {InFeatures} → {OutFeatures} layer.");
        var x = new float[xs.Length * InFeatures];
        for (int n = 0; n < xs.Length; n++) x[n * InFeatures + input] = xs[n];
        var ys = new float[xs.Length];
        VisitEdges(Tensor.FromArray(x, xs.Length, InFeatures), (i, j, phi) =>
        {
            if (i != input || j != output) return;
            for (int n = 0; n < phi.Length; n++) ys[n] = (float)phi[n];
        });
        return ys;
    }

    /// <summary>
    /// Moves a B-spline basis's grid to the data (<see cref="BSplineBasis.FitGrid"/> on <paramref name="samples"/>
    /// [n, in], the inputs this layer sees) and refits the coefficients by least squares so that every edge keeps its
    /// function on the samples and on 4 points per basis function spread over each new grid. In place: parameters keep their identity (an optimiser's state is kept but stale).
    /// </summary>
    /// <exception cref="InvalidOperationException">The basis is not a B-spline.</exception>
    public void UpdateGrid(Tensor samples)
    {
        var spline = Basis as BSplineBasis ?? throw new InvalidOperationException($"Grid update needs a B-spline basis; this layer's is {Basis.Spec}.");
        var fitted = spline.FitGrid(samples);
        // The refit also holds the function at points spread evenly over each new grid, so that a basis function with
        // few samples in its support (the sparse tail of a skewed input) is pinned down instead of swinging between them.
        var coefficients = Refit(fitted, Tensor.Concat([samples.Contiguous(), RangeSamples(fitted, 4 * fitted.Size)], 0));
        using (Tensor.NoGrad())
        {
            spline.Knots.CopyFrom(fitted.Knots);
            Weight.CopyFrom(coefficients);
        }
    }

    /// <summary>
    /// A copy of this layer on a finer B-spline grid of <paramref name="gridSize"/> intervals over the same ranges (grid
    /// extension), its coefficients refitted by least squares to keep every edge's function — on
    /// <paramref name="samples"/> [n, in] when given, else on 16 points per new grid interval spread over each input's range.
    /// </summary>
    /// <exception cref="InvalidOperationException">The basis is not a B-spline.</exception>
    public KanLayer ExtendGrid(int gridSize, Tensor? samples = null)
    {
        var spline = Basis as BSplineBasis ?? throw new InvalidOperationException($"Grid extension needs a B-spline basis; this layer's is {Basis.Spec}.");
        var fine = spline.Refine(gridSize);
        samples ??= RangeSamples(spline, 16 * (gridSize + spline.Order));
        var layer = new KanLayer(InFeatures, OutFeatures, fine, BaseBranch, Bias != null);
        using (Tensor.NoGrad())
        {
            layer.Weight.CopyFrom(Refit(fine, samples));
            if (Bias != null) layer.Bias!.CopyFrom(Bias);
        }
        return layer;
    }

    private static Tensor RangeSamples(BSplineBasis spline, int n)
    {
        var x = new float[n * spline.Inputs];
        for (int i = 0; i < spline.Inputs; i++)
        {
            var (lo, hi) = spline.Range(i);
            for (int r = 0; r < n; r++) x[r * spline.Inputs + i] = lo + (hi - lo) * (r + 0.5f) / n;
        }
        return Tensor.FromArray(x, n, spline.Inputs);
    }

    /// <summary>
    /// Coefficients [out, in·S'] for <paramref name="basis"/> that best reproduce (least squares on
    /// <paramref name="samples"/>, per input) the basis part of every edge; the base weights are copied.
    /// </summary>
    private Tensor Refit(KanBasis basis, Tensor samples)
    {
        if (samples.Rank != 2 || samples.Dims[1] != InFeatures)
            throw new ShapeMismatchException("kan refit", $"samples must be [n, {InFeatures}], got {Shape.Format(samples.Shape)}");
        int n = samples.Dims[0], k0 = Basis.Size, k1 = basis.Size, b = BaseBranch ? 1 : 0, s0 = k0 + b, s1 = k1 + b;
        float[] a0, a1;
        using (Tensor.NoGrad())
        {
            a0 = Basis.Features(samples, false).ToArray();
            a1 = basis.Features(samples, false).ToArray();
        }
        var w0 = Weight.ToArray();
        var w1 = new float[OutFeatures * InFeatures * s1];
        var gram = new double[k1 * k1];
        var rhs = new double[k1 * OutFeatures];
        for (int i = 0; i < InFeatures; i++)
        {
            Array.Clear(gram);
            Array.Clear(rhs);
            for (int r = 0; r < n; r++)
            {
                var old = a0.AsSpan((r * InFeatures + i) * k0, k0);
                var now = a1.AsSpan((r * InFeatures + i) * k1, k1);
                for (int p = 0; p < k1; p++)
                for (int q = 0; q < k1; q++) gram[p * k1 + q] += (double)now[p] * now[q];
                for (int o = 0; o < OutFeatures; o++)
                {
                    var c = w0.AsSpan(o * InFeatures * s0 + i * s0 + b, k0);
                    double target = 0;
                    for (int q = 0; q < k0; q++) target += (double)c[q] * old[q];
                    for (int p = 0; p < k1; p++) rhs[p * OutFeatures + o] += now[p] * target;
                }
            }
            double trace = 0;
            for (int p = 0; p < k1; p++) trace += gram[p * k1 + p];
            for (int p = 0; p < k1; p++) gram[p * k1 + p] += 1e-8 * trace / k1 + 1e-12;
            if (!Kernels.Cholesky.TrySolve(gram, rhs, k1, OutFeatures))
                throw new ArithmeticException($"KAN refit: the least-squares system of input {i} is not positive definite (non-finite samples or coefficients?).");
            for (int o = 0; o < OutFeatures; o++)
            {
                if (b == 1) w1[o * InFeatures * s1 + i * s1] = w0[o * InFeatures * s0 + i * s0];
                for (int p = 0; p < k1; p++) w1[o * InFeatures * s1 + i * s1 + b + p] = (float)rhs[p * OutFeatures + o];
            }
        }
        return Tensor.FromArray(w1, OutFeatures, InFeatures * s1);
    }

    /// <summary>
    /// A smaller layer keeping only <paramref name="inputs"/> and <paramref name="outputs"/> (indices into this layer's, in
    /// the order given), with their coefficients, biases and basis state copied: edges that are gone cost nothing.
    /// </summary>
    public KanLayer Select(int[] inputs, int[] outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Length == 0 || outputs.Length == 0) throw new ArgumentException("A KAN layer keeps at least one input and one output.");
        foreach (int o in outputs)
            if ((uint)o >= (uint)OutFeatures) throw new ArgumentOutOfRangeException(nameof(outputs), $"Output {o} is not in [0, {OutFeatures}).");
        var layer = new KanLayer(inputs.Length, outputs.Length, Basis.Select(inputs), BaseBranch, Bias != null);
        int s = EdgeWidth;
        var w0 = Weight.AsSpan();
        var w1 = layer.Weight.AsSpan();
        for (int o = 0; o < outputs.Length; o++)
        for (int i = 0; i < inputs.Length; i++)
            w0.Slice(outputs[o] * InFeatures * s + inputs[i] * s, s).CopyTo(w1.Slice(o * inputs.Length * s + i * s, s));
        if (Bias != null)
        {
            var b0 = Bias.AsSpan();
            var b1 = layer.Bias!.AsSpan();
            for (int o = 0; o < outputs.Length; o++) b1[o] = b0[outputs[o]];
        }
        return layer;
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"in={InFeatures}, out={OutFeatures}, basis={Basis.Spec}, base={BaseBranch}, bias={Bias != null}";
}
