using System.Globalization;
using System.Text;
using Activa.Cli;

namespace Activa.Tests.Cli;

/// <summary>`activa ctr train --data FILE --schema S` and `ctr eval` run in-process: exit codes and the files written.</summary>
[Collection("GlobalSettings")]
public sealed class CtrCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-ctr-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) => CtrCommand.Create().Parse(args).Invoke();

    /// <summary>A click log where users click items whose colour matches their history's, with a schema for it.</summary>
    private (string Csv, string Schema) ClickFile()
    {
        var g = new Random(5);
        var text = new StringBuilder("click,user,item,color,price,history\n");
        for (int r = 0; r < 3000; r++)
        {
            int user = g.Next(50), taste = user % 4, item = g.Next(40), color = item % 4;
            var history = string.Join(' ', Enumerable.Range(0, 5).Select(_ => $"i{4 * g.Next(10) + taste}"));
            int click = g.NextDouble() < (color == taste ? 0.8 : 0.15) ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{click},u{user},i{item},c{color},{g.NextDouble() * 10:F2},{history}\n");
        }
        string csv = Path.Combine(_dir, "clicks.csv"), schema = Path.Combine(_dir, "clicks.json");
        File.WriteAllText(csv, text.ToString());
        File.WriteAllText(schema, """
            { "label": { "column": "click" },
              "fields": [
                { "kind": "categorical", "column": "user" },
                { "kind": "categorical", "column": "item" },
                { "kind": "categorical", "column": "color" },
                { "kind": "numeric", "column": "price" },
                { "kind": "sequence", "column": "history", "separator": " ", "maxLength": 10, "vocabularyFrom": "item" } ] }
            """);
        return (csv, schema);
    }

    [Fact]
    public void TrainOnAFileWithASchemaThenEvalTheRun()
    {
        var (csv, schema) = ClickFile();
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, Run("train", "--data", csv, "--schema", schema, "--model", "din", "--user-field", "user", "--epochs", "3", "--out", run));
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.safetensors")));
        Assert.True(File.Exists(Path.Combine(run, "history.json")));
        Assert.Equal(0, Run("eval", run));
        Assert.Equal(0, Run("eval", run, "--data", csv));
    }

    [Fact]
    public void CompareRunsEachModelAndSeedOnAFile()
    {
        var (csv, schema) = ClickFile();
        string dir = Path.Combine(_dir, "compare");
        Assert.Equal(0, Run("compare", "--data", csv, "--schema", schema, "--models", "lr,dnn", "--seeds", "2", "--epochs", "10", "--lr", "0.01", "--user-field", "user", "--out", dir));
        var results = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        Assert.Equal(1 + 2 * 2, results.Length);
        // Clicks depend on the user's taste matching the item's colour: an interaction the DNN learns and LR cannot.
        double Auc(string model) => results[1..].Where(r => r.StartsWith(model + ",")).Average(r => double.Parse(r.Split(',')[2], CultureInfo.InvariantCulture));
        Assert.True(Auc("dnn") > 0.65 && Auc("dnn") > Auc("lr") + 0.1, $"test AUC: dnn {Auc("dnn"):F4}, lr {Auc("lr"):F4}");
        Assert.True(File.Exists(Path.Combine(dir, "dnn-1", "checkpoint.safetensors")));
        Assert.Contains("RelaImpr vs lr", File.ReadAllText(Path.Combine(dir, "results.md")));
    }

    [Fact]
    public void BadFileOptionsExitWithOne()
    {
        var (csv, schema) = ClickFile();
        string bad = Path.Combine(_dir, "bad");
        Assert.Equal(1, Run("train", "--data", csv, "--model", "dnn", "--out", bad));                                   // no schema
        Assert.Equal(1, Run("train", "--data", csv, "--schema", Path.Combine(_dir, "missing.json"), "--out", bad));
        Assert.Equal(1, Run("train", "--data", Path.Combine(_dir, "missing.csv"), "--schema", schema, "--out", bad));
        Assert.Equal(1, Run("train", "--data", csv, "--schema", schema, "--model", "nope", "--out", bad));
        Assert.Equal(1, Run("eval", Path.Combine(_dir, "no-run")));
    }
}
