using Activa.Nn;

namespace Activa.Kan;

/// <summary>
/// The univariate functions a KAN layer applies to each of its inputs before its one coefficient GEMM
/// (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756; computed the efficient-kan way: the basis of every
/// input once, then one matrix product). A basis of <see cref="Size"/> functions turns x [rows, inputs] into features
/// [rows, inputs·(Size + base)], where the optional base branch puts SiLU(x) first in each input's block:
/// features[r, i·S + 0] = silu(x[r, i]) and features[r, i·S + 1 + k] = b_k(x[r, i]) with S = Size + 1.
/// </summary>
/// <remarks>
/// A basis is a <see cref="Module"/>: its learnable parameters (a rational's coefficients, trainable grid bounds) and
/// its state (a B-spline grid) are saved with the layer under "basis.". Most bases derive from
/// <see cref="PointwiseKanBasis"/> and write only their per-element forward and derivative; a basis built from other
/// modules (GR-KAN's group-rational units) overrides <see cref="Features"/> directly.
/// </remarks>
public abstract class KanBasis : Module
{
    /// <summary>Creates a basis for <paramref name="inputs"/> input features.</summary>
    protected KanBasis(int inputs)
    {
        if (inputs <= 0) throw new ArgumentOutOfRangeException(nameof(inputs), $"A KAN basis needs a positive input count, got {inputs}.");
        Inputs = inputs;
    }

    /// <summary>Input features the basis is built for (per-input state such as a grid has this many rows).</summary>
    public int Inputs { get; }

    /// <summary>Functions per input (K).</summary>
    public abstract int Size { get; }

    /// <summary>Registry name with its options, e.g. "bspline(grid=5, order=3)": <see cref="KanBases.Create"/> rebuilds the basis from it.</summary>
    public abstract string Spec { get; }

    /// <summary>Whether layers with this basis add the SiLU base branch by default (the B-spline KAN does; GR-KAN does not).</summary>
    public virtual bool DefaultBaseBranch => true;

    /// <summary>
    /// The features of <paramref name="x"/> [rows, <see cref="Inputs"/>]: [rows, Inputs·(Size + 1)] with the SiLU base
    /// first in each input's block when <paramref name="withBase"/>, else [rows, Inputs·Size]. Recorded for autograd
    /// (gradients to x and to the basis's parameters).
    /// </summary>
    public abstract Tensor Features(Tensor x, bool withBase);

    /// <summary>
    /// A basis for the inputs listed in <paramref name="inputs"/> (indices into this one's inputs, in the order given),
    /// with their per-input state and parameters copied: how pruning removes nodes.
    /// </summary>
    public abstract KanBasis Select(int[] inputs);

    /// <summary>Checks x is [rows, Inputs] and returns it contiguous.</summary>
    protected Tensor CheckInput(Tensor x)
    {
        if (x.Rank != 2 || x.Dims[1] != Inputs)
            throw new ShapeMismatchException("kan basis", $"{Spec} expects input [rows, {Inputs}], got {Shape.Format(x.Shape)}");
        return x.Contiguous();
    }
}
