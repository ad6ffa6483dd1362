using Activa.Nn;
using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>
/// Lazy updates from row-sparse gradients (<see cref="Tensor.SparseGrad"/>): only the rows the gradient
/// names change — parameter, weight decay and optimizer state — and each touched row follows the dense rule
/// with the parameter's step count (as torch.optim.SparseAdam); untouched rows and their state stay exactly
/// as they were, so their moments are not decayed while they are skipped.
/// </summary>
public class SparseUpdateTests
{
    private const int Rows = 6, Dim = 3;

    public static TheoryData<string> Kinds() => ["sgd", "sgd-momentum-dampening", "sgd-nesterov-decay", "adam", "adamw", "adagrad"];

    private static Optimizer Make(string kind, Tensor p) => kind switch
    {
        "sgd" => new Sgd([p], lr: 0.1f),
        "sgd-momentum-dampening" => new Sgd([p], lr: 0.1f, momentum: 0.9f, dampening: 0.5f),
        "sgd-nesterov-decay" => new Sgd([p], lr: 0.1f, momentum: 0.8f, nesterov: true, weightDecay: 0.1f),
        "adam" => new Adam([p], lr: 0.05f, weightDecay: 0.1f),
        "adamw" => new AdamW([p], lr: 0.05f, weightDecay: 0.1f),
        "adagrad" => new Adagrad([p], lr: 0.1f, lrDecay: 0.1f, weightDecay: 0.05f, initialAccumulator: 0.1f),
        _ => throw new ArgumentException(kind),
    };

