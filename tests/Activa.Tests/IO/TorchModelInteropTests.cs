using System.Text.Json;
using Activa.Activations.Learnable;
using Activa.Cli;
using Activa.Data.Ctr;
using Activa.IO;
using Activa.IO.Torch;
using Activa.Kan;
using Activa.Models;
using Activa.Models.Ctr;
using Activa.Models.Forecasting;
using Activa.Nn;

namespace Activa.Tests.IO;

/// <summary>
/// PyTorch-compatible weights of the forecasting, CTR and KAN models, against fixtures made by
/// tests/fixtures/torch_interop/make_fixture.py with Debian's PyTorch 1.13: for each model NAME the script runs the Python
/// source of its family (forecast.py, ctr.py, kan.py: what <c>activa export --torch</c> writes beside the weights),
/// builds the module that NAME.activa.safetensors names (this exporter's output for the model of <see cref="Build"/>), loads the tensors
/// strictly into the module, saves the module's own state_dict as NAME.torch.safetensors and its outputs on fixed inputs;
/// then it changes every weight and saves NAME.changed.safetensors with the outputs after the change (NAME.outputs.json).
/// </summary>
public sealed class TorchModelInteropTests : IDisposable
{
    private const string Regenerate = "run 'ACTIVA_WRITE_TORCH_FIXTURE=1 dotnet test --filter TorchModelInteropTests', then tests/fixtures/torch_interop/make_fixture.py with PyTorch";
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch_interop");
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-torchm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Names => new(
        "linear", "dlinear", "dlinear-individual", "gru", "pgn", "tpgn", "tsmixer",
        "ctr-lr", "ctr-dnn", "ctr-deepfm", "ctr-din", "ctr-finalmlp", "ctr-dualmlp", "kan");

    private static readonly CtrVocabulary Vocabulary = new(Users: 6, Items: 9, Categories: 4, MaxHistory: 5);

    private static readonly ModelConfig KanConfig = new()
    {
        Model = "kan", Inputs = 4, Hidden = [3], Outputs = 2, Basis = "bspline(grid=4, order=3)", InputMean = 0.5f, InputStd = 2f,
    };

    /// <summary>One model with its PyTorch mapping: export, import, outputs on the fixture's inputs.</summary>
    private sealed record Case(Module Model, string Module, string Family, string Source, string Inputs,
        Func<Module, Dictionary<string, Tensor>> Export, Func<IReadOnlyDictionary<string, Tensor>, string, Module> Import,
        Func<Module, JsonElement, float[]> Run);

    private static Case Build(string name)
    {
        if (name == "kan") return Kan();
        if (name.StartsWith("ctr-", StringComparison.Ordinal)) return Ctr(name[4..]);
        var options = name switch
        {
            "linear" => new ForecastModelOptions { InputLength = 8, Horizon = 4, Channels = 2, RevIn = true, RevInAffine = true },
            "dlinear" => new ForecastModelOptions { InputLength = 8, Horizon = 4, Channels = 2, MovingAverage = 3 },
            "dlinear-individual" => new ForecastModelOptions { InputLength = 8, Horizon = 4, Channels = 2, MovingAverage = 4, Individual = true, RevIn = true },
            "gru" => new ForecastModelOptions { InputLength = 6, Horizon = 3, Channels = 2, Hidden = 4 },
            "pgn" => new ForecastModelOptions { InputLength = 8, Horizon = 3, Channels = 2, DModel = 4 },
            // L not a multiple of P (front padding), patches shorter than the period, H not a multiple of P
            "tpgn" => new ForecastModelOptions { InputLength = 10, Horizon = 6, Channels = 2, DModel = 4, Period = 4, PatchLength = 3, RevIn = true },
            "tsmixer" => new ForecastModelOptions { InputLength = 6, Horizon = 3, Channels = 3, Hidden = 5, Blocks = 2, GatedAttention = true, Activation = "prelu" },
            _ => throw new ArgumentException(name),
        };
        var model = ForecastModel.Create(name.Split('-')[0], options, 5);
        Perturb(model);
        var o = options;
        return new Case(model, TorchForecast.ModuleSource(model), "forecast", TorchForecast.PythonSource,
            $$"""{"kind": "forecast", "batch": 3, "length": {{o.InputLength}}, "channels": {{o.Channels}}}""",
            m => TorchForecast.StateDict((ForecastModel)m),
            (state, source) => TorchForecast.Import(name.Split('-')[0], options, state, source),
            (m, inputs) =>
            {
                var x = inputs.GetProperty("x").EnumerateArray().SelectMany(w => w.EnumerateArray().SelectMany(s => s.EnumerateArray().Select(v => v.GetSingle()))).ToArray();
                using var _ = Tensor.NoGrad();
                return m.Forward(Tensor.FromArray(x, x.Length / (o.InputLength * o.Channels), o.InputLength, o.Channels)).ToArray();
            });
    }

