using System.CommandLine;
using System.Globalization;
using Activa.Kan.Symbolic;

namespace Activa.Cli;

/// <summary>
/// <c>activa kan symbolic RUN</c>: fits a·f(c·x + d) + b from the symbolic library to every edge of a trained KAN
/// (<see cref="KanSymbolic.SuggestEdges"/>) over the range the edge sees on the run's training data, prints each edge's
/// best fits, and prints the network as a formula when every edge has a fit with R² at least --r2.
/// </summary>
internal static class KanSymbolicCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run folder (or checkpoint) of a KAN written by 'activa train --model kan' (or pruned by 'activa kan prune')." };
        var top = new Option<int>("--top") { Description = "Fits shown per edge.", DefaultValueFactory = _ => 3 };
        var r2 = new Option<double>("--r2") { Description = "An edge counts as symbolic when its best fit reaches this R².", DefaultValueFactory = _ => 0.99 };
        var digits = new Option<int>("--digits") { Description = "Significant digits of the constants printed.", DefaultValueFactory = _ => 4 };
        var samples = KanPruneCommand.SamplesOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("symbolic", $"Suggest a symbolic function for every edge of a trained KAN ({string.Join(", ", SymbolicLibrary.Names)}) and print the formula when all edges are symbolic.")
        {
            run, top, r2, digits, samples, dataDir,
        };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            int t = parse.GetValue(top), d = parse.GetValue(digits);
            double minR2 = parse.GetValue(r2);
            if (t < 1) throw new ArgumentException($"--top must be at least 1, got {t}.");
            if (!(minR2 <= 1)) throw new ArgumentException($"--r2 must be a number at most 1, got {minR2.ToString(CultureInfo.InvariantCulture)}.");
            if (d < 1 || d > 17) throw new ArgumentException($"--digits must be in [1, 17], got {d}.");
            return Run(CommonOptions.ResolveCheckpoint(parse.GetValue(run)!), t, minR2, d, parse.GetValue(samples), parse.GetValue(dataDir));
        });
        return command;
    }

    private static int Run(string checkpointPath, int top, double minR2, int digits, int samples, string? dataDir)
    {
        var (model, source, x, _, dataName) = KanPruneCommand.Load(checkpointPath, samples, dataDir);
        var suggestions = KanSymbolic.SuggestEdges(model, x, top);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"activa kan symbolic: {source.Config.Inputs}-{string.Join("-", source.Config.Hidden)}-{source.Config.Outputs} KAN ({source.Config.Basis}) on {dataName}, edge ranges from {x.Shape[0]} training samples"));
        int symbolic = 0, pruned = 0;
        foreach (var s in suggestions)
        {
            if (s.Pruned)
            {
                pruned++;
                continue;
            }
            if (s.Best!.R2 >= minR2) symbolic++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Edge} on [{s.Low:G4}, {s.High:G4}]:"));
            foreach (var f in s.Fits)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {f.Function.Name,-9} R² {f.R2,9:F5}  {f.Format("x", digits)}"));
        }
        int live = suggestions.Count - pruned;
        string skipped = pruned > 0 ? $" ({pruned} pruned edge(s) skipped)" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{symbolic} of {live} edge(s) symbolic at R² ≥ {minR2}{skipped}"));
        if (symbolic < live)
        {
            Console.WriteLine("no formula: not every edge is symbolic (prune the network, or lower --r2)");
            return 0;
        }
        var formula = KanSymbolic.Formula(model, suggestions, minR2, digits: digits);
        Console.WriteLine("formula over the raw inputs x1…xn (the model's input standardisation folded in; outputs are its logits):");
        Console.WriteLine(formula);
        return 0;
    }
}