    private static IRule Rule(string kind) => kind switch
    {
        "sgd" => new SgdRule(0.1),
        "sgd-momentum-dampening" => new SgdRule(0.1, 0.9, 0.5),
        "sgd-nesterov-decay" => new SgdRule(0.1, 0.8, nesterov: true, weightDecay: 0.1),
        "adam" => new AdamRule(0.05, weightDecay: 0.1),
        "adamw" => new AdamRule(0.05, weightDecay: 0.1, decoupled: true),
        "adagrad" => new AdagradRule(0.1, 0.1, 0.05, 0.1),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>
    /// The lazy semantics in double: one rule (with its own state) per row, created when the row is first
    /// touched; the step count is the parameter's; a momentum buffer created after the parameter's first step
    /// starts at zero (the dense rule with zero gradient on the earlier steps), not at the gradient.
    /// </summary>
    private sealed class LazyReference(string kind, double[] table)
    {
        private readonly Dictionary<int, IRule> _rules = [];
        private int _t;
        public double[] Table { get; } = table;

        public void Step(int[] rows, float[] values)
        {
            _t++;
            for (int i = 0; i < rows.Length; i++)
            {
                if (!_rules.TryGetValue(rows[i], out var rule))
                {
                    _rules[rows[i]] = rule = Rule(kind);
                    if (rule is SgdRule sgd && _t > 1) sgd.Buffer = new double[Dim];
                }
                if (rule is AdamRule adam) adam.T = _t - 1;
                if (rule is AdagradRule ada) ada.T = _t - 1;
                var row = Table.AsSpan(rows[i] * Dim, Dim).ToArray();
                rule.Step(row, D(values.AsSpan(i * Dim, Dim).ToArray()));
                row.CopyTo(Table, rows[i] * Dim);
            }
        }
    }

    private static Tensor Table(ulong seed)
    {
        var t = Tensor.Uniform([Rows, Dim], -1, 1, new Generator(seed));
        t.RequiresGrad = true;
        return t;
    }

    private static RowSparseGradient Sparse(int[] rows, float[] values) =>
        new(rows, Tensor.FromArray(values, rows.Length, Dim), [Rows, Dim]);

    private static readonly int[][] Touched = [[1, 3], [3, 4], [1], [0, 1, 3]];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void OnlyNamedRowsChangeAndEachFollowsTheRuleWithTheParametersStepCount(string kind)
    {
        var p = Table(2100);
        var initial = p.ToArray();
        var opt = Make(kind, p);
        var reference = new LazyReference(kind, D(initial));
        var g = new Generator(2101);
        var everTouched = new HashSet<int>();
        foreach (var rows in Touched)
        {
            var values = Enumerable.Range(0, rows.Length * Dim).Select(_ => (float)(g.NextDouble() * 2 - 1)).ToArray();
            p.SparseGrad = Sparse(rows, values);
            opt.Step();
            reference.Step(rows, values);
            everTouched.UnionWith(rows);
            AssertFollows(reference.Table, p, what: $"{kind} after touching [{string.Join(", ", rows)}]:");
            var now = p.ToArray();
            for (int r = 0; r < Rows; r++)
                if (!everTouched.Contains(r))
                    Assert.Equal(initial.AsSpan(r * Dim, Dim).ToArray(), now.AsSpan(r * Dim, Dim).ToArray());
        }
        // never-touched rows have all-zero state (sum: the initial accumulator)
        var state = opt.StateDict(new Dictionary<Tensor, string> { [p] = "w" });
        foreach (var (key, t) in state.Where(kv => kv.Value.Numel == Rows * Dim))
        {
            float untouched = key.EndsWith(".sum") ? 0.1f : 0f;
            foreach (int r in new[] { 2, 5 })
                Assert.All(t.ToArray().AsSpan(r * Dim, Dim).ToArray(), v => Assert.Equal(untouched, v));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void WithEveryRowTouchedSparseEqualsDense(string kind)
    {
        var dense = Table(2102);
        var sparse = Table(2102);
        var denseOpt = Make(kind, dense);
        var sparseOpt = Make(kind, sparse);
        var g = new Generator(2103);
        int[] all = Enumerable.Range(0, Rows).ToArray();
        for (int s = 0; s < 3; s++)
        {
            var values = Enumerable.Range(0, Rows * Dim).Select(_ => (float)(g.NextDouble() * 2 - 1)).ToArray();
            dense.Grad = Tensor.FromArray(values, Rows, Dim);
            sparse.SparseGrad = Sparse(all, values);
            denseOpt.Step();
            sparseOpt.Step();
            AssertFollows(D(dense.ToArray()), sparse, rtol: 1e-6, atol: 1e-7);
        }
    }

    [Fact]
    public void WeightDecayShrinksOnlyTouchedRows()
    {
        // dense SGD with decay would shrink every row; the lazy update leaves untouched rows alone
        var p = Table(2104);
        var before = p.ToArray();
        p.SparseGrad = Sparse([2], [0f, 0f, 0f]);
        new Sgd([p], lr: 0.5f, weightDecay: 0.2f).Step();
        var after = p.ToArray();
        for (int i = 0; i < before.Length; i++)
            Assert.Equal(i / Dim == 2 ? before[i] * 0.9f : before[i], after[i], 1e-6f);
    }

    [Fact]
    public void SkippedRowsKeepTheirAdamMomentsUndecayed()
    {
        var p = Table(2105);
        var opt = new Adam([p], lr: 0.01f);
        var names = new Dictionary<Tensor, string> { [p] = "w" };
        p.SparseGrad = Sparse([1], [1f, -1f, 0.5f]);
        opt.Step();
        var m1 = opt.StateDict(names)["w.exp_avg"].ToArray()[3..6];
        Ops.Reference.AssertClose([0.1, -0.1, 0.05], D(m1), rtol: 1e-6);
        p.SparseGrad = Sparse([4], [1f, 1f, 1f]);
        opt.Step();
        // row 1 was skipped: its moments are exactly as after step 1 (a dense step would have scaled them by β₁)
        Assert.Equal(m1, opt.StateDict(names)["w.exp_avg"].ToArray()[3..6]);
        Assert.Equal([2f], opt.StateDict(names)["w.step"].ToArray());
    }

    [Fact]
    public void RowFirstTouchedAtStepTwoUsesStepTwoBiasCorrection()
    {
        // m̂ = (1−β₁)g/(1−β₁²), v̂ = (1−β₂)g²/(1−β₂²): the move is lr·(0.1/0.19)/√(0.001/0.001999)·sign(g), not lr·sign(g)
        var p = Table(2106);
        var before = p.ToArray();
        var opt = new Adam([p], lr: 0.01f, eps: 0f);
        p.SparseGrad = Sparse([0], [1f, 1f, 1f]);
        opt.Step();
        p.SparseGrad = Sparse([5], [2f, -2f, 2f]);
        opt.Step();
        double move = 0.01 * (0.1 / 0.19) / Math.Sqrt(0.001 / 0.001999);
        var after = p.ToArray();
        Assert.Equal(before[15] - move, after[15], 1e-6);
        Assert.Equal(before[16] + move, after[16], 1e-6);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EmbeddingTrainingNeverMovesUnusedOrPaddingRows(string kind)
    {
        var emb = new EmbeddingBag(20, 4, BagMode.Mean, paddingIndex: 0, sparse: true, generator: new Generator(2107));
        var before = emb.Weight.ToArray();
        var opt = Make(kind, emb.Weight);
        int[] ids = [0, 3, 7, 0, 3, 12, 0, 0];
        for (int s = 0; s < 3; s++)
        {
            opt.ZeroGrad();
            var y = emb.Forward(ids, [0, 3, 6]);
            y.Mul(y).Sum().Backward();
            opt.Step();
        }
        var after = emb.Weight.ToArray();
        var used = new HashSet<int> { 3, 7, 12 };
        for (int r = 0; r < 20; r++)
        {
            var a = after.AsSpan(r * 4, 4).ToArray();
            var b = before.AsSpan(r * 4, 4).ToArray();
            if (used.Contains(r)) Assert.NotEqual(b, a);
            else Assert.Equal(b, a);
        }
    }
}