    private static Case Ctr(string name)
    {
        var options = new CtrModelOptions
        {
            EmbeddingDim = 3, Hidden = [5, 4], SecondHidden = [4, 2], AttentionHidden = 4, FusionHeads = 2,
            Activation = name switch { "dnn" => "prelu", "dualmlp" => "relu", _ => "dice" }, AttentionSoftmax = name == "din",
        };
        var model = CtrModel.Create(name, Vocabulary, options, 5);
        Perturb(model);
        var v = Vocabulary;
        return new Case(model, TorchCtr.ModuleSource(model), "ctr", TorchCtr.PythonSource,
            $$"""{"kind": "ctr", "batch": 6, "users": {{v.Users}}, "items": {{v.Items}}, "categories": {{v.Categories}}, "history": {{v.MaxHistory}}}""",
            m => TorchCtr.StateDict((CtrModel)m),
            (state, source) => TorchCtr.Import(name, Vocabulary, options, state, source),
            (m, inputs) =>
            {
                int[] Ints(string key) => [.. Flat(inputs.GetProperty(key)).Select(f => (int)f)];
                var user = Ints("user");
                var samples = new BehaviorSamples("fixture", v.MaxHistory, v.Users, v.Items, v.Categories, user, Ints("item"), Ints("category"),
                    new float[user.Length], Ints("h_items"), Ints("h_categories"), Ints("lengths"));
                using var _ = Tensor.NoGrad();
                return ((CtrModel)m).Logits(new CtrBatch(samples, Enumerable.Range(0, user.Length).ToArray())).ToArray();
            });
    }

