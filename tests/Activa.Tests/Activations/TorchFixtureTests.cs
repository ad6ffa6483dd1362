using System.Text.Json;
using Activa.Activations;

namespace Activa.Tests.Activations;

/// <summary>
/// Every activation that PyTorch has built in matches PyTorch 1.13: values and autograd gradients through the
/// tensor path, against float64 fixtures written by tests/fixtures/activations/make_fixtures.py, to
/// |a − b| ≤ 1e−6 + 1e−5·|b|. The fixtures name the PyTorch expression they evaluated, which must be the
/// catalogue's <see cref="ActivationInfo.Torch"/> string, so the two cannot drift apart.
/// </summary>
public class TorchFixtureTests
{
    private const double Abs = 1e-6, Rel = 1e-5;
    private const string Regenerate = "add it to the table in tests/fixtures/activations/make_fixtures.py and run that script with PyTorch 1.13";

    private sealed record Fixture(string Expr, double[] X, double[] Y, double[] Dy);

    private static readonly Lazy<Dictionary<string, Fixture>> Fixtures = new(Load);

    private static Dictionary<string, Fixture> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "activations", "torch_fixtures.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, Fixture>();
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            if (entry.Name.StartsWith('_')) continue; // metadata such as the PyTorch version
            double[] Array(string key) => [.. entry.Value.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];
            result[entry.Name] = new Fixture(entry.Value.GetProperty("expr").GetString()!, Array("x"), Array("y"), Array("dy"));
        }
        return result;
    }

    public static TheoryData<string> TorchNames() => [.. Activation.Catalog.Where(i => i.Torch != null).Select(i => i.Name)];

    [Fact]
    public void FixturesAndCatalogueNameTheSameExpressions()
    {
        var fixtures = Fixtures.Value;
        foreach (var info in Activation.Catalog.Where(i => i.Torch != null))
        {
            Assert.True(fixtures.TryGetValue(info.Name, out var f), $"No PyTorch fixture for '{info.Name}' ({info.Torch}): {Regenerate}.");
            Assert.True(f!.Expr == info.Torch, $"'{info.Name}': the catalogue says {info.Torch} but the fixture evaluated {f.Expr}: {Regenerate}.");
        }
        foreach (var (name, f) in fixtures)
        {
            Assert.True(Activation.Exists(name), $"Fixture '{name}' names no registered activation.");
            Assert.True(Activation.Info(name).Name == name, $"Fixture '{name}' uses an alias; use the primary name {Activation.Info(name).Name}.");
            Assert.True(Activation.Info(name).Torch == f.Expr, $"Fixture '{name}' evaluated {f.Expr} but the catalogue has Torch = {Activation.Info(name).Torch ?? "null"}.");
            Assert.True(f.X.Length == f.Y.Length && f.X.Length == f.Dy.Length && f.X.Length > 100, $"Fixture '{name}' is malformed.");
        }
    }

    [Theory]
    [MemberData(nameof(TorchNames))]
    public void ValuesAndGradientsMatchPyTorch(string name)
    {
        Assert.True(Fixtures.Value.TryGetValue(name, out var f), $"No PyTorch fixture for '{name}': {Regenerate}.");
        var act = Activation.Create(name);
        var xs = f!.X.Select(v => (float)v).ToArray();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(f.X[i], (double)xs[i]); // the fixture's inputs are float32 values

        var x = Tensor.FromArray(xs, xs.Length);
        x.RequiresGrad = true;
        var y = act.Forward(x);
        y.Backward(Tensor.OnesLike(y));
        var ys = y.ToArray();
        var gs = x.Grad!.ToArray();

        var failures = new List<string>();
        for (int i = 0; i < xs.Length; i++)
        {
            if (!Close(ys[i], f.Y[i])) failures.Add($"{name}({xs[i]:R}) = {ys[i]:R}, PyTorch {f.Y[i]:R}");
            if (!Close(gs[i], f.Dy[i])) failures.Add($"{name}'({xs[i]:R}) = {gs[i]:R}, PyTorch {f.Dy[i]:R}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches with {f.Expr}:\n" + string.Join("\n", failures.Take(12)));
    }

    private static bool Close(double actual, double expected) =>
        actual == expected || (double.IsNaN(actual) && double.IsNaN(expected)) || Math.Abs(actual - expected) <= Abs + Rel * Math.Abs(expected);
}
