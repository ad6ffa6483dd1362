using System.CommandLine;
using Activa.Cli;

// The `activa` command line: train, eval and predict.
var root = new RootCommand("Activa: neural networks whose activation functions are first-class.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    PredictCommand.Create(),
};
return root.Parse(args).Invoke();
