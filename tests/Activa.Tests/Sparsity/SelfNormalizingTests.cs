using Activa.Cli;
using Activa.Models;
using Activa.Nn;

namespace Activa.Tests.Sparsity;

/// <summary>The self-normalising MLP option: SELU, LeCun-normal init, AlphaDropout (Klambauer et al., 2017).</summary>
[Collection("GlobalSettings")]
public sealed class SelfNormalizingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"activa-snn-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static ModelConfig Deep(int layers, int width) =>
        new ModelConfig { Inputs = 64, Hidden = Enumerable.Repeat(width, layers).ToArray(), Outputs = 10, Dropout = 0.05f }.AsSelfNormalizing();

    [Fact]
    public void TheOptionBuildsSeluLayersWithLeCunWeightsAndAlphaDropout()
    {
        var config = Deep(3, 200);
        Assert.Equal("selu", config.Activation);
        Assert.Equal(Init.LeCunNormal, config.Init);
        var model = (Sequential)config.Build(new Generator(4));
        Assert.Equal(3, model.Layers.OfType<AlphaDropout>().Count());
        Assert.Empty(model.Layers.OfType<Dropout>());
        Assert.All(model.Layers.OfType<Act>(), a => Assert.Equal("selu", a.ActivationName));
        var w = model.Layers.OfType<Linear>().ElementAt(1).Parameters().First().ToArray();   // 200 × 200: std 1/√200
        double mean = w.Average(v => (double)v), std = Math.Sqrt(w.Average(v => (double)v * v) - mean * mean);
        Assert.InRange(std, 0.95 / Math.Sqrt(200), 1.05 / Math.Sqrt(200));
        Assert.True(ModelConfig.FromJson(config.ToJson()).SelfNormalizing);
        Assert.False(ModelConfig.FromJson("{\"Model\":\"mlp\",\"Inputs\":4,\"Hidden\":[3],\"Outputs\":2}").SelfNormalizing);   // older checkpoints
    }

    [Fact]
    public void ActivationsKeepZeroMeanAndUnitVarianceThrough32Layers()
    {
        // the fixed point (0, 1) of SNNs on standardised input, checked at the last hidden layer at initialisation
        var model = (Sequential)(Deep(32, 256) with { Dropout = 0 }).Build(new Generator(8));
        model.Eval();
        var last = model.Layers.OfType<Act>().Last();
        float[] y = [];
        using var hook = last.RegisterForwardHook((_, _, o) => y = o.ToArray());
        using (Tensor.NoGrad()) model.Forward(Tensor.Randn([512, 64], new Generator(9)));
        double mean = y.Average(v => (double)v), variance = y.Average(v => ((double)v - mean) * (v - mean));
        Assert.InRange(mean, -0.15, 0.15);
        Assert.InRange(variance, 0.75, 1.25);
    }

    [Fact]
    public void OtherActivationsOrInitsAreRejected()
    {
        var config = Deep(2, 8);
        Assert.Contains("'selu', got 'relu'", Assert.Throws<ArgumentException>(() => (config with { Activation = "relu" }).Build()).Message);
        Assert.Contains("LeCunNormal, got KaimingNormal", Assert.Throws<ArgumentException>(() => (config with { Init = Init.KaimingNormal }).Build()).Message);
    }

    [Fact]
    public void TrainWithSnnWritesASelfNormalizingCheckpoint()
    {
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, TrainCommand.Create().Parse(["--snn", "--data", "digits", "--hidden", "32,32", "--dropout", "0.05", "--epochs", "1", "--out", run]).Invoke());
        var config = Activa.IO.Checkpoint.Load(Path.Combine(run, "checkpoint.safetensors")).Config;
        Assert.True(config.SelfNormalizing);
        Assert.Equal("selu", config.Activation);
        Assert.Equal(Init.LeCunNormal, config.Init);
        Assert.Equal(1, TrainCommand.Create().Parse(["--snn", "--act", "gelu", "--data", "digits", "--epochs", "1", "--out", run]).Invoke());
        Assert.Equal(1, TrainCommand.Create().Parse(["--snn", "--init", "KaimingNormal", "--data", "digits", "--epochs", "1", "--out", run]).Invoke());
    }
}