    private static Case Kan()
    {
        var model = (Sequential)KanConfig.Build(new Generator(5));
        // knots placed at the data (uneven), as a grid update leaves them; the fixture's inputs also fall outside them
        KanNetwork.UpdateGrids(model, Tensor.Uniform([64, 4], -2f, 3f, new Generator(6)));
        Perturb(model);
        return new Case(model, TorchInterop.ModuleSource(KanConfig), "kan", TorchInterop.PythonSource(KanConfig),
            """{"kind": "features", "batch": 6, "features": 4, "low": -3.0, "high": 4.0}""",
            m => TorchInterop.StateDict(KanConfig, m),
            (state, source) => TorchInterop.Import(KanConfig, state, source).Model,
            (m, inputs) =>
            {
                var x = inputs.GetProperty("x").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetSingle())).ToArray();
                using var _ = Tensor.NoGrad();
                return m.Forward(Tensor.FromArray(x, x.Length / 4, 4)).ToArray();
            });
    }

    /// <summary>Moves every weight away from its initial value, as training would (embedding row 0, the padding, stays 0).</summary>
    private static void Perturb(Module model)
    {
        var noise = new Generator(11);
        using (Tensor.NoGrad())
        {
            foreach (var p in model.Parameters()) p.CopyFrom(p.Add(Tensor.Uniform(p.Shape.ToArray(), -0.2f, 0.2f, noise)));
            foreach (var module in model.NamedModules().Select(m => m.Module))
                if (module is Dice dice)
                {
                    dice.RunningMean.CopyFrom(Tensor.Uniform(dice.RunningMean.Shape.ToArray(), -0.5f, 0.5f, noise));
                    dice.RunningVar.CopyFrom(Tensor.Uniform(dice.RunningVar.Shape.ToArray(), 0.3f, 2f, noise));
                }
                else if (module is Embedding { PaddingIndex: { } pad } e) e.Weight.Storage.AsSpan(pad * e.Weight.Dims[1], e.Weight.Dims[1]).Clear();
        }
        model.Eval();
    }

    private static JsonElement Outputs(string name)
    {
        string file = Path.Combine(Fixtures, $"{name}.outputs.json");
        Assert.True(File.Exists(file), $"missing fixture {file}: {Regenerate}");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.Clone();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"{what} {i}: PyTorch {expected[i]}, Activa {actual[i]}");
    }

    private static float[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().SelectMany(Flat)] : [e.GetSingle()];

    [Theory]
    [MemberData(nameof(Names))]
    public void TheExportIsThePyTorchModulesStateDictAndComputesWhatPyTorchComputes(string name)
    {
        var c = Build(name);
        var state = c.Export(c.Model);
        if (Environment.GetEnvironmentVariable("ACTIVA_WRITE_TORCH_FIXTURE") == "1")
        {
            string folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "fixtures", "torch_interop"));
            // the Python source (what export --torch writes beside the weights) once per family, so that each file stays small
            File.WriteAllText(Path.Combine(folder, $"{c.Family}.py"), c.Source);
            SafeTensors.Save(Path.Combine(folder, $"{name}.activa.safetensors"), state, new Dictionary<string, string>
                { ["activa.module"] = c.Module, ["fixture.source"] = $"{c.Family}.py", ["fixture.inputs"] = c.Inputs });
        }
        // the modules PyTorch ran are the ones export prints
        Assert.Equal(c.Source, File.ReadAllText(Path.Combine(Fixtures, $"{c.Family}.py")));
        string torchFile = Path.Combine(Fixtures, $"{name}.torch.safetensors");
        Assert.True(File.Exists(torchFile), $"missing fixture {torchFile}: {Regenerate}");
        var torch = SafeTensors.Load(torchFile).Tensors;
        Assert.Equal(torch.Keys.Order(StringComparer.Ordinal), state.Keys.Order(StringComparer.Ordinal));   // PyTorch's own state_dict names
        foreach (var (key, tensor) in state)
        {
            Assert.Equal(torch[key].Shape.ToArray(), tensor.Shape.ToArray());
            var (want, have) = (torch[key].ToArray(), tensor.ToArray());
            for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(want[i] - have[i]) <= 1e-6f * (1 + Math.Abs(want[i])), $"{key}[{i}]: PyTorch {want[i]}, export {have[i]}");
        }
        var outputs = Outputs(name);
        Assert.Equal(c.Module, outputs.GetProperty("module").GetString());
        AssertClose(Flat(outputs.GetProperty("outputs_exported")), c.Run(c.Model, outputs.GetProperty("inputs")), "output");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WeightsSavedByPyTorchImportAndComputeWhatPyTorchComputes(string name)
    {
        var c = Build(name);
        var outputs = Outputs(name);
        string changed = Path.Combine(Fixtures, $"{name}.changed.safetensors");
        var imported = c.Import(SafeTensors.Load(changed).Tensors, changed);
        imported.Eval();
        AssertClose(Flat(outputs.GetProperty("outputs_changed")), c.Run(imported, outputs.GetProperty("inputs")), "output after the change");

        // the round trip gives back the same weights and buffers
        var back = c.Import(c.Export(c.Model), "export").StateDict();
        foreach (var (key, tensor) in c.Model.StateDict())
            Assert.Equal(tensor.ToArray(), back[key].ToArray());
    }

    [Theory]
    [InlineData("gru", "gru.weight_hh_l0", "head.bias", "[3]")]
    [InlineData("ctr-din", "attention.1.running_var", "mlp.0.bias", "[5]")]
    [InlineData("kan", "2.grid", "3.base_weight", "[2, 3]")]
    public void MismatchedFilesListEveryMismatch(string name, string missing, string reshaped, string expectedShape)
    {
        var c = Build(name);
        var state = c.Export(c.Model);
        state.Remove(missing);
        state["extra.weight"] = Tensor.Zeros(2);
        state[reshaped] = Tensor.Zeros(7);
        var message = Assert.Throws<CheckpointFormatException>(() => c.Import(state, "w.safetensors")).Message;
        Assert.Contains($"'{missing}' is missing", message);
        Assert.Contains("'extra.weight' is not part of the equivalent module", message);
        Assert.Contains($"'{reshaped}' has shape [7], expected {expectedShape}", message);
        Assert.Contains(c.Module, message);
    }

    [Fact]
    public void TheCommandsExportAndImportForecastingAndCtrRuns()
    {
        var forecast = (ForecastModel)Build("tpgn").Model;
        var ctr = (CtrModel)Build("ctr-finalmlp").Model;
        string fRun = Path.Combine(_dir, "f"), cRun = Path.Combine(_dir, "c");
        Directory.CreateDirectory(fRun);
        Directory.CreateDirectory(cRun);
        var info = new ForecastRunInfo("tpgn", forecast.Options, "synthetic", ["a", "b"], default, default, 5, [0f, 1f], [1f, 2f]);
        ForecastCheckpoint.Save(Path.Combine(fRun, "checkpoint.safetensors"), forecast, info);
        CtrCheckpoint.Save(Path.Combine(cRun, "checkpoint.safetensors"), ctr, new CtrRunInfo("finalmlp", ctr.Options, ctr.Vocabulary, "synthetic", 5));
        foreach (var (run, check) in new (string, Func<string, Module>)[]
        {
            (fRun, path => ForecastCheckpoint.Load(path).Model),
            (cRun, path => CtrCheckpoint.Load(path).Model),
        })
        {
            string weights = Path.Combine(run, "w.safetensors"), imported = Path.Combine(run, "imported");
            Assert.Equal(0, ExportCommand.Create().Parse([run, "--torch", weights]).Invoke());
            Assert.Contains("class ", File.ReadAllText(Path.Combine(run, "w.py")));               // the module's Python source beside the weights
            Assert.Equal(0, ImportCommand.Create().Parse([weights, "--like", run, "--out", imported]).Invoke());
            var original = check(Path.Combine(run, "checkpoint.safetensors")).StateDict();
            var back = check(Path.Combine(imported, "checkpoint.safetensors")).StateDict();     // a checkpoint of the same kind
            foreach (var (key, tensor) in original) Assert.Equal(tensor.ToArray(), back[key].ToArray());
        }
    }

    [Fact]
    public void MlpDiceKeepsItsRunningStatisticsThroughExportAndImport()
    {
        var config = new ModelConfig { Inputs = 4, Hidden = [3], Outputs = 2, Activation = "dice" };
        var model = config.Build(new Generator(3));
        Perturb(model);
        var state = TorchInterop.StateDict(config, model);
        Assert.Equal(["1.weight", "1.bias", "2.alpha", "2.running_mean", "2.running_var", "3.weight", "3.bias"], state.Keys);
        Assert.Equal("nn.Sequential(nn.Flatten(), nn.Linear(4, 3), Dice(3, eps=1E-08, momentum=0.1), nn.Linear(3, 2))", TorchInterop.ModuleSource(config));
        var back = TorchInterop.Import(config, state, "export").Model.StateDict();
        foreach (var (key, tensor) in model.StateDict()) Assert.Equal(tensor.ToArray(), back[key].ToArray());
    }

    [Fact]
    public void KanBasesWithoutAPyTorchCounterpartAreRefusedByName()
    {
        var config = KanConfig with { Basis = "chebyshev(degree=3)" };
        var e = Assert.Throws<NotSupportedException>(() => TorchInterop.StateDict(config, config.Build(new Generator(1))));
        Assert.Contains("chebyshev", e.Message);
        string run = Path.Combine(_dir, "kan");
        Directory.CreateDirectory(run);
        Checkpoint.Save(Path.Combine(run, "checkpoint.safetensors"), new CheckpointData(config, config.Build(new Generator(1)).StateDict(),
            new Dictionary<string, Tensor>(), new TrainingProgress()));
        Assert.Equal(1, ExportCommand.Create().Parse([run, "--torch", Path.Combine(_dir, "w.safetensors")]).Invoke());
    }
}
