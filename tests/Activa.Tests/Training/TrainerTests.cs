using Activa.Data;
using Activa.IO;
using Activa.Models;
using Activa.Training;

namespace Activa.Tests.Training;

[Collection("GlobalSettings")] // bit-exact comparisons need the thread count to stay put
public class TrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ModelConfig Config = new() { Inputs = 2, Hidden = [16, 16], Outputs = 2, Activation = "tanh", Dataset = "spirals" };
    private static TrainOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 32, Lr = 1e-2f, Seed = 4, Schedule = "cosine", WarmupSteps = 5, ClipNorm = 5 };

    private static int[] Bits(Tensor t) => [.. t.ToArray().Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void ResumedRunContinuesBitForBit()
    {
        var data = Synthetic.Spirals(samplesPerArm: 100);
        var whole = new Trainer(Config, Options(4), Path.Combine(_dir, "whole"));
        whole.Fit(data, data);

        var first = new Trainer(Config, Options(4), Path.Combine(_dir, "split"));
        using var stop = new CancellationTokenSource();
        first.EpochCompleted += m => { if (m.Epoch == 2) stop.Cancel(); };
        Assert.False(first.Fit(data, data, stop.Token));
        var resumed = Trainer.Resume(first.CheckpointPath!);
        Assert.Equal(2, resumed.EpochsCompleted);
        resumed.Fit(data, data);

        Assert.Equal(whole.Step, resumed.Step);
        var a = whole.Model.StateDict();
        var b = resumed.Model.StateDict();
        foreach (var (name, t) in a) Assert.Equal(Bits(t), Bits(b[name]));
        Assert.Equal(whole.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void RunCancelledMidEpochResumesBitForBit()
    {
        var data = Synthetic.Spirals(samplesPerArm: 100);
        var whole = new Trainer(Config, Options(2));
        whole.Fit(data);
        var first = new Trainer(Config, Options(2), _dir);
        using var stop = new CancellationTokenSource();
        first.BatchCompleted += (batch, _, _) => { if (batch == 3) stop.Cancel(); };
        Assert.False(first.Fit(data, null, stop.Token));
        var resumed = Trainer.Resume(first.CheckpointPath!);
        Assert.Equal(3, resumed.Step);
        Assert.True(resumed.Fit(data));
        foreach (var (name, t) in whole.Model.StateDict()) Assert.Equal(Bits(t), Bits(resumed.Model.StateDict()[name]));
        Assert.Equal(whole.History.Select(h => h.ValidationAccuracy), resumed.History.Select(h => h.ValidationAccuracy));
    }

    [Fact]
    public void CheckpointRoundTripIsBitExact()
    {
        var data = Synthetic.Spirals(samplesPerArm: 50);
        var trainer = new Trainer(Config, Options(1), _dir);
        trainer.Fit(data);
        var loaded = Checkpoint.Load(trainer.CheckpointPath!);
        Assert.Equal(Config.Hidden, loaded.Config.Hidden);
        Assert.Equal("tanh", loaded.Config.Activation);
        Assert.Equal(trainer.Options, loaded.Progress.Options with { });
        foreach (var (name, t) in trainer.Model.StateDict()) Assert.Equal(Bits(t), Bits(loaded.Model[name]));
        Assert.NotEmpty(loaded.Optimizer);
        Assert.True(File.Exists(Path.Combine(_dir, "metrics.json")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, "metrics.csv")).Length);
    }

    [Fact]
    public void CorruptCheckpointGivesATypedError()
    {
        var trainer = new Trainer(Config, Options(1), _dir);
        trainer.Fit(Synthetic.Spirals(samplesPerArm: 20));
        var bytes = File.ReadAllBytes(trainer.CheckpointPath!);
        var damaged = Path.Combine(_dir, "damaged.safetensors");
        File.WriteAllBytes(damaged, bytes[..(bytes.Length - 3)]);
        Assert.Throws<CheckpointFormatException>(() => Trainer.Resume(damaged));
        SafeTensors.Save(damaged, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(1) });
        Assert.Contains("not an Activa checkpoint", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(damaged)).Message);
    }

    [Fact]
    public void NonFiniteLossStopsNamingTheStepAfterSavingTheLastGoodState()
    {
        var clean = Synthetic.Spirals(samplesPerArm: 64);
        var x = clean.Features.ToArray();
        x[2 * 70] = float.NaN; // sample 70 is in some batch of epoch 1
        var poisoned = new Dataset("poisoned", Tensor.FromArray(x, clean.Count, 2), clean.Labels, 2);
        var trainer = new Trainer(Config, Options(2), _dir);
        var e = Assert.Throws<NonFiniteException>(() => trainer.Fit(poisoned));
        Assert.InRange(e.Step, 1, 4);
        Assert.Contains($"step {e.Step}", e.Message);
        Assert.True(File.Exists(trainer.CheckpointPath));
        var saved = Checkpoint.Load(trainer.CheckpointPath!);
        Assert.Equal(e.Step - 1, saved.Progress.Step);
        Assert.Equal(e.Step - 1, saved.Progress.BatchesInEpoch);
        foreach (var (_, t) in saved.Model) Assert.All(t.ToArray(), v => Assert.True(float.IsFinite(v)));

        var skipping = new Trainer(Config, Options(2) with { SkipNonFinite = true });
        skipping.Fit(poisoned);
        Assert.Equal([1L, 1L], skipping.History.Select(h => h.SkippedBatches));
        Assert.All(skipping.Model.Parameters(), p => Assert.All(p.ToArray(), v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void RunStoppedMidEpochResumesAtTheFailedBatch()
    {
        var clean = Synthetic.Spirals(samplesPerArm: 64);
        var x = clean.Features.ToArray();
        var loader = new DataLoader(clean, 32, shuffle: true, seed: 4);
        x[2 * loader.Order(0)[40]] = float.NaN; // second batch of epoch 1
        var poisoned = new Dataset("poisoned", Tensor.FromArray(x, clean.Count, 2), clean.Labels, 2);
        var failing = new Trainer(Config, Options(3), Path.Combine(_dir, "failing"));
        var e = Assert.Throws<NonFiniteException>(() => failing.Fit(poisoned));
        Assert.True(e.Step == 2, e.Message);

        var resumed = Trainer.Resume(failing.CheckpointPath!);
        resumed.Fit(clean);
        var whole = new Trainer(Config, Options(3));
        whole.Fit(clean);
        Assert.Equal(whole.Step, resumed.Step);
        foreach (var (name, t) in whole.Model.StateDict()) Assert.Equal(Bits(t), Bits(resumed.Model.StateDict()[name]));
    }

    [Fact]
    public void NonFiniteGradientNamesTheParameter()
    {
        var p = new[] { ("0.weight", Tensor.Ones(2)), ("1.bias", Tensor.Ones(2)) };
        p[1].Item2.Grad = Tensor.FromArray([0f, float.PositiveInfinity]);
        Assert.Equal("1.bias", NonFiniteGuard.FirstNonFiniteGradient(p));
        p[1].Item2.Grad = Tensor.Zeros(2);
        Assert.Null(NonFiniteGuard.FirstNonFiniteGradient(p));
    }

    [Fact]
    public void MlpLearnsTheEmbeddedDigits()
    {
        var (train, test) = Digits.Load();
        var config = new ModelConfig { Inputs = 64, Hidden = [128], Outputs = 10 };
        var trainer = new Trainer(config, new TrainOptions { Epochs = 15, BatchSize = 64, Lr = 2e-3f, Seed = 1 });
        trainer.Fit(train);
        Assert.True(trainer.Evaluate(test).Accuracy >= 0.94, $"test accuracy {trainer.Evaluate(test).Accuracy:P2}");
    }

    [Fact]
    public void InputSizeMismatchIsReported()
    {
        var trainer = new Trainer(Config with { Inputs = 3 }, Options(1));
        Assert.Contains("expects 3", Assert.Throws<ArgumentException>(() => trainer.Fit(Synthetic.Spirals(10))).Message);
    }
}
