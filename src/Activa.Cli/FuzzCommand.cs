using System.CommandLine;
using System.Globalization;
using Activa.Reliability.Fuzzing;

namespace Activa.Cli;

/// <summary>
/// <c>activa fuzz --parser NAME|all --inputs N --seed S [--save-failures DIR]</c>: runs the structured mutator over
/// the parsers (<see cref="FuzzTargets"/>) and prints, per parser, inputs run, rejected cleanly, accepted, failures and
/// inputs per second; <c>--replay FILE</c> parses one saved input. Exit code 1 when any input failed.
/// </summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var parser = new Option<string>("--parser") { Description = $"Parser to fuzz: all, {string.Join(", ", FuzzTargets.Names)}.", DefaultValueFactory = _ => "all" };
        var inputs = new Option<int>("--inputs") { Description = "Inputs per parser, the unmutated seeds included.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the mutator: the same seed gives the same inputs.", DefaultValueFactory = _ => 1UL };
        var timeout = new Option<double>("--timeout") { Description = "Seconds allowed per input; longer is a failure (a hang).", DefaultValueFactory = _ => 2.0 };
        var save = new Option<string?>("--save-failures") { Description = "Folder where the first input of each kind of failure is saved (with a .txt saying what failed)." };
        var replay = new Option<string?>("--replay") { Description = "Parse this one saved input with --parser (a single parser) and say how it went." };
        var command = new Command("fuzz", "Fuzz the parsers (IDX, safetensors and checkpoints, click logs, schemas, time series, JSON options) with mutated inputs.")
        {
            parser, inputs, seed, timeout, save, replay,
        };
        CommonOptions.SetAction(command, parse =>
        {
            var targets = FuzzTargets.Select(parse.GetValue(parser)!);
            double seconds = parse.GetValue(timeout);
            if (!(seconds > 0)) throw new ArgumentException($"--timeout must be positive, got {seconds.ToString(CultureInfo.InvariantCulture)}.");
            var options = new FuzzOptions
            {
                Inputs = parse.GetValue(inputs), Seed = parse.GetValue(seed), Timeout = TimeSpan.FromSeconds(seconds),
                SaveFailures = parse.GetValue(save),
            };
            if (options.Inputs < 1) throw new ArgumentException($"--inputs must be at least 1, got {options.Inputs}.");
            if (parse.GetValue(replay) is { } file)
            {
                if (targets.Count != 1) throw new ArgumentException("--replay needs one --parser, not 'all'.");
                var (verdict, detail) = FuzzRunner.Replay(targets[0], file, options);
                Console.WriteLine($"{targets[0].Name}: {file}: {verdict.ToString().ToLowerInvariant()}{(detail is null ? "" : $" ({detail})")}");
                return verdict == FuzzVerdict.Failed ? 1 : 0;
            }
            Console.WriteLine($"{"parser",-20} {"inputs",9} {"rejected",9} {"accepted",9} {"failures",9} {"inputs/s",9}");
            int failed = 0;
            foreach (var target in targets)
            {
                var report = FuzzRunner.Run(target, options);
                failed += report.Failed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Target,-20} {report.Inputs,9} {report.Rejected,9} {report.Accepted,9} {report.Failed,9} {report.InputsPerSecond,9:F0}"));
                foreach (var f in report.Failures)
                    Console.WriteLine($"    {f.Count} x {f.Signature}: {f.Message} [input {f.FirstInput}, {f.Mutations}]{(f.SavedPath is null ? "" : $" saved: {f.SavedPath}")}");
                if (report.Stopped is { } why) Console.WriteLine($"    {why}");
            }
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
