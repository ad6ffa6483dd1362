using System.CommandLine;
using Spectre.Console;

namespace Activa.Cli;

/// <summary><c>activa predict</c>: the model's top classes for a few test samples.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var source = new LoadedModelOptions("Dataset to draw samples from (default: the one the model was trained on).");
        var count = new Option<int>("--count") { Description = "How many test samples.", DefaultValueFactory = _ => 5 };
        var start = new Option<int>("--start") { Description = "Index of the first test sample." };
        var command = new Command("predict", "Show the model's predictions for a few test samples.") { source.Checkpoint, source.Data, source.DataDir, count, start };
        CommonOptions.SetAction(command, parse =>
        {
            var loaded = source.Load(parse);
            int first = parse.GetValue(start), n = parse.GetValue(count);
            if (n < 1 || first < 0 || first >= loaded.Test.Count)
                throw new ArgumentException($"--start must be in [0, {loaded.Test.Count}) and --count positive.");
            n = Math.Min(n, loaded.Test.Count - first);
            var indices = Enumerable.Range(first, n).ToArray();
            var batch = loaded.Test.Subset(indices);
            Tensor probabilities;
            using (Tensor.NoGrad()) probabilities = loaded.Model.Forward(batch.Features).Softmax(1);
            var table = new Table().AddColumn("sample").AddColumn("true").AddColumn("predicted").AddColumn("p").AddColumn("runner-up");
            for (int i = 0; i < n; i++)
            {
                var p = probabilities.Select(0, i).ToArray();
                var order = Enumerable.Range(0, p.Length).OrderByDescending(c => p[c]).ToArray();
                string mark = order[0] == batch.Labels[i] ? "[green]✓[/]" : "[red]✗[/]";
                table.AddRow(indices[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(loaded.ClassName(batch.Labels[i])),
                    $"{mark} {Markup.Escape(loaded.ClassName(order[0]))}", $"{p[order[0]]:P1}",
                    order.Length > 1 ? Markup.Escape($"{loaded.ClassName(order[1])} ({p[order[1]]:P1})") : "");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
