using Activa.Kan;
using Activa.Models;
using Activa.Nn;

namespace Activa.Tests.Kan;

public class KanPruningTests
{
    private static (Tensor X, Tensor Y) Task(int n, ulong seed)
    {
        var x = Tensor.Uniform([n, 3], -1f, 1f, new Generator(seed));
        var xv = x.ToArray();
        // x3 is useless: the target depends on x1 and x2 only
        var y = Tensor.FromArray([.. Enumerable.Range(0, n).Select(r => MathF.Sin(MathF.PI * xv[3 * r]) + xv[3 * r + 1] * xv[3 * r + 1])], n, 1);
        return (x, y);
    }

    private static void Train(Module model, Tensor x, Tensor y, int steps, float lr, float l1)
    {
        var opt = new Activa.Optim.Adam(model.Parameters(), lr: lr);
        var weights = KanNetwork.Layers(model).Select(l => l.Weight).ToArray();
        for (int step = 0; step < steps; step++)
        {
            opt.ZeroGrad();
            var loss = Activa.Losses.Loss.Mse(model.Forward(x), y);
            // an L1 penalty on the coefficients makes unneeded edges small, as the KAN paper's sparsity regularisation does
            foreach (var w in weights) loss = loss.Add(w.Abs().Mean().Mul(l1));
            loss.Backward();
            opt.Step();
        }
    }

    private static double Mse(Module model, Tensor x, Tensor y)
    {
        using var _ = Tensor.NoGrad();
        return Activa.Losses.Loss.Mse(model.Forward(x), y).Item();
    }

    [Fact]
    public void PruningATrainedKanRemovesSpareHiddenNodesAndTheUselessInputAndKeepsItsAccuracy()
    {
        var g = new Generator(31);
        var (x, y) = Task(256, 32);
        var (tx, ty) = Task(512, 33);
        var model = KanNetwork.Build(new ModelConfig { Model = "kan", Inputs = 3, Hidden = [6], Outputs = 1, Basis = "bspline(grid=5)" }, g);
        Train(model, x, y, 300, 0.02f, 3e-2f);
        double before = Mse(model, tx, ty);
        Assert.True(before < 0.01, $"test MSE before pruning {before:G3}");

        var result = KanPruner.Prune(model, x, edgeThreshold: 0.05, nodeThreshold: 0.1);
        var pruned = result.Model;
        Assert.True(result.HiddenAfter[0] < 6, $"hidden nodes kept: {result.HiddenAfter[0]} of 6");
        Assert.True(result.ParametersAfter < result.ParametersBefore);
        var first = KanNetwork.Layers(pruned)[0];
        Assert.Equal(3, first.InFeatures); // inputs are kept ...
        for (int j = 0; j < first.OutFeatures; j++) // ... but the useless one has no edge left
            Assert.All(first.EdgeFunction(2, j, [-1f, -0.3f, 0.4f, 1f]), v => Assert.Equal(0f, v));
        Assert.Equal(first.OutFeatures, result.HiddenAfter[0]);
        Assert.True(result.Layers[0].EdgesAfter <= 2 * first.OutFeatures);

        double after = Mse(pruned, tx, ty);
        Train(pruned, x, y, 60, 0.01f, 0f);
        double tuned = Mse(pruned, tx, ty);
        // stated margin: straight after pruning the test MSE is at most 1.5× the original's, after a short fine-tune no worse than it
        Assert.True(after <= 1.5 * before, $"test MSE {before:G3} → {after:G3} after pruning");
        Assert.True(tuned <= before, $"test MSE {before:G3} → {tuned:G3} after fine-tuning");
        Assert.NotSame(model, pruned);
        Assert.Equal(6, KanNetwork.Layers(model)[0].OutFeatures); // the original is untouched
    }

    [Fact]
    public void WithZeroThresholdsNothingChanges()
    {
        var model = KanNetwork.Build(new ModelConfig { Model = "kan", Inputs = 3, Hidden = [4], Outputs = 2, Basis = "bspline(grid=5)", InputMean = 0.1f, InputStd = 0.9f }, new Generator(34));
        var x = Tensor.Uniform([64, 3], -1f, 1f, new Generator(35));
        var result = KanPruner.Prune(model, x, 0, 0);
        Assert.Equal(result.ParametersBefore, result.ParametersAfter);
        Assert.Equal([4], result.HiddenAfter);
        Assert.Equal(model.Forward(x).ToArray(), result.Model.Forward(x).ToArray());
        Assert.Empty(result.Notes);
        Assert.Equal(12, result.Layers[0].EdgesAfter);
    }

