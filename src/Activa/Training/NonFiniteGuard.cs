using System.Runtime.Intrinsics;
using Activa.Nn;

namespace Activa.Training;

/// <summary>
/// The NaN/±∞ check of one training run, shared by every trainer. After each step's loss (and again after its backward
/// pass) the trainer asks <see cref="Check"/>; on a fault it says where the first non-finite value is — the input batch
/// (sample and feature), a weight (parameter and index), the forward pass (for a <see cref="Sequential"/> model, the
/// first layer whose output is not finite), the loss, or a gradient (the parameter) — and either counts the batch as
/// skipped (<c>--skip-nonfinite</c>; not for a weight, which skipping cannot mend) or throws a <see cref="NonFiniteException"/> naming the step and that place.
/// The good path costs one finiteness test of the loss and one pass over the gradients; the search for the place runs
/// only after a fault.
/// </summary>
/// <param name="trainer">What trains, for messages ("Training", "CTR training", "Forecast training").</param>
/// <param name="parameters">The model's named parameters.</param>
/// <param name="skip">Count faulty batches and go on instead of throwing.</param>
public sealed class NonFiniteGuard(string trainer, IReadOnlyList<(string Name, Tensor Parameter)> parameters, bool skip)
{
    /// <summary>Batches skipped so far.</summary>
    public long Skipped { get; private set; }

    /// <summary>
    /// One guarded step: checks <paramref name="loss"/>, runs <paramref name="backward"/> and then
    /// <paramref name="afterBackward"/>, and checks the gradients. Returns true when the optimiser may step; false when
    /// the batch is to be skipped.
    /// </summary>
    /// <param name="loss">The step's loss value.</param>
    /// <param name="step">The global step, counting from 1.</param>
    /// <param name="epoch">The epoch, counting from 1.</param>
    /// <param name="inputs">The step's float inputs, named, [samples, …] (asked for only when something is wrong, and searched first).</param>
    /// <param name="backward">Zeroes the gradients if the trainer has not, and runs the backward pass.</param>
    /// <param name="afterBackward">The trainer's hook after the backward pass (gradient inspection, fault injection), or null.</param>
    /// <param name="model">The model, replayed on the first input layer by layer to find a failing layer when it is a <see cref="Sequential"/>.</param>
    /// <param name="beforeThrow">Runs before the exception (the trainer saves its last good checkpoint) and returns a sentence for the message, when not skipping and the weights are finite.</param>
    /// <exception cref="NonFiniteException">Something is not finite and skipping is off (or a weight is not finite).</exception>
    public bool Step(float loss, long step, int epoch, Func<IReadOnlyList<(string Name, Tensor Value)>> inputs, Action backward, Action<long>? afterBackward,
        Module? model = null, Func<string?>? beforeThrow = null)
    {
        if (!Check(loss, false, step, epoch, inputs, model, beforeThrow)) return false;
        backward();
        afterBackward?.Invoke(step);
        return Check(loss, true, step, epoch, inputs, model, beforeThrow);
    }

