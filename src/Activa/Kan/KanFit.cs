using System.Diagnostics;
using Activa.Losses;
using Activa.Models;
using Activa.Nn;
using Activa.Optim;

namespace Activa.Kan;

/// <summary>
/// The KAN paper's toy fitting task (Liu et al., "KAN: Kolmogorov–Arnold Networks", arXiv 2404.19756, §3.1): a
/// formula of n inputs sampled uniformly in [−1, 1] (1000 training and 1000 test points by default) is fitted by a
/// KAN [n, width, 1] and by an MLP of the same parameter count, and both report their test RMSE.
/// </summary>
/// <remarks>
/// Protocol: full-batch Adam on the mean squared error, learning rate cosine-annealed from <see cref="KanFitOptions.Lr"/>
/// to 1 % of it over all steps, the same for both models. The KAN's B-spline grids are first moved to the data
/// (<see cref="KanNetwork.UpdateGrids"/>); with several grid sizes (default G = 3 → 5 → 10 → 20) training runs in
/// equal stages and between stages every layer's grid is updated to its inputs and extended to the next size by
/// least-squares refit (<see cref="KanLayer.ExtendGrid"/>), with a fresh Adam state as the parameters are new.
/// The MLP (<see cref="KanFitOptions.MlpDepth"/> hidden layers of one width) is matched to the KAN's parameter count
/// on its final grid (<see cref="KanFitBaseline"/>), so the MLP never has fewer parameters to spend than the
/// KAN ends with.
/// </remarks>
public static class KanFit
{
    /// <summary>Fits <see cref="KanFitOptions.Formula"/> with both models.</summary>
    /// <exception cref="ArgumentException">A bad setting, formula or basis, or a formula that is not finite on [−1, 1]ⁿ.</exception>
    public static KanFitResult Run(KanFitOptions options, Action<KanFitProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var formula = Formula.Parse(options.Formula);
        int n = Math.Max(1, formula.Variables);
        var data = new Generator(options.Seed);
        var (trainX, trainY) = formula.Sample(options.TrainSamples, data);
        var (testX, testY) = formula.Sample(options.TestSamples, data);

        var stages = options.Stages;
        var kanConfig = new ModelConfig { Model = "kan", Inputs = n, Hidden = options.Hidden, Outputs = 1, Basis = options.StageBasis(Math.Max(0, stages.Length - 1)) };
        long kanParameters = kanConfig.ParameterCount();
        var mlpConfig = new ModelConfig
        {
            Model = "mlp", Inputs = n, Outputs = 1, Activation = options.MlpActivation,
            Hidden = KanFitBaseline.EqualParameterWidths(n, 1, options.MlpDepth, kanParameters),
        };

        var clock = Stopwatch.StartNew();
        var kan = TrainKan(options, kanConfig with { Basis = options.StageBasis(0) }, trainX, trainY, testX, testY, progress, cancel);
        double kanSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var mlp = Mlp.Build(mlpConfig, new Generator(options.Seed + 1));
        Train(mlp, "mlp", options, 0, options.Steps, null, trainX, trainY, testX, testY, progress, cancel);
        double mlpSeconds = clock.Elapsed.TotalSeconds;

        return new KanFitResult(formula, kan, kanConfig with { Basis = KanNetwork.Layers(kan)[0].Basis.Spec }, mlp, mlpConfig,
            kan.ParameterCount, mlp.ParameterCount, Rmse(kan, trainX, trainY), Rmse(kan, testX, testY),
            Rmse(mlp, trainX, trainY), Rmse(mlp, testX, testY), kanSeconds, mlpSeconds);
    }

    private static Sequential TrainKan(KanFitOptions options, ModelConfig config, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY,
        Action<KanFitProgress>? progress, CancellationToken cancel)
    {
        var kan = KanNetwork.Build(config, new Generator(options.Seed + 1));
        KanNetwork.UpdateGrids(kan, trainX);
        var stages = options.Stages;
        int count = Math.Max(1, stages.Length), done = 0;
        for (int s = 0; s < count && !cancel.IsCancellationRequested; s++)
        {
            if (s > 0) kan = Extend(kan, trainX, stages[s]);
            int steps = options.Steps * (s + 1) / count - done;
            Train(kan, "kan", options, done, steps, stages.Length > 0 ? stages[s] : null, trainX, trainY, testX, testY, progress, cancel);
            done += steps;
        }
        return kan;
    }

    /// <summary>Grid update to each layer's current inputs, then extension to <paramref name="grid"/> intervals.</summary>
    private static Sequential Extend(Sequential kan, Tensor x, int grid)
    {
        KanNetwork.UpdateGrids(kan, x);
        var layers = new List<Module>();
        using var _ = Tensor.NoGrad();
        var h = x;
        foreach (var (_, m) in kan.NamedChildren())
        {
            if (m is KanLayer layer) layers.Add(layer.ExtendGrid(grid, h.Reshape(h.Numel / layer.InFeatures, layer.InFeatures)));
            else layers.Add(m);
            h = m.Forward(h);
        }
        return new Sequential([.. layers]);
    }

    /// <summary>
    /// <paramref name="steps"/> full-batch Adam steps, global steps <paramref name="first"/>.. of the run's cosine
    /// schedule over <see cref="KanFitOptions.Steps"/>.
    /// </summary>
    private static void Train(Sequential model, string name, KanFitOptions options, int first, int steps, int? grid,
        Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, Action<KanFitProgress>? progress, CancellationToken cancel)
    {
        var adam = new Adam(model.Parameters(), options.Lr);
        int total = options.Steps, every = Math.Max(1, total / 20);
        var schedule = new LrScheduler(adam, t => 0.01 + 0.99 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(first + t, total) / total)));
        model.Train();
        for (int k = 0; k < steps && !cancel.IsCancellationRequested; k++)
        {
            adam.ZeroGrad();
            var loss = Loss.Mse(model.Forward(trainX), trainY);
            loss.Backward();
            adam.Step();
            schedule.Step();
            int step = first + k + 1;
            if (progress != null && (step % every == 0 || k == steps - 1))
                progress(new KanFitProgress(name, step, total, Rmse(model, trainX, trainY), Rmse(model, testX, testY), grid));
        }
    }

    /// <summary>Root-mean-square error of <paramref name="model"/> on (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static double Rmse(Module model, Tensor x, Tensor y)
    {
        float[] p;
        using (Tensor.NoGrad()) p = model.Forward(x).ToArray();
        var t = y.ToArray();
        if (p.Length != t.Length) throw new ShapeMismatchException("rmse", $"{p.Length} predictions for {t.Length} targets");
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += ((double)p[i] - t[i]) * ((double)p[i] - t[i]);
        return Math.Sqrt(sum / Math.Max(1, p.Length));
    }
}
