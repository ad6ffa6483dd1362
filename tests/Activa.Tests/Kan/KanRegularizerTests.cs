using Activa.Autograd;
using Activa.Data;
using Activa.Kan;
using Activa.Models;
using Activa.Tests.Nn;
using Activa.Training;

namespace Activa.Tests.Kan;

public class KanRegularizerTests
{
    [Fact]
    public void ThePenaltyIsTheL1OfTheEdgesPlusTheirEntropy()
    {
        var layer = new KanLayer(3, 2, new BSplineBasis(3, 4, 2), generator: new Generator(1));
        var w = layer.Weight.ToArray();
        int s = layer.EdgeWidth;
        var edges = new double[6];
        for (int j = 0; j < 2; j++)
            for (int i = 0; i < 3; i++)
                edges[j * 3 + i] = Enumerable.Range(0, s).Average(k => Math.Abs((double)w[j * 3 * s + i * s + k]));
        double l1 = edges.Sum(), entropy = -edges.Sum(e => e / l1 * Math.Log(e / l1));
        Assert.Equal(0.5 * (l1 + 2 * entropy), KanRegularizer.Penalty(layer, 0.5f).Item(), 4);
        Assert.Equal(0f, KanRegularizer.Penalty(new Activa.Nn.Linear(2, 2), 1f).Item());
        Assert.Throws<ArgumentException>(() => KanRegularizer.Penalty(layer, -1f));
    }

    [Fact]
    public void GradientsWithRespectToTheCoefficientsMatchFiniteDifferences()
    {
        var layer = new KanLayer(3, 2, new BSplineBasis(3, 3, 2), generator: new Generator(2));
        ModuleGradCheck.Check(layer, [], _ => KanRegularizer.Penalty(layer, 0.7f), options: new GradCheckOptions(Step: 1e-4, RelativeTolerance: 1e-2, AbsoluteTolerance: 1e-3));
    }

    [Fact]
    public void TrainingWithThePenaltyLeavesMoreEdgesNearZero()
    {
        var (train, _) = Datasets.Load("digits");
        var config = new ModelConfig { Model = "kan", Inputs = 64, Hidden = [8], Outputs = 10, Basis = "bspline(grid=3)", Dataset = "digits" };
        double SmallEdges(float lambda)
        {
            var trainer = new Trainer(config, new TrainOptions { Epochs = 4, BatchSize = 64, Lr = 1e-2f, Seed = 3, ValidationFraction = 0, KanSparsity = lambda });
            trainer.Fit(train);
            var first = KanNetwork.Layers(trainer.Model)[0];
            var w = first.Weight.ToArray();
            int s = first.EdgeWidth, edges = first.InFeatures * first.OutFeatures;
            var magnitude = Enumerable.Range(0, edges).Select(e => Enumerable.Range(0, s).Average(k => Math.Abs(w[e * s + k]))).ToArray();
            double max = magnitude.Max();
            return magnitude.Count(m => m < 0.05 * max) / (double)edges;
        }
        double plain = SmallEdges(0), sparse = SmallEdges(1e-2f);
        Assert.True(sparse > plain + 0.1, $"edges below 5 % of the largest: {sparse:P1} with the penalty, {plain:P1} without");
    }
}
