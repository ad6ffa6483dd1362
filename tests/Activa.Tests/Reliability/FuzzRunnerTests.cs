using System.Text;
using Activa.Data;
using Activa.Reliability.Fuzzing;

namespace Activa.Tests.Reliability;

/// <summary>The runner's verdicts: clean rejections, escaped exceptions, hangs, excessive allocations, bad seeds, replay.</summary>
public sealed class FuzzRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-fuzzrun-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A parser of "digits only" text: rejects other bytes with DataFormatException, misbehaves on chosen bytes.</summary>
    private sealed class Toy(Func<string, bool>? escape = null, int sleepOnZ = 0, int allocateOnY = 0, string seed = "123")
        : FuzzTarget("toy", "test parser", ".bin", isText: true, typeof(DataFormatException))
    {
        protected override IEnumerable<byte[]> CreateSeeds(string scratch) => [Encoding.UTF8.GetBytes(seed)];
        public byte[]? Kept;

        public override void Parse(string path)
        {
            string text = File.ReadAllText(path);
            if (escape?.Invoke(text) == true) throw new IndexOutOfRangeException("toy bug");
            if (sleepOnZ > 0 && text.Contains('z')) Thread.Sleep(sleepOnZ);
            if (allocateOnY > 0 && text.Contains('y')) Kept = new byte[allocateOnY];
            if (text.Length == 0 || !text.All(char.IsAsciiDigit)) throw new DataFormatException(path, "not digits");
        }
    }

    [Fact]
    public void CountsAcceptedAndRejectedAndIsDeterministic()
    {
        var options = new FuzzOptions { Inputs = 300, Seed = 7, WorkDirectory = _dir };
        var a = FuzzRunner.Run(new Toy(), options);
        var b = FuzzRunner.Run(new Toy(), options);
        Assert.Equal(300, a.Inputs);
        Assert.Equal(0, a.Failed);
        Assert.Equal(300, a.Accepted + a.Rejected);
        Assert.True(a.Accepted > 10 && a.Rejected > 100, $"{a.Accepted} accepted, {a.Rejected} rejected");
        Assert.Equal((a.Accepted, a.Rejected), (b.Accepted, b.Rejected));
        Assert.Null(a.Stopped);
    }

    [Fact]
    public void EscapedExceptionsAreFailuresSavedForReplay()
    {
        var save = Path.Combine(_dir, "failures");
        var target = new Toy(escape: t => t.Contains(','));
        var report = FuzzRunner.Run(target, new FuzzOptions { Inputs = 400, Seed = 3, SaveFailures = save, WorkDirectory = _dir });
        Assert.True(report.Failed > 0);
        var failure = Assert.Single(report.Failures);
        Assert.StartsWith("IndexOutOfRangeException", failure.Signature);
        Assert.Equal(report.Failed, failure.Count);
        Assert.NotNull(failure.SavedPath);
        Assert.Contains(",", File.ReadAllText(failure.SavedPath!));
        Assert.Contains("activa fuzz --parser toy --replay", File.ReadAllText(failure.SavedPath + ".txt"));
        var (verdict, detail) = FuzzRunner.Replay(target, failure.SavedPath!);
        Assert.Equal(FuzzVerdict.Failed, verdict);
        Assert.Contains("toy bug", detail);
        Assert.Equal(FuzzVerdict.Accepted, FuzzRunner.Replay(new Toy(), WriteInput("42")).Verdict);
        Assert.Equal(FuzzVerdict.Rejected, FuzzRunner.Replay(new Toy(), WriteInput("4x")).Verdict);
    }

    private string WriteInput(string text)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AHangIsAFailureThatEndsTheRun()
    {
        var report = FuzzRunner.Run(new Toy(sleepOnZ: 3000, seed: "12z"), new FuzzOptions { Inputs = 50, Timeout = TimeSpan.FromMilliseconds(200), WorkDirectory = _dir });
        Assert.Equal(1, report.Failed);
        Assert.Equal("hang", report.Failures[0].Signature);
        Assert.Contains("seed", report.Failures[0].Mutations);
        Assert.NotNull(report.Stopped);
        Assert.Equal(1, report.Inputs);
    }

    [Fact]
    public void AnExcessiveAllocationIsAFailure()
    {
        var report = FuzzRunner.Run(new Toy(allocateOnY: 8 << 20, seed: "1y"), new FuzzOptions { Inputs = 20, MaxAllocatedBytes = 4 << 20, WorkDirectory = _dir });
        Assert.True(report.Failed >= 1);
        Assert.Contains(report.Failures, f => f.Signature.StartsWith("allocation", StringComparison.Ordinal) && f.Message.Contains("MiB"));
    }

    [Fact]
    public void ASeedThatDoesNotParseIsAFailure()
    {
        var report = FuzzRunner.Run(new Toy(seed: "abc"), new FuzzOptions { Inputs = 5, WorkDirectory = _dir });
        Assert.Contains(report.Failures, f => f.Signature.StartsWith("seed rejected", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 1.0, 1L, "Inputs")]
    [InlineData(10, 0.0, 1L, "Timeout")]
    [InlineData(10, 1.0, 0L, "MaxAllocatedBytes")]
    public void InvalidOptionsAreNamed(int inputs, double seconds, long bytes, string name)
    {
        var options = new FuzzOptions { Inputs = inputs, Timeout = TimeSpan.FromSeconds(seconds), MaxAllocatedBytes = bytes };
        Assert.Contains(name, Assert.Throws<ArgumentException>(() => FuzzRunner.Run(new Toy(), options)).Message);
    }

    [Fact]
    public void TargetsAreFoundByName()
    {
        Assert.Equal(FuzzTargets.Names.Count, FuzzTargets.Select("all").Count);
        Assert.Equal("idx", Assert.Single(FuzzTargets.Select("IDX")).Name);
        var e = Assert.Throws<ArgumentException>(() => FuzzTargets.Select("xml"));
        Assert.Contains("--parser", e.Message);
        Assert.Contains("safetensors", e.Message);
        Assert.Equal(FuzzTargets.Names.Count, FuzzTargets.Names.Distinct().Count());
    }
}
