using System.Globalization;
using System.Text;
using Activa.Cli;

namespace Activa.Tests.Cli;

/// <summary>`activa forecast train | predict | compare` run in-process on a small CSV: exit codes and the files written.</summary>
public sealed class ForecastCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"activa-forecast-cli-{Guid.NewGuid():N}");
    private readonly string _csv;

    public ForecastCommandTests()
    {
        Directory.CreateDirectory(_dir);
        _csv = Path.Combine(_dir, "load.csv");
        var text = new StringBuilder("date,load,temp\n");
        var start = new DateTime(2024, 1, 1);
        for (int t = 0; t < 600; t++)
            text.Append(CultureInfo.InvariantCulture, $"{start.AddHours(t):yyyy-MM-dd HH:mm:ss},{10 + 3 * Math.Sin(2 * Math.PI * t / 24):F4},{5 + Math.Cos(2 * Math.PI * t / 24):F4}\n");
        File.WriteAllText(_csv, text.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) => ForecastCommand.Create().Parse(args).Invoke();

    [Fact]
    public void TrainThenPredictWritesACheckpointAndForecastsOnTheOriginalScale()
    {
        string run = Path.Combine(_dir, "run");
        Assert.Equal(0, Run("train", "--model", "dlinear", "--data", _csv, "--input", "48", "--horizon", "24", "--epochs", "2", "--out", run));
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.safetensors")));
        Assert.True(File.Exists(Path.Combine(run, "history.json")));

        Assert.Equal(0, Run("predict", run));
        var rows = File.ReadAllLines(Path.Combine(run, "forecasts.csv"));
        Assert.Equal("window,column,step,date,forecast,actual", rows[0]);
        // TSL 7:1:2 of 600 rows: the test split is the last 120 rows plus L before them → 168 − 48 − 24 + 1 = 97 windows.
        Assert.Equal(97 * 24 * 2 + 1, rows.Length);
        var first = rows[1].Split(',');
        Assert.Equal("load", first[1]);
        Assert.InRange(double.Parse(first[5], CultureInfo.InvariantCulture), 6.9, 13.1);     // the original scale, not z-scores

        string future = Path.Combine(_dir, "future.csv");
        Assert.Equal(0, Run("predict", run, "--future", "--out", future));
        var ahead = File.ReadAllLines(future);
        Assert.Equal(24 * 2 + 1, ahead.Length);
        Assert.StartsWith("load,1,2024-01-26T00:00:00,", ahead[1]);                          // the step after the last row
    }

    [Fact]
    public void CompareWritesTablesAndPlotsAndSkipsHorizonsThatDoNotFit()
    {
        string dir = Path.Combine(_dir, "compare");
        Assert.Equal(0, Run("compare", "--models", "linear,pgn", "--horizons", "24,500", "--seeds", "2", "--data", _csv,
            "--input", "48", "--epochs", "1", "--out", dir));
        var table = File.ReadAllText(Path.Combine(dir, "results.md"));
        Assert.Contains("| linear | 24 |", table);
        Assert.Contains("| pgn | 24 |", table);
        Assert.Contains("H=500 skipped", table);
        Assert.Equal(1 + 2 * 2, File.ReadAllLines(Path.Combine(dir, "results.csv")).Length);   // header + 2 models × 2 seeds
        Assert.True(new FileInfo(Path.Combine(dir, "forecast-H24.png")).Length > 1000);
        Assert.False(File.Exists(Path.Combine(dir, "forecast-H500.png")));
    }

    [Theory]
    [InlineData("train", "--model", "lstm")]
    [InlineData("train", "--protocol", "ett")]
    [InlineData("train", "--horizon", "5000")]
    [InlineData("compare", "--models", "linear,nope")]
    [InlineData("compare", "--horizons", "24,x")]
    public void BadOptionsFailWithExitCodeOne(params string[] args)
    {
        Assert.Equal(1, Run([.. args, "--data", _csv, "--input", "48", "--epochs", "1", "--out", Path.Combine(_dir, "bad")]));
    }
}
