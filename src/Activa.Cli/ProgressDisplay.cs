using Activa.Training;
using Spectre.Console;

namespace Activa.Cli;

/// <summary>
/// Shows training progress: a live bar per epoch on a terminal, plain lines (one per epoch) when output is
/// redirected to a file or a pipe.
/// </summary>
internal static class ProgressDisplay
{
    public static bool Run(Trainer trainer, Func<bool> fit)
    {
        int total = trainer.Options.Epochs;
        trainer.EpochCompleted += m => Console.WriteLine(Describe(m, total));
        if (Console.IsOutputRedirected || Console.IsErrorRedirected)
            return fit();
        bool finished = false;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                trainer.BatchCompleted += (batch, batches, loss) =>
                {
                    if (batch == 1 || task == null)
                        task = ctx.AddTask($"epoch {trainer.EpochsCompleted + 1}/{total}", maxValue: batches);
                    task.Value = batch;
                    task.Description = $"epoch {trainer.EpochsCompleted + 1}/{total}  loss {loss:F4}";
                    if (batch == batches) task.StopTask();
                };
                finished = fit();
            });
        return finished;
    }

    private static string Describe(EpochMetrics m, int total) =>
        $"epoch {m.Epoch}/{total}  train loss {m.TrainLoss:F4} acc {m.TrainAccuracy:P2}" +
        (m.ValidationAccuracy is { } va ? $"  val loss {m.ValidationLoss:F4} acc {va:P2}" : "") +
        $"  {m.Seconds:F1} s  {m.SamplesPerSecond:N0} samples/s" +
        (m.SkippedBatches > 0 ? $"  ({m.SkippedBatches} non-finite batches skipped)" : "");
}