    /// <summary>A removed node or edge is replaced by its mean on the samples, which goes into the bias.</summary>
    [Fact]
    public void RemovedNodesAndEdgesLeaveTheirMeanInTheBias()
    {
        var model = KanNetwork.Build(new ModelConfig { Model = "kan", Inputs = 2, Hidden = [3], Outputs = 1, Basis = "bspline(grid=5)" }, new Generator(36));
        var x = Tensor.Uniform([200, 2], -1f, 1f, new Generator(37));
        var scores = KanAttribution.Compute(model, x);
        var nodeScores = scores[0].OutputScore;
        int weakest = Array.IndexOf(nodeScores, nodeScores.Min());
        double threshold = (nodeScores.Min() + nodeScores.Where((_, k) => k != weakest).Min()) / 2;
        var result = KanPruner.Prune(model, x, edgeThreshold: 0, nodeThreshold: threshold);
        Assert.Equal([2], result.HiddenAfter);

        // expected: the original output minus the weakest node's outgoing edge, plus that edge's mean
        var layers = KanNetwork.Layers(model);
        var hidden = layers[0].Forward(x).ToArray();
        var h = Enumerable.Range(0, 200).Select(r => hidden[r * 3 + weakest]).ToArray();
        var edge = layers[1].EdgeFunction(weakest, 0, h);
        double mean = edge.Average(v => (double)v);
        var original = model.Forward(x).ToArray();
        var pruned = result.Model.Forward(x).ToArray();
        for (int r = 0; r < 200; r++) Assert.Equal(original[r] - edge[r] + mean, pruned[r], 1e-4);
        Assert.Equal(mean, scores[1].EdgeMean[weakest], 1e-5);
    }

    [Fact]
    public void AttributionIsTheNormalisedVariationOfEachEdgeAndFlowsBackFromTheOutputs()
    {
        var layer = new KanLayer(3, 1, new BSplineBasis(3, 5, 3), generator: new Generator(38));
        using (Tensor.NoGrad())
        {
            var w = layer.Weight.ToArray();
            Array.Clear(w, 1 * layer.EdgeWidth, layer.EdgeWidth); // input 1 contributes nothing
            layer.Weight.CopyFrom(Tensor.FromArray(w, 1, w.Length));
        }
        var x = Tensor.Uniform([100, 3], -1f, 1f, new Generator(39));
        var a = KanAttribution.Compute(new Sequential(layer), x).Single();
        var xv = x.ToArray();
        var variation = new double[3];
        for (int i = 0; i < 3; i++)
        {
            var phi = layer.EdgeFunction(i, 0, [.. Enumerable.Range(0, 100).Select(r => xv[r * 3 + i])]);
            double m = phi.Average(v => (double)v);
            variation[i] = phi.Average(v => Math.Abs(v - m));
            Assert.Equal(m, a.EdgeMean[i], 1e-5);
            Assert.Equal(variation[i], a.EdgeVariation[i], 1e-5);
        }
        Assert.Equal(0, a.Edge(1, 0));
        Assert.Equal(0, a.InputScore[1]);
        Assert.Equal(1, a.EdgeScore.Max(), 12);
        int strongest = variation[0] > variation[2] ? 0 : 2, other = 2 - strongest;
        Assert.Equal(variation[other] / variation[strongest], a.Edge(other, 0), 1e-4);
        Assert.Equal([1.0], a.OutputScore);
    }

    [Fact]
    public void ALayerIsNeverPrunedToNothing()
    {
        var model = KanNetwork.Build(new ModelConfig { Model = "kan", Inputs = 2, Hidden = [4, 3], Outputs = 1, Basis = "bspline(grid=5)" }, new Generator(40));
        var x = Tensor.Uniform([100, 2], -1f, 1f, new Generator(41));
        // a network whose last layer is all zeros: every edge and node scores 0, so every hidden level would be emptied
        var last = KanNetwork.Layers(model)[^1];
        using (Tensor.NoGrad()) last.Weight.CopyFrom(Tensor.Zeros(last.Weight.Shape.ToArray()));
        var result = KanPruner.Prune(model, x, edgeThreshold: 0.01, nodeThreshold: 0.01);
        Assert.All(result.HiddenAfter, w => Assert.Equal(1, w));
        Assert.Equal(2, result.Notes.Count(n => n.Contains("stays connected")));
        Assert.All(result.Model.Forward(x).ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void BadThresholdsAndNonKanModelsAreRejected()
    {
        var model = KanNetwork.Build(new ModelConfig { Model = "kan", Inputs = 2, Hidden = [2], Outputs = 1 }, new Generator(42));
        var x = Tensor.Uniform([10, 2], -1f, 1f, new Generator(43));
        Assert.Contains("edge threshold must be in [0, 1)", Assert.Throws<ArgumentException>(() => KanPruner.Prune(model, x, edgeThreshold: 1.5)).Message);
        Assert.Contains("node threshold", Assert.Throws<ArgumentException>(() => KanPruner.Prune(model, x, nodeThreshold: double.NaN)).Message);
        Assert.Contains("no KAN layer", Assert.Throws<ArgumentException>(() => KanPruner.Prune(new Sequential(new Linear(2, 1)), x)).Message);
        var mixed = new Sequential(new KanLayer(2, 2, new BSplineBasis(2, 5, 3)), new Linear(2, 2), new KanLayer(2, 1, new BSplineBasis(2, 5, 3)));
        Assert.Contains("follows a KAN layer", Assert.Throws<ArgumentException>(() => KanPruner.Prune(mixed, x)).Message);
    }
}
