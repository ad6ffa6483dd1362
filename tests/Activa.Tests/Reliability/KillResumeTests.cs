using System.Diagnostics;
using Activa.IO;
using Xunit.Abstractions;

namespace Activa.Tests.Reliability;

/// <summary>
/// Fault injection: `activa train` runs in a child process that is killed (SIGKILL) at random moments of its life —
/// while starting, training, or writing a checkpoint (1 MB with the optimiser state) — <see cref="Kills"/> times, several
/// times per run where it lasts long enough. After every kill the run's last checkpoint must load,
/// and `activa train --resume` (or a fresh start, when no checkpoint was written yet) must carry the run on to exactly
/// the weights of an uninterrupted run.
/// </summary>
[Collection("GlobalSettings")]
public class KillResumeTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Kills per test run (ACTIVA_KILLS overrides the default of 50).</summary>
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("ACTIVA_KILLS"), out int k) ? k : 50;

    private const int Epochs = 8;
    private readonly string _root = Directory.CreateTempSubdirectory("activa-kill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly string[] Settings =
        ["--data", "digits", "--hidden", "256,256", "--epochs", $"{Epochs}", "--batch", "64", "--seed", "3", "--threads", "1"];

    [Fact]
    public void KilledTrainingResumesToTheUninterruptedWeights()
    {
        string reference = Path.Combine(_root, "reference");
        var clock = Stopwatch.StartNew();
        var (code, text) = Cli(null, ["train", .. Settings, "--out", reference]);
        // Kills fall in the first two thirds of an uninterrupted run's length after each start or resume: start-up, epochs and
        // checkpoint writes, and since each resume starts later in the run, the kills of one job spread over all its epochs.
        int killWindow = Math.Max(200, (int)clock.ElapsedMilliseconds * 2 / 3);
        Assert.True(code == 0, text);
        var want = Checkpoint.Load(Path.Combine(reference, "checkpoint.safetensors")).Model;

        var random = new Random(2026);
        int kills = 0, jobs = 0, beforeFirstCheckpoint = 0, duringWrite = 0, resumes = 0;
        while (kills < Kills)
        {
            string dir = Path.Combine(_root, $"job-{++jobs}");
            string checkpoint = Path.Combine(dir, "checkpoint.safetensors");
            long lastStep = -1;
            while (true)
            {
                bool resume = File.Exists(checkpoint);
                resumes += resume ? 1 : 0;
                string[] args = resume ? ["train", "--resume", dir] : ["train", .. Settings, "--out", dir];
                var delay = kills < Kills ? TimeSpan.FromMilliseconds(random.Next(100, killWindow)) : (TimeSpan?)null;
                var (exit, log) = Cli(delay, args, slowWrites: jobs % 2 == 0);
                if (exit == 0) break;                                   // finished before the kill
                Assert.True(exit == 137, $"job {jobs}: exit {exit} (not a kill):\n{log}");
                kills++;
                if (Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.tmp-*").Any()) duringWrite++;
                if (!File.Exists(checkpoint))
                {
                    beforeFirstCheckpoint++;
                    continue;
                }
                var saved = Checkpoint.Load(checkpoint);                // the last checkpoint always loads...
                Assert.True(saved.Progress.Step >= lastStep, $"job {jobs}: the checkpoint went back from step {lastStep} to {saved.Progress.Step}");
                lastStep = saved.Progress.Step;                         // ...and never loses progress already saved
            }
            var got = Checkpoint.Load(checkpoint);
            Assert.Equal(Epochs, got.Progress.EpochsCompleted);
            Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp-*"));          // training clears what a killed write left
            foreach (var (name, w) in want)
                Assert.True(w.ToArray().AsSpan().SequenceEqual(got.Model[name].ToArray()), $"job {jobs}: '{name}' differs from the uninterrupted run");
        }
        Assert.True(Kills < 20 || duringWrite > 0, $"none of {kills} kills fell inside a file write");
        output.WriteLine($"{kills} kills over {jobs} runs: {resumes} resumes, {beforeFirstCheckpoint} before the first checkpoint, " +
                         $"{duringWrite} during a file write (temporary file left); every run ended with the uninterrupted weights.");
    }

    /// <summary>
    /// Runs the CLI (the build beside the tests); with <paramref name="killAfter"/>, SIGKILLs it after that long. With
    /// <paramref name="slowWrites"/> every file write pauses halfway for 250 ms (ACTIVA_FAULT_WRITE_PAUSE_MS), so that
    /// many kills land inside a checkpoint write.
    /// </summary>
    private static (int Code, string Output) Cli(TimeSpan? killAfter, string[] args, bool slowWrites = false)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (slowWrites) start.Environment["ACTIVA_FAULT_WRITE_PAUSE_MS"] = "250";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Activa.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (killAfter is { } wait && !process.WaitForExit(wait)) process.Kill(); // SIGKILL on Linux
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"activa {string.Join(' ', args)} ran over 2 minutes.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
