using System.CommandLine;
using Activa.Metrics;
using Activa.Training;
using Spectre.Console;

namespace Activa.Cli;

/// <summary><c>activa eval</c>: test loss, accuracy and confusion matrix of a checkpoint.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var source = new LoadedModelOptions("Dataset to evaluate on (default: the one the model was trained on).");
        var command = new Command("eval", "Evaluate a checkpoint on the test split of its dataset.") { source.Checkpoint, source.Data, source.DataDir };
        CommonOptions.SetThreadedAction(command, parse =>
        {
            var loaded = source.Load(parse);
            var (loss, accuracy) = Trainer.Evaluate(loaded.Model, loaded.Test);
            Console.WriteLine($"{loaded.DataName} test ({loaded.Test.Count:N0} samples): loss {loss:F4}, accuracy {accuracy:P2}");
            Tensor logits;
            using (Tensor.NoGrad()) logits = loaded.Model.Forward(loaded.Test.Features);
            var predicted = logits.ArgMax(1).ToArray();
            var matrix = Classification.ConfusionMatrix(predicted, loaded.Test.Labels, loaded.Test.Classes);
            var table = new Table().Title("confusion matrix (rows: true class, columns: predicted)");
            table.AddColumn("true \\ predicted");
            for (int c = 0; c < loaded.Test.Classes; c++) table.AddColumn(new TableColumn(c.ToString(System.Globalization.CultureInfo.InvariantCulture)).RightAligned());
            for (int r = 0; r < loaded.Test.Classes; r++)
                table.AddRow([Markup.Escape($"{r} {loaded.ClassName(r)}"), .. Enumerable.Range(0, loaded.Test.Classes).Select(c => matrix[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
