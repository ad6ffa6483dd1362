using BindingFlags = System.Reflection.BindingFlags;
using Activa.Activations.Learnable;
using Activa.Analysis;
using Activa.Data;
using Activa.Models;
using Activa.Nn;
using Activa.Training;

namespace Activa.Tests.Analysis;

/// <summary>Probes attached through forward hooks: what they record, saturation, per-epoch records, detaching.</summary>
public class ActivationProbesTests
{
    private static int HookCount(Module m) =>
        ((System.Collections.ICollection)typeof(Module).GetField("_hooks", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(m)!).Count;

    [Fact]
    public void ProbesEveryActivationModuleAndRecordsItsInputsAndOutputs()
    {
        var model = Mlp.Build(new ModelConfig { Inputs = 6, Hidden = [5, 4], Outputs = 3, Activation = "relu" }, new Generator(1));
        using var probes = ActivationProbes.Attach(model);
        Assert.Equal(["2", "4"], probes.Layers.Select(l => l.Name));
        Assert.All(probes.Layers, l => Assert.Equal(1, HookCount(l.Module)));

        // what the first activation sees, recomputed from the model's own layers
        var x1 = Tensor.Randn([8, 6], new Generator(2));
        var x2 = Tensor.Randn([3, 6], new Generator(3));
        var linear = (Linear)model.NamedModules().First(m => m.Name == "1").Module;
        float[] z;
        using (Tensor.NoGrad())
        {
            model.Forward(x1);
            model.Forward(x2);
            z = [.. linear.Forward(x1).ToArray(), .. linear.Forward(x2).ToArray()];
        }
        var layer = probes.Layers[0];
        var summary = layer.Summary();
        var a = z.Select(v => Math.Max(0f, v)).ToArray();
        double mean = a.Average(v => (double)v);
        Assert.Equal(2, summary.Batches);
        Assert.Equal(11, summary.Samples);
        Assert.Equal(5, summary.Units);
        Assert.Equal(mean, summary.Mean, 6);
        Assert.Equal(Math.Sqrt(a.Average(v => (v - mean) * (v - mean))), summary.Std, 6);
        Assert.Equal(a.Max(), summary.Max, 6);
        Assert.Equal((double)a.Count(v => v == 0) / a.Length, summary.ZeroFraction, 12);
        Assert.Equal(z.Average(v => (double)v), summary.InputMean, 6);
        // the per-batch dynamic rate is AP's share of z ≤ 0 in that batch; the summary's is over all 11 samples
        int d1 = z[..40].Count(v => v <= 0), d2 = z[40..].Count(v => v <= 0);
        Assert.Equal([d1 / 40.0, d2 / 15.0], layer.BatchDeadRates);
        Assert.Equal((d1 + d2) / 55.0, summary.DynamicDeadRate, 12);
        Assert.True(double.IsNaN(summary.SaturatedFraction)); // ReLU is not bounded above
    }

    [Fact]
    public void AUnitWithAHugeNegativeBiasIsStaticallyAndDynamicallyDead()
    {
        var linear = new Linear(4, 3, generator: new Generator(5));
        using (Tensor.NoGrad()) linear.Bias!.AsSpan()[1] = -1000;
        var model = new Sequential(linear, new Act("relu"));
        using var probes = ActivationProbes.Attach(model);
        using (Tensor.NoGrad()) model.Forward(Tensor.Randn([64, 4], new Generator(6)));
        var s = probes.Summary()[0];
        Assert.Equal(1.0 / 3, s.StaticDeadFraction, 12);
        Assert.Equal([1], probes.Layers[0].Outputs!.StaticDeadUnits());
        Assert.InRange(s.DynamicDeadRate, 1.0 / 3, 1.0);
    }

    [Fact]
    public void TanhOnHugeInputsIsSaturatedAndOnSmallInputsIsNot()
    {
        var act = new Act("tanh");
        using var probes = ActivationProbes.Attach(act);
        using (Tensor.NoGrad()) act.Forward(Tensor.FromArray([-100f, 50f, 1e4f, -7f], 2, 2));
        Assert.Equal(1.0, probes.Summary()[0].SaturatedFraction, 12);
        probes.Reset();
        // tolerance 0.01 of the range [−1, 1]: |tanh z| ≥ 0.98 ⇔ |z| ≥ 2.298
        using (Tensor.NoGrad()) act.Forward(Tensor.FromArray([0f, 0.5f, -2f, 2.4f], 2, 2));
        Assert.Equal(0.25, probes.Summary()[0].SaturatedFraction, 12);
        // a non-default spec has no declared bounds: no figure rather than a wrong one
        var scaled = new Act("hardtanh(min_val=-2, max_val=2)");
        using var other = ActivationProbes.Attach(scaled);
        using (Tensor.NoGrad()) scaled.Forward(Tensor.FromArray([5f, 5f], 1, 2));
        Assert.True(double.IsNaN(other.Summary()[0].SaturatedFraction));
    }

    [Fact]
    public void AnInPlaceActivationIsMeasuredOnItsOutputs()
    {
        var act = new Act("relu", inPlace: true);
        using var probes = ActivationProbes.Attach(act);
        using (Tensor.NoGrad()) act.Forward(Tensor.FromArray([-1f, 2f, -3f, 4f, 0f, -6f], 3, 2));
        var layer = probes.Layers[0];
        Assert.Equal(1, layer.InPlaceBatches);
        Assert.Null(layer.Inputs);                    // the input was overwritten: not read as pre-activations
        var s = layer.Summary();
        Assert.Equal(4.0 / 6, s.DynamicDeadRate, 12); // a ≤ 0 on the outputs, the same as z ≤ 0 for ReLU
        Assert.Equal(4.0 / 6, s.ZeroFraction, 12);
        Assert.True(double.IsNaN(s.InputMean));
    }

    [Fact]
    public void DisposeRemovesEveryHook()
    {
        var model = Mlp.Build(new ModelConfig { Inputs = 4, Hidden = [3, 3], Outputs = 2, Activation = "prelu" }, new Generator(1));
        var probes = ActivationProbes.Attach(model);
        Assert.All(probes.Layers, l => Assert.IsType<PRelu>(l.Module, exactMatch: false));
        var modules = probes.Layers.Select(l => l.Module).ToList();
        using (Tensor.NoGrad()) model.Forward(Tensor.Randn([2, 4], new Generator(2)));
        probes.Dispose();
        Assert.All(modules, m => Assert.Equal(0, HookCount(m)));
        using (Tensor.NoGrad()) model.Forward(Tensor.Randn([2, 4], new Generator(3)));
        Assert.All(probes.Layers, l => Assert.Equal(1, l.Batches)); // statistics stay, nothing new recorded
        Assert.True(probes.IsDisposed);
    }

    [Fact]
    public void ModeTrainingSkipsEvaluationPasses()
    {
        var model = Mlp.Build(new ModelConfig { Inputs = 4, Hidden = [3], Outputs = 2 }, new Generator(1));
        using var probes = ActivationProbes.Attach(model, new ProbeOptions { Mode = ProbeMode.Training });
        using (Tensor.NoGrad())
        {
            model.Eval().Forward(Tensor.Randn([2, 4], new Generator(2)));
            Assert.Equal(0, probes.Layers[0].Batches);
            model.Train().Forward(Tensor.Randn([2, 4], new Generator(2)));
            Assert.Equal(1, probes.Layers[0].Batches);
        }
    }

    [Fact]
    public void AModelWithoutActivationsIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationProbes.Attach(new Sequential(new Linear(2, 2))));
        Assert.Contains("no activation module", e.Message);
    }

    [Fact]
    public void EndEpochFromTheTrainerLogsTheDeadNeuronRatePerEpoch()
    {
        var (train, _) = Datasets.Load("digits");
        var config = new ModelConfig { Inputs = 64, Hidden = [32], Outputs = 10, Activation = "relu", InputMean = 0, InputStd = 1 };
        var trainer = new Trainer(config, new TrainOptions { Epochs = 3, BatchSize = 64, Lr = 1e-2f, Seed = 1, ValidationFraction = 0 });
        var reported = new List<ProbeEpoch>();
        using var probes = ActivationProbes.Attach(trainer.Model, new ProbeOptions { Mode = ProbeMode.Training }, new SyncReporter(reported));
        trainer.EpochCompleted += m => probes.EndEpoch(m.Epoch);
        trainer.Fit(train);
        Assert.Equal([1, 2, 3], probes.History.Select(h => h.Epoch));
        Assert.Equal(probes.History, reported);
        int batches = (train.Count + 63) / 64;
        Assert.All(probes.History, h =>
        {
            Assert.Equal(batches, h.Layers[0].Batches);
            Assert.Equal(train.Count, h.Layers[0].Samples);
            Assert.InRange(h.DynamicDeadRate, 0.05, 0.95);
            Assert.InRange(h.StaticDeadFraction, 0, 1);
        });
        Assert.Equal(0, probes.Layers[0].Batches); // reset after each epoch
    }

    private sealed class SyncReporter(List<ProbeEpoch> into) : IProgress<ProbeEpoch>
    {
        public void Report(ProbeEpoch value) => into.Add(value);
    }
}