    /// <summary>
    /// Checks <paramref name="loss"/>, and when it is finite and <paramref name="afterBackward"/> is set, the gradients.
    /// Returns true when the step may go on; false when it is to be skipped.
    /// </summary>
    /// <param name="loss">The step's loss value.</param>
    /// <param name="afterBackward">True once the backward pass has run (gradients are checked too).</param>
    /// <param name="step">The global step, counting from 1.</param>
    /// <param name="epoch">The epoch, counting from 1.</param>
    /// <param name="inputs">The step's float inputs, named, [samples, …] (asked for only when something is wrong, and searched first).</param>
    /// <param name="model">The model, replayed on the first input layer by layer to find a failing layer when it is a <see cref="Sequential"/>.</param>
    /// <param name="beforeThrow">Runs before the exception (the trainer saves its last good checkpoint) and returns a sentence for the message, when not skipping and the weights are finite.</param>
    /// <exception cref="NonFiniteException">Something is not finite and skipping is off.</exception>
    private bool Check(float loss, bool afterBackward, long step, int epoch, Func<IReadOnlyList<(string Name, Tensor Value)>> inputs, Module? model = null,
        Func<string?>? beforeThrow = null)
    {
        NonFiniteSource source;
        string? parameter = null;
        if (!float.IsFinite(loss)) source = NonFiniteSource.Loss;
        else if (afterBackward && (parameter = FirstNonFiniteGradient(parameters)) != null) source = NonFiniteSource.Gradient;
        else return true;

        // Blame the earliest cause: the data, then the weights, then what the step computed from them.
        string where;
        var batch = inputs();
        if (FirstNonFinite(batch, samples: true) is { } input)
        {
            (source, parameter) = (NonFiniteSource.Input, null);
            where = $"the input '{input.Name}' is not finite ({input.Where})";
        }
        else if (FirstNonFinite(parameters, samples: false) is { } weight)
        {
            (source, parameter) = (NonFiniteSource.Weight, weight.Name);
            where = $"the weight '{weight.Name}' is not finite ({weight.Where})";
        }
        else if (source == NonFiniteSource.Gradient) where = $"the gradient of '{parameter}' is not finite";
        else where = $"the loss is {loss}" + (model is Sequential sequential && batch.Count > 0 ? FailingLayer(sequential, batch[0].Value) : "");

        if (skip && source != NonFiniteSource.Weight) // skipping batches cannot mend a weight
        {
            Skipped++;
            return false;
        }
        string? saved = source == NonFiniteSource.Weight ? null : beforeThrow?.Invoke(); // never save damaged weights over good ones
        string advice = source switch
        {
            NonFiniteSource.Input => "Clean the data, or skip such batches (--skip-nonfinite).",
            NonFiniteSource.Weight => "The model's weights are damaged: start again from an earlier checkpoint.",
            _ => "Lower the learning rate, clip gradients, or skip such batches (--skip-nonfinite).",
        };
        throw new NonFiniteException($"{trainer} stopped at step {step} (epoch {epoch}): {where}.{(saved != null ? " " + saved : "")} {advice}",
            step, parameter, source, where);
    }

    /// <summary>Name of the first parameter whose gradient holds NaN or ±∞, or null.</summary>
    public static string? FirstNonFiniteGradient(IEnumerable<(string Name, Tensor Parameter)> parameters)
    {
        foreach (var (name, p) in parameters)
        {
            var g = p.SparseGrad?.Values ?? p.Grad;
            if (g != null && !AllFinite(g.Contiguous().AsSpan())) return name;
        }
        return null;
    }

    /// <summary>
    /// The first of <paramref name="tensors"/> holding NaN or ±∞, with the value's place: "sample 3, feature 17 is NaN" for
    /// batches (<paramref name="samples"/>: the first dimension counts samples), "index 5 is NaN" otherwise.
    /// </summary>
    public static (string Name, string Where)? FirstNonFinite(IEnumerable<(string Name, Tensor Value)> tensors, bool samples)
    {
        foreach (var (name, t) in tensors)
        {
            var x = t.Contiguous().AsSpan();
            if (AllFinite(x)) continue;
            int i = 0;
            while (float.IsFinite(x[i])) i++;
            int perSample = t.Rank == 0 ? 1 : t.Numel / t.Size(0);
            string place = !samples ? $"index {i}" : t.Rank <= 1 ? $"sample {i}"
                : $"sample {i / perSample}, {(t.Rank == 2 ? "feature" : "element")} {i % perSample}";
            return (name, $"{place} is {x[i]}");
        }
        return null;
    }

    /// <summary>" (the first non-finite output is layer 3, Linear)" — the forward replayed layer by layer in evaluation mode, without gradients.</summary>
    private static string FailingLayer(Sequential model, Tensor input)
    {
        bool training = model.Training;
        model.Eval();
        try
        {
            using var _ = Tensor.NoGrad();
            var x = input;
            for (int i = 0; i < model.Layers.Count; i++)
            {
                x = model.Layers[i].Forward(x);
                if (!AllFinite(x.Contiguous().AsSpan())) return $" (the first non-finite output is layer {i}, {model.Layers[i].GetType().Name})";
            }
            return "";
        }
        finally { model.Train(training); }
    }

    /// <summary>True when every value of <paramref name="x"/> is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        int i = 0;
        // 256 bits on every x86-64 with AVX2: the check streams memory, wider lanes would not make it faster.
        if (Vector256.IsHardwareAccelerated)
        {
            // x − x is 0 for finite x and NaN for NaN or ±∞
            var acc = Vector256<float>.Zero;
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.Create(x.Slice(i, 8));
                acc += v - v;
            }
            if (!Vector256.EqualsAll(acc, Vector256<float>.Zero)) return false;
        }
        for (; i < x.Length; i++) if (!float.IsFinite(x[i])) return false;
        return true;
    }
}
