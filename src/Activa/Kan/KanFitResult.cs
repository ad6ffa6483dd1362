using Activa.Models;
using Activa.Nn;

namespace Activa.Kan;

/// <summary>Where one model of a <see cref="KanFit"/> stands: reported every 5 % of its steps and at every grid change.</summary>
/// <param name="Model">"kan" or "mlp".</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="TrainRmse">Root-mean-square error on the training samples.</param>
/// <param name="TestRmse">Root-mean-square error on the test samples.</param>
/// <param name="Grid">The KAN's B-spline grid size at this point (null for the MLP and other bases).</param>
public sealed record KanFitProgress(string Model, int Step, int Steps, double TrainRmse, double TestRmse, int? Grid);

/// <summary>The outcome of <see cref="KanFit.Run"/>: both models, their sizes and their errors.</summary>
/// <param name="Formula">The target.</param>
/// <param name="Kan">The trained KAN (Flatten, then its <see cref="KanLayer"/>s).</param>
/// <param name="KanConfig">The config that rebuilds <paramref name="Kan"/> (its basis spec is the final grid's).</param>
/// <param name="Mlp">The trained MLP.</param>
/// <param name="MlpConfig">Its config.</param>
/// <param name="KanParameters">The KAN's parameter count (final grid).</param>
/// <param name="MlpParameters">The MLP's parameter count.</param>
/// <param name="KanTrainRmse">KAN RMSE on the training samples.</param>
/// <param name="KanTestRmse">KAN RMSE on the test samples.</param>
/// <param name="MlpTrainRmse">MLP RMSE on the training samples.</param>
/// <param name="MlpTestRmse">MLP RMSE on the test samples.</param>
/// <param name="KanSeconds">KAN training time.</param>
/// <param name="MlpSeconds">MLP training time.</param>
public sealed record KanFitResult(Formula Formula, Sequential Kan, ModelConfig KanConfig, Sequential Mlp, ModelConfig MlpConfig,
    long KanParameters, long MlpParameters, double KanTrainRmse, double KanTestRmse, double MlpTrainRmse, double MlpTestRmse,
    double KanSeconds, double MlpSeconds);
