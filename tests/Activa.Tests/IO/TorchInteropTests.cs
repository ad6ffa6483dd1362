using System.Text.Json;
using Activa.Cli;
using Activa.IO;
using Activa.Models;

namespace Activa.Tests.IO;

/// <summary>
/// PyTorch-compatible weights, against fixtures made by tests/fixtures/torch_interop/make_fixture.py with Debian's
/// PyTorch 1.13: the script loads mlp.activa.safetensors (this exporter's output for <see cref="Config"/> at seed 7) into
/// the nn.Sequential named in its metadata, records its outputs, changes every weight, and saves the module's own
/// state_dict as mlp.torch.safetensors with the outputs after the change.
/// </summary>
public sealed class TorchInteropTests : IDisposable
{
    private const string Regenerate = "run 'ACTIVA_WRITE_TORCH_FIXTURE=1 dotnet test --filter TorchInteropTests', then tests/fixtures/torch_interop/make_fixture.py with PyTorch";
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch_interop");
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-torch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>64 → 16 → 12 → 10 with PReLU (one slope per unit) and a standardisation to fold.</summary>
    private static readonly ModelConfig Config = new()
    {
        Inputs = 64, Hidden = [16, 12], Outputs = 10, Activation = "prelu(sharing=1, init=0.2)", InputMean = 0.3f, InputStd = 2f, Dataset = "digits",
    };

    private static (Activa.Nn.Module Model, Dictionary<string, Tensor> State) Exported()
    {
        var model = Config.Build(new Generator(7));
        return (model, TorchInterop.StateDict(Config, model));
    }

    private static (float[][] Inputs, float[][] Before, float[][] After) Outputs()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "mlp.outputs.json")));
        float[][] Rows(string name) => [.. json.RootElement.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
        return (Rows("inputs"), Rows("outputs_exported"), Rows("outputs_changed"));
    }

    private static void AssertOutputs(Activa.Nn.Module model, float[][] inputs, float[][] expected)
    {
        model.Eval();
        var x = Tensor.FromArray([.. inputs.SelectMany(r => r)], inputs.Length, inputs[0].Length);
        float[] y;
        using (Tensor.NoGrad()) y = model.Forward(x).ToArray();
        for (int r = 0; r < inputs.Length; r++)
            for (int c = 0; c < expected[r].Length; c++)
                Assert.True(Math.Abs(expected[r][c] - y[r * expected[r].Length + c]) <= 1e-5 + 1e-5 * Math.Abs(expected[r][c]),
                    $"row {r}, output {c}: PyTorch {expected[r][c]}, Activa {y[r * expected[r].Length + c]}");
    }

    [Fact]
    public void TheExportHasTheNamesAndLayoutOfTheEquivalentSequentialAndComputesWhatPyTorchComputes()
    {
        var (model, state) = Exported();
        string file = Path.Combine(Fixtures, "mlp.activa.safetensors");
        if (Environment.GetEnvironmentVariable("ACTIVA_WRITE_TORCH_FIXTURE") == "1")
        {
            string source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "fixtures", "torch_interop", "mlp.activa.safetensors"));
            SafeTensors.Save(source, state, new Dictionary<string, string> { ["activa.module"] = TorchInterop.ModuleSource(Config) });
        }
        Assert.True(File.Exists(file), $"missing fixture {file}: {Regenerate}");
        Assert.Equal("nn.Sequential(nn.Flatten(), nn.Linear(64, 16), nn.PReLU(16), nn.Linear(16, 12), nn.PReLU(12), nn.Linear(12, 10))", TorchInterop.ModuleSource(Config));
        Assert.Equal(["1.weight", "1.bias", "2.weight", "3.weight", "3.bias", "4.weight", "5.weight", "5.bias"], state.Keys);
        var fixture = SafeTensors.Load(file).Tensors;
        foreach (var (name, tensor) in state)
        {
            var (want, have) = (fixture[name].ToArray(), tensor.ToArray());
            Assert.Equal(want.Length, have.Length);
            for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(want[i] - have[i]) <= 1e-6f * (1 + Math.Abs(want[i])), $"{name}[{i}]: fixture {want[i]}, export {have[i]}");
        }
        // the Activa model (with its standardisation) computes what PyTorch computed on the exported, folded weights
        var (inputs, before, _) = Outputs();
        AssertOutputs(model, inputs, before);
    }

    [Fact]
    public void WeightsSavedByPyTorchImportIntoTheModelAndComputeWhatPyTorchComputes()
    {
        var (inputs, _, after) = Outputs();
        var torchFile = Path.Combine(Fixtures, "mlp.torch.safetensors");
        var (model, config) = TorchInterop.Import(Config, SafeTensors.Load(torchFile).Tensors, torchFile);
        Assert.Equal(0, config.InputMean);
        Assert.Equal(1, config.InputStd);
        AssertOutputs(model, inputs, after);

        // and through the commands: export a run, import it back, same outputs
        string run = Path.Combine(_dir, "run"), imported = Path.Combine(_dir, "imported"), weights = Path.Combine(_dir, "w.safetensors");
        var (exportedModel, _) = Exported();
        Directory.CreateDirectory(run);
        Checkpoint.Save(Path.Combine(run, "checkpoint.safetensors"), new CheckpointData(Config, exportedModel.StateDict(), new Dictionary<string, Tensor>(), new TrainingProgress()));
        Assert.Equal(0, ExportCommand.Create().Parse([run, "--torch", weights]).Invoke());
        Assert.Equal(0, ImportCommand.Create().Parse([weights, "--like", run, "--out", imported]).Invoke());
        var back = Checkpoint.Load(Path.Combine(imported, "checkpoint.safetensors"));
        var rebuilt = back.Config.Build();
        rebuilt.LoadStateDict(back.Model);
        AssertOutputs(rebuilt, inputs, Outputs().Before);
    }

    [Fact]
    public void BadFilesAndModelsAreClearErrors()
    {
        var (_, state) = Exported();
        state.Remove("3.bias");
        state["9.weight"] = Tensor.Zeros(2);
        state["1.weight"] = Tensor.Zeros(16, 63);
        var message = Assert.Throws<CheckpointFormatException>(() => TorchInterop.Import(Config, state, "w")).Message;
        Assert.Contains("'3.bias' is missing", message);                       // every mismatch, in one message
        Assert.Contains("'9.weight' is not part", message);
        Assert.Contains("shape [16, 63], expected [16, 64]", message);
        var kan = new ModelConfig { Model = "kan", Inputs = 2, Hidden = [2], Outputs = 2, Basis = "rbf" };   // B-spline KANs are covered, other bases not
        Assert.Contains("rbf", Assert.Throws<NotSupportedException>(() => TorchInterop.StateDict(kan, kan.Build())).Message);
        Assert.Equal(1, ExportCommand.Create().Parse([_dir]).Invoke());
    }
}
