using Activa.Data;
using Activa.Losses;
using Activa.Nn;

namespace Activa.Sparsity;

/// <summary>
/// Per-layer activation thresholds calibrated to a loss budget: the largest thresholds (FATReLU_t for ReLU layers,
/// magnitude cut-offs for the others, see <see cref="ActivationThresholds"/>) that keep the cross-entropy on a
/// calibration split within p % of the dense model's. This is the PPL-p% idea of the Sparsing Law (the sparsity reached
/// while perplexity stays within p % of the dense model) applied to classifiers.
/// </summary>
/// <remarks>
/// The search is greedy, layer by layer from the input: with the thresholds of the earlier layers fixed, layer k of K
/// may raise the loss to L₀·(1 + p·k/K), so each layer gets an equal share of the budget and the last check, made on
/// the whole thresholded model, is the budget itself. Within a layer the threshold is found by bisection between 0
/// (always within the allowance, since it changes nothing) and the layer's largest output magnitude on the
/// calibration split; the lower end of the bracket is always a threshold that passed, so the result is within budget
/// on the calibration split even where the loss is not monotone in the threshold. Inputs to the layer under search are
/// computed once per layer and reused by every bisection step.
/// </remarks>
public static class ThresholdCalibration
{
    /// <summary>
    /// Calibrates one threshold per activation layer of <paramref name="model"/> on <paramref name="calibration"/> so
    /// that its mean cross-entropy stays at or below (1 + <paramref name="budget"/>) times the dense model's.
    /// </summary>
    /// <param name="model">A trained MLP-like chain (e.g. from <see cref="Models.Mlp.Build"/>); it is not changed. The result's
    /// model shares its layers (and so their train/eval mode).</param>
    /// <param name="calibration">Labelled samples held out from training (the training split would understate the loss).</param>
    /// <param name="budget">Allowed relative rise of the loss p as a fraction (0.01 = 1 %).</param>
    /// <param name="options">Bisection steps and batch size.</param>
    /// <exception cref="ArgumentException">The budget is negative or not finite, the split is empty, or the model has no activation layer.</exception>
    public static CalibrationResult Calibrate(Sequential model, Dataset calibration, double budget, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibration);
        if (!(budget >= 0) || !double.IsFinite(budget))
            throw new ArgumentException($"budget must be a finite fraction ≥ 0 (0.01 = 1 %), got {budget}.", nameof(budget));
        if (calibration.Count == 0) throw new ArgumentException($"The calibration split '{calibration.Name}' is empty.", nameof(calibration));
        options ??= new CalibrationOptions();
        options.Validate();
        int[] acts = ActivationLayers.Find(model);
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            var batches = new DataLoader(calibration, options.BatchSize, shuffle: false, seed: 0).Epoch(0).ToList();
            var layers = model.Layers.ToArray();
            var thresholds = new float[acts.Length];
            double denseLoss;
            using (Tensor.NoGrad())
            {
                var inputs = batches.Select(b => b.X).ToList();
                (denseLoss, _) = Evaluate(layers, 0, inputs, batches);
                int done = 0; // inputs hold the input of layers[done]
                for (int k = 0; k < acts.Length; k++)
                {
                    int at = acts[k];
                    inputs = inputs.Select(x => Run(layers, done, at, x)).ToList();
                    done = at;
                    double allowed = denseLoss * (1 + budget * (k + 1) / acts.Length);
                    var original = layers[at];
                    bool Fits(float t)
                    {
                        layers[at] = ActivationThresholds.With(original, t);
                        return Evaluate(layers, at, inputs, batches).Loss <= allowed;
                    }
                    float hi = inputs.Max(x => MaxMagnitude(original.Forward(x))), lo = 0;
                    if (hi > 0 && !Fits(hi))
                        for (int i = 0; i < options.Iterations; i++)
                        {
                            float mid = lo + (hi - lo) / 2;
                            if (Fits(mid)) lo = mid;
                            else hi = mid;
                        }
                    else lo = hi;
                    thresholds[k] = lo;
                    layers[at] = ActivationThresholds.With(original, lo);
                }
            }
            var sparse = ActivationThresholds.Apply(model, thresholds);
            sparse.Eval();
            var (denseLayers, dense) = ZeroCount.Measure(model, calibration, options.BatchSize);
            var (sparseLayers, sparsity) = ZeroCount.Measure(sparse, calibration, options.BatchSize);
            var (denseEval, sparseEval) = (Training.Trainer.Evaluate(model, calibration, options.BatchSize), Training.Trainer.Evaluate(sparse, calibration, options.BatchSize));
            sparse.Train(wasTraining); // it shares the dense model's layers, so it shares its mode too
            return new CalibrationResult
            {
                Model = sparse,
                Layers = acts.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                Thresholds = thresholds,
                Budget = budget,
                DenseLoss = denseEval.Loss,
                Loss = sparseEval.Loss,
                DenseAccuracy = denseEval.Accuracy,
                Accuracy = sparseEval.Accuracy,
                DenseLayerSparsity = denseLayers,
                LayerSparsity = sparseLayers,
                DenseSparsity = dense,
                Sparsity = sparsity,
            };
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>Runs layers [from, to) on <paramref name="x"/>.</summary>
    private static Tensor Run(Module[] layers, int from, int to, Tensor x)
    {
        for (int i = from; i < to; i++) x = layers[i].Forward(x);
        return x;
    }

    /// <summary>Mean cross-entropy and accuracy of layers [from, end) on the cached inputs of each batch.</summary>
    private static (double Loss, double Accuracy) Evaluate(Module[] layers, int from, List<Tensor> inputs, List<Batch> batches)
    {
        double loss = 0;
        long correct = 0, count = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            var logits = Run(layers, from, layers.Length, inputs[b]);
            var labels = batches[b].Labels;
            loss += Loss.CrossEntropy(logits, labels, reduction: Reduction.Sum).Item();
            var predicted = logits.ArgMax(1);
            for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
            count += labels.Length;
        }
        return (loss / count, (double)correct / count);
    }

    private static float MaxMagnitude(Tensor y)
    {
        float max = 0;
        foreach (float v in y.Contiguous().AsSpan()) max = MathF.Max(max, MathF.Abs(v));
        return max;
    }
}
