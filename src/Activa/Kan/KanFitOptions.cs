using System.Text.RegularExpressions;

namespace Activa.Kan;

/// <summary>
/// Settings of <see cref="KanFit"/>: fit a toy formula with a KAN [n, width, 1] and with an MLP of the same parameter
/// count, as in the KAN paper's toy examples (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756, §3.1).
/// </summary>
public sealed partial record KanFitOptions
{
    /// <summary>The B-spline grid schedule used when the basis is "bspline" without a grid and no <see cref="Grids"/> are given.</summary>
    public static IReadOnlyList<int> DefaultGrids { get; } = [3, 5, 10, 20];

    /// <summary>The target function of x1..xn (<see cref="Formula"/>).</summary>
    public string Formula { get; init; } = "exp(sin(pi*x1)+x2^2)";

    /// <summary>Hidden widths of the KAN [n, hidden..., 1] (the paper's [4, 4, 2, 1] for its four-variable formula is
    /// <c>[4, 2]</c>).</summary>
    public int[] Hidden { get; init; } = [5];

    /// <summary>The KAN basis spec (<see cref="KanBases"/>); for "bspline" leave the grid to <see cref="Grids"/>.</summary>
    public string Basis { get; init; } = "bspline";

    /// <summary>
    /// B-spline grid sizes, one training stage each (grid extension between stages: the paper's G = 3 → 5 → 10 → 20);
    /// one value means no extension. Null: <see cref="DefaultGrids"/> for "bspline", nothing for the other bases.
    /// </summary>
    public int[]? Grids { get; init; }

    /// <summary>Full-batch Adam steps in all, split equally across the grid stages; the MLP gets as many.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Adam's initial learning rate (both models), decayed by the cosine schedule of <see cref="KanFit"/>.</summary>
    public float Lr { get; init; } = 1e-2f;

    /// <summary>Hidden layers of the MLP baseline (all of one width, chosen to match the KAN's parameter count).</summary>
    public int MlpDepth { get; init; } = 2;

    /// <summary>Activation of the MLP baseline.</summary>
    public string MlpActivation { get; init; } = "tanh";

    /// <summary>Training samples (inputs uniform in [−1, 1]).</summary>
    public int TrainSamples { get; init; } = 1000;

    /// <summary>Test samples (inputs uniform in [−1, 1], drawn after the training ones).</summary>
    public int TestSamples { get; init; } = 1000;

    /// <summary>Seed of the samples and of both models' weights.</summary>
    public ulong Seed { get; init; }

    /// <summary>The basis name of <see cref="Basis"/> ("bspline", "chebyshev", ...).</summary>
    public string BasisName => KanBasisOptions.Parse(Basis).Name;

    /// <summary>Whether <see cref="Basis"/> sets a B-spline grid itself.</summary>
    private bool BasisHasGrid => GridOption().IsMatch(Basis);

    /// <summary>The grid sizes of the training stages (empty for bases without a grid).</summary>
    public int[] Stages => Grids is { } g ? g : BasisName == "bspline" && !BasisHasGrid ? [.. DefaultGrids] : [];

    /// <summary>The basis spec of stage <paramref name="stage"/>: <see cref="Basis"/> with the stage's grid put in for B-splines.</summary>
    public string StageBasis(int stage)
    {
        var stages = Stages;
        if (stages.Length == 0) return Basis;
        int open = Basis.IndexOf('(');
        string grid = $"grid={stages[stage]}";
        return open < 0 ? $"{Basis.Trim()}({grid})" : $"{Basis[..open].Trim()}({grid}, {Basis[(open + 1)..]}".Replace(", )", ")");
    }

    /// <summary>Throws when a setting is invalid; the message names the option and its value.</summary>
    /// <exception cref="ArgumentException">A bad setting, formula or basis.</exception>
    public void Validate()
    {
        Kan.Formula.Parse(Formula);
        KanBases.Validate(Basis);
        if (Hidden.Length == 0 || Hidden.Any(h => h < 1)) throw new ArgumentException($"--hidden needs positive widths, got '{string.Join(",", Hidden)}'.");
        if (Steps < 1) throw new ArgumentException($"--steps must be at least 1, got {Steps}.");
        if (!(Lr > 0) || !float.IsFinite(Lr)) throw new ArgumentException($"--lr must be positive, got {Lr}.");
        if (MlpDepth < 1) throw new ArgumentException($"--mlp-depth must be at least 1, got {MlpDepth}.");
        Activations.Learnable.LearnableActivations.Validate(MlpActivation);
        if (TrainSamples < 1 || TestSamples < 1)
            throw new ArgumentException($"Train and test samples must be positive, got {TrainSamples} and {TestSamples}.");
        if (Grids is { } grids)
        {
            if (BasisName != "bspline")
                throw new ArgumentException($"--grid (grid sizes and extension) needs the bspline basis; '{BasisName}' sets its size in its spec, e.g. --basis \"{BasisName}(...)\".");
            if (BasisHasGrid)
                throw new ArgumentException($"Give the grid either in --basis ({Basis}) or with --grid, not both.");
            if (grids.Length == 0 || grids.Any(g => g < 1 || g > 1000))
                throw new ArgumentException($"--grid needs sizes in [1, 1000], got '{string.Join(",", grids)}'.");
            if (Steps < grids.Length)
                throw new ArgumentException($"--steps ({Steps}) must be at least the number of grid stages ({grids.Length}).");
        }
        for (int s = 0; s < Math.Max(1, Stages.Length); s++) KanBases.Validate(StageBasis(s));
    }

    [GeneratedRegex(@"[(,]\s*grid\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex GridOption();
}
