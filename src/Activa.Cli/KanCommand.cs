using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Activa.IO;
using Activa.Kan;
using Activa.Training;
using Spectre.Console;

namespace Activa.Cli;

/// <summary>
/// <c>activa kan</c>: Kolmogorov–Arnold networks. <c>kan fit</c> fits a toy formula with a KAN and an MLP of the same
/// parameter count (the KAN paper's §3.1 comparison); <c>kan bases</c> lists the bases.
/// </summary>
internal static class KanCommand
{
    public static Command Create()
    {
        return new Command("kan", "Kolmogorov–Arnold networks: fit a toy formula against an MLP of equal parameters, list the bases, prune a run, fit its edges symbolically.")
        {
            CreateFit(),
            CreateBases(),
            KanPruneCommand.Create(),
            KanSymbolicCommand.Create(),
        };
    }

    private static Command CreateFit()
    {
        var defaults = new KanFitOptions();
        var formula = new Option<string>("--formula") { Description = $"Target of x1..xn, e.g. \"exp(sin(pi*x1)+x2^2)\": numbers, pi, e, + - * / ^, {string.Join(" ", Formula.Functions)}.", Required = true };
        var width = new Option<string>("--hidden", "--width") { Description = "Hidden widths of the KAN [n, hidden..., 1], comma-separated (the paper's [4, 4, 2, 1]: --hidden 4,2).", DefaultValueFactory = _ => string.Join(",", defaults.Hidden) };
        var grid = new Option<string?>("--grid") { Description = $"B-spline grid sizes, one training stage each with grid extension between them (default {string.Join(",", KanFitOptions.DefaultGrids)}; one value: no extension)." };
        var basis = new Option<string>("--basis") { Description = $"KAN basis spec: {string.Join(", ", KanBases.Names)} (see 'activa kan bases').", DefaultValueFactory = _ => defaults.Basis };
        var steps = new Option<int>("--steps") { Description = "Full-batch Adam steps per model (split equally across grid stages).", DefaultValueFactory = _ => defaults.Steps };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate, cosine-annealed to 1 % of it.", DefaultValueFactory = _ => defaults.Lr };
        var mlpDepth = new Option<int>("--mlp-depth") { Description = "Hidden layers of the MLP baseline (its width is chosen to match the KAN's parameter count).", DefaultValueFactory = _ => defaults.MlpDepth };
        var mlpAct = new Option<string>("--mlp-act") { Description = "Activation of the MLP baseline.", DefaultValueFactory = _ => defaults.MlpActivation };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the samples and weights (first seed with --seeds)." };
        var seeds = new Option<int>("--seeds") { Description = "Repeat with this many seeds (seed, seed+1, ...) and report mean ± sd.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Run folder: the KAN's checkpoint.safetensors (for 'activa plot RUN --edges') and fit.json." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the result, not the progress." };
        var command = new Command("fit", "Fit a formula on inputs uniform in [-1, 1] (1000 train / 1000 test) with a KAN [n, width, 1] and an MLP of the same parameter count; report test RMSE.")
        {
            formula, width, grid, basis, steps, lr, mlpDepth, mlpAct, seed, seeds, output, quiet,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            int seedCount = parse.GetValue(seeds);
            if (seedCount < 1) throw new ArgumentException($"--seeds must be at least 1, got {seedCount}.");
            var options = new KanFitOptions
            {
                Formula = parse.GetValue(formula)!, Hidden = TrainCommand.ParseWidths(parse.GetValue(width)!, "--hidden"), Basis = parse.GetValue(basis)!,
                Grids = parse.GetValue(grid) is { } g ? TrainCommand.ParseWidths(g, "--grid") : null,
                Steps = parse.GetValue(steps), Lr = parse.GetValue(lr), MlpDepth = parse.GetValue(mlpDepth),
                MlpActivation = parse.GetValue(mlpAct)!, Seed = parse.GetValue(seed),
            };
            options.Validate();
            bool verbose = !parse.GetValue(quiet);
            var results = new List<KanFitResult>();
            for (int s = 0; s < seedCount; s++)
            {
                var run = options with { Seed = options.Seed + (ulong)s };
                if (s == 0) Console.WriteLine(Header(run));
                var result = KanFit.Run(run, verbose ? p => Console.WriteLine(Progress(p)) : null);
                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seed {run.Seed}: test RMSE kan {result.KanTestRmse:G4}, mlp {result.MlpTestRmse:G4} (train {result.KanTrainRmse:G4} / {result.MlpTrainRmse:G4}; {result.KanSeconds:F1} s / {result.MlpSeconds:F1} s)"));
            }
            Console.WriteLine(Summary(results));
            if (parse.GetValue(output) is { } dir) Save(dir, options, results);
            return 0;
        });
        return command;
    }

