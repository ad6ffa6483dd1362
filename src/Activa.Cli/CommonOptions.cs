using System.CommandLine;
using Activa.Data;

namespace Activa.Cli;

/// <summary>Options shared by several commands, and the error handling they share.</summary>
internal static class CommonOptions
{
    public static Option<string> Data(string defaultName) => new("--data")
    {
        Description = $"Dataset: {string.Join(", ", Datasets.Names)}, or 'auto' (fashion-mnist if installed, else the embedded digits).",
        DefaultValueFactory = _ => defaultName,
    };

    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = "Folder with the dataset's files (default for fashion-mnist: /usr/share/datasets/fashion-mnist).",
    };

    private static Option<int?> Threads() => new("--threads")
    {
        Description = "Worker threads (default: the ACTIVA_THREADS variable, else all cores).",
    };

    public static Option<bool> SkipNonFinite() => new("--skip-nonfinite")
    {
        Description = "Skip batches whose loss, inputs or gradients are NaN/∞ (counted per epoch) instead of stopping with the place named.",
    };

    /// <summary>"  skipped 3 batches (NaN/∞)" for an epoch's progress line, or "".</summary>
    public static string Skips(long skipped) => skipped > 0 ? $"  skipped {skipped} batch{(skipped == 1 ? "" : "es")} (NaN/∞)" : "";

    public static Option<string> Checkpoint() => new("--checkpoint")
    {
        Description = "A checkpoint written by 'activa train' (a run folder also works).",
        Required = true,
    };

    /// <summary>
    /// --allow-nonfinite, on the root and every command (recursive): checkpoints whose tensors hold NaN or ±∞ load
    /// instead of being refused. It sets <see cref="IO.SafeTensorsLoadOptions.Default"/> before the command runs.
    /// </summary>
    public static Option<bool> AllowNonFinite() => new("--allow-nonfinite")
    {
        Description = "Load checkpoints even when their weights hold NaN or ±∞ (refused by default: such weights are damaged or diverged).",
        Recursive = true,
        Action = new AllowNonFiniteAction(),
    };

    private sealed class AllowNonFiniteAction : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override bool Terminating => false;

        public override int Invoke(ParseResult parseResult)
        {
            IO.SafeTensorsLoadOptions.Default = IO.SafeTensorsLoadOptions.Default with { AllowNonFinite = true };
            return 0;
        }
    }

    /// <summary>Resolves 'auto' to fashion-mnist when its files are installed, else digits.</summary>
    public static string ResolveDataName(string name, string? dataDir)
    {
        if (!name.Equals("auto", StringComparison.OrdinalIgnoreCase)) return name;
        return IdxDataset.FashionMnist.IsAvailable(dataDir) ? "fashion-mnist" : "digits";
    }

    /// <summary>A checkpoint path from a file or a run folder.</summary>
    public static string ResolveCheckpoint(string path) =>
        Directory.Exists(path) ? Path.Combine(path, "checkpoint.safetensors") : path;

    private static void ApplyThreads(int? threads)
    {
        if (threads is { } t)
        {
            if (t < 1) throw new ArgumentException($"--threads must be at least 1, got {t}.");
            Kernels.Parallelism.Threads = t;
        }
    }

    /// <summary>A command named <paramref name="name"/> with <paramref name="options"/>, in that order.</summary>
    public static Command NewCommand(string name, string description, IEnumerable<Option> options)
    {
        var command = new Command(name, description);
        foreach (var option in options) command.Options.Add(option);
        return command;
    }

    /// <summary>Makes <paramref name="body"/> the action of <paramref name="command"/>, run under <see cref="Guard"/>.</summary>
    public static void SetAction(Command command, Func<ParseResult, int> body) =>
        command.SetAction(parse => Guard(() => body(parse)));

    /// <summary>
    /// Adds --threads to <paramref name="command"/> and makes <paramref name="body"/> its action, run under
    /// <see cref="Guard"/> after the thread count is applied.
    /// </summary>
    public static void SetThreadedAction(Command command, Func<ParseResult, int> body)
    {
        var threads = Threads();
        command.Options.Add(threads);
        SetAction(command, parse =>
        {
            ApplyThreads(parse.GetValue(threads));
            return body(parse);
        });
    }

    /// <summary>Runs a command body, turning expected failures into a one-line error and exit code 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or IOException or Training.NonFiniteException or InvalidOperationException or NotSupportedException)
        {
            Console.Error.WriteLine($"activa: error: {e.Message}");
            return 1;
        }
    }
}
