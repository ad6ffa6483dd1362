using System.CommandLine;
using Activa.Cli;

// The `activa` command line: train, eval, predict, the activation leaderboard (bench) and catalogue (zoo).
var root = new RootCommand("Activa: neural networks whose activation functions are first-class.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    PredictCommand.Create(),
    BenchCommand.Create(),
    PlotCommand.Create(),
    ZooCommand.Create(),
    CtrCommand.Create(),
    ForecastCommand.Create(),
    AnalyzeCommand.Create(),
    SparsifyCommand.Create(),
    PruneCommand.Create(),
    ExportCommand.Create(),
    ImportCommand.Create(),
    KanCommand.Create(),
    ReportCommand.Create(),
    FuzzCommand.Create(),
};
root.Options.Add(CommonOptions.AllowNonFinite());
return root.Parse(args).Invoke();