    /// <summary>The two models and their parameter counts, before training.</summary>
    internal static string Header(KanFitOptions options)
    {
        var f = Formula.Parse(options.Formula);
        int n = Math.Max(1, f.Variables);
        var stages = options.Stages;
        long kanParameters = new Models.ModelConfig { Model = "kan", Inputs = n, Hidden = options.Hidden, Outputs = 1, Basis = options.StageBasis(Math.Max(0, stages.Length - 1)) }.ParameterCount();
        var widths = KanFitBaseline.EqualParameterWidths(n, 1, options.MlpDepth, kanParameters);
        long mlpParameters = KanFitBaseline.MlpParameters(n, widths, 1);
        string grids = stages.Length > 1 ? $", grid {string.Join(" → ", stages)} (extension)" : "";
        return $"activa kan fit: {f.Text} ({n} inputs uniform in [-1, 1], {options.TrainSamples} train / {options.TestSamples} test)\n" +
               $"  kan [{n}, {string.Join(", ", options.Hidden)}, 1] {options.StageBasis(Math.Max(0, stages.Length - 1))}{grids}: {kanParameters:N0} parameters\n" +
               $"  mlp [{n}, {string.Join(", ", widths)}, 1] {options.MlpActivation}: {mlpParameters:N0} parameters (widths chosen to match the kan's count)\n" +
               string.Create(CultureInfo.InvariantCulture, $"  full-batch adam, lr {options.Lr:G3} cosine to 1 %, {options.Steps} steps each, seed {options.Seed}");
    }

    private static string Progress(KanFitProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"  {p.Model} step {p.Step,5}/{p.Steps}{(p.Grid is { } g ? $" grid {g,3}" : "")}: train RMSE {p.TrainRmse:G4}, test RMSE {p.TestRmse:G4}");

    /// <summary>"mean ± sd" in 3 significant digits (just the value for one seed).</summary>
    internal static string MeanSd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average(), sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return v.Length > 1 ? string.Create(CultureInfo.InvariantCulture, $"{mean:G3} ± {sd:G2}") : mean.ToString("G4", CultureInfo.InvariantCulture);
    }

    private static string Summary(List<KanFitResult> results)
    {
        var r = results[0];
        int wins = results.Count(x => x.KanTestRmse < x.MlpTestRmse);
        return $"test RMSE over {results.Count} seed(s): kan {MeanSd(results.Select(x => x.KanTestRmse))} ({r.KanParameters:N0} parameters), " +
               $"mlp {MeanSd(results.Select(x => x.MlpTestRmse))} ({r.MlpParameters:N0} parameters); kan lower in {wins} of {results.Count}";
    }

    private static void Save(string dir, KanFitOptions options, List<KanFitResult> results)
    {
        Directory.CreateDirectory(dir);
        var first = results[0];
        var progress = new TrainingProgress { Options = new TrainOptions { Lr = options.Lr, Seed = options.Seed, ValidationFraction = 0 } };
        Checkpoint.Save(Path.Combine(dir, "checkpoint.safetensors"),
            new CheckpointData(first.KanConfig, first.Kan.StateDict(), new Dictionary<string, Tensor>(), progress));
        var json = new
        {
            formula = options.Formula, hidden = options.Hidden, basis = first.KanConfig.Basis, grids = options.Stages, steps = options.Steps,
            lr = options.Lr, mlp_hidden = first.MlpConfig.Hidden, mlp_activation = options.MlpActivation,
            kan_parameters = first.KanParameters, mlp_parameters = first.MlpParameters,
            runs = results.Select((r, i) => new
            {
                seed = options.Seed + (ulong)i, kan_test_rmse = r.KanTestRmse, mlp_test_rmse = r.MlpTestRmse,
                kan_train_rmse = r.KanTrainRmse, mlp_train_rmse = r.MlpTrainRmse, kan_seconds = r.KanSeconds, mlp_seconds = r.MlpSeconds,
            }),
        };
        MetricsWriter.WriteAtomic(Path.Combine(dir, "fit.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"run folder: {dir} (checkpoint.safetensors of the first seed's KAN, fit.json); plot its edges with: activa plot {dir} --edges");
    }

    private static Command CreateBases()
    {
        var command = new Command("bases", "List the KAN bases: name, options with their defaults, description.");
        CommonOptions.SetAction(command, parse =>
        {
            if (Console.IsOutputRedirected)
            {
                Console.Write(BasesMarkdown());
                return 0;
            }
            var table = new Table().Title("KAN bases (use as --basis \"name(option=value, ...)\")");
            table.AddColumn("basis");
            table.AddColumn("options (defaults)");
            table.AddColumn("description");
            foreach (var e in KanBases.Entries)
                table.AddRow(Markup.Escape(e.Name), Markup.Escape(string.Join(", ", e.Options)), Markup.Escape(e.Description));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The bases as a Markdown table (what 'activa kan bases' prints when its output is redirected).</summary>
    internal static string BasesMarkdown()
    {
        var sb = new StringBuilder("| basis | options (defaults) | description |\n|---|---|---|\n");
        foreach (var e in KanBases.Entries)
            sb.Append(CultureInfo.InvariantCulture, $"| {e.Name} | {string.Join(", ", e.Options)} | {e.Description.Replace("|", "\\|")} |\n");
        return sb.ToString();
    }
}
