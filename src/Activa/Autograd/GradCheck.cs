namespace Activa.Autograd;

/// <summary>Settings of a gradient check.</summary>
/// <param name="Step">Central-difference step, relative to max(1, |x|). The float default 1e-2 balances
/// truncation error (O(h²)) against float rounding in the forward pass (O(ε/h)).</param>
/// <param name="RelativeTolerance">Allowed |analytic − numeric| as a fraction of |numeric|.</param>
/// <param name="AbsoluteTolerance">Allowed |analytic − numeric| on top of the relative part.</param>
/// <param name="Seed">Seed of the random projection that turns a tensor output into a scalar loss.</param>
public sealed record GradCheckOptions(double Step = 1e-2, double RelativeTolerance = 1e-2, double AbsoluteTolerance = 1e-3, ulong Seed = 12345);

/// <summary>Outcome of a passing gradient check.</summary>
/// <param name="Checked">Number of input elements whose gradient was compared.</param>
/// <param name="MaxAbsoluteError">Largest |analytic − numeric| seen.</param>
public sealed record GradCheckResult(int Checked, double MaxAbsoluteError);

/// <summary>A gradient check failed; the message names the input, the element and both values.</summary>
public sealed class GradCheckException(string message) : Exception(message);

/// <summary>
/// Compares the gradients that autograd computes against central finite differences.
/// </summary>
/// <remarks>
/// The output is reduced to a scalar loss L = Σ wᵢ·yᵢ with fixed random weights w, so every output element
/// contributes. Numeric gradients come from the float forward itself, or, when a double-precision
/// <c>reference</c> of the function is given, from that reference (tighter: the step can then be tiny).
/// Analytic and numeric values agree when |a − n| ≤ atol + rtol·|n| for every element of every input that
/// requires a gradient.
/// </remarks>
public static class GradCheck
{
    /// <summary>Checks <paramref name="f"/> at <paramref name="inputs"/>; throws <see cref="GradCheckException"/> on a mismatch.</summary>
    /// <param name="f">The function under test (built from Activa ops).</param>
    /// <param name="inputs">Points at which to check; copies are made, the originals are not changed.</param>
    /// <param name="options">Step and tolerances.</param>
    /// <param name="reference">Optional double-precision version of f: row-major input arrays to row-major output.</param>
    /// <param name="checkInput">Optional filter: which inputs to check (all by default).</param>
    public static GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs, GradCheckOptions? options = null,
        Func<double[][], double[]>? reference = null, Func<int, bool>? checkInput = null)
    {
        options ??= new GradCheckOptions();
        var leaves = inputs.Select((t, i) =>
        {
            var c = Tensor.FromArray(t.ToArray(), t.Shape.ToArray());
            c.RequiresGrad = checkInput?.Invoke(i) ?? true;
            return c;
        }).ToArray();

        var y = f(leaves);
        var gen = new Generator(options.Seed);
        var w = Tensor.Uniform(y.Shape.ToArray(), -1f, 1f, gen);
        if (!y.RequiresGrad) throw new GradCheckException("GradCheck: the output does not depend on any input that requires a gradient.");
        y.Backward(w);
        var weights = w.ToArray();

        double Loss()
        {
            if (reference != null)
            {
                var outs = reference(leaves.Select(l => l.ToArray().Select(v => (double)v).ToArray()).ToArray());
                double s = 0;
                for (int i = 0; i < outs.Length; i++) s += weights[i] * outs[i];
                return s;
            }
            using (Tensor.NoGrad())
            {
                var o = f(leaves).ToArray();
                double s = 0;
                for (int i = 0; i < o.Length; i++) s += weights[i] * (double)o[i];
                return s;
            }
        }

        int count = 0;
        double maxErr = 0;
        for (int t = 0; t < leaves.Length; t++)
        {
            var leaf = leaves[t];
            if (!leaf.RequiresGrad) continue;
            var analytic = leaf.Grad?.ToArray() ?? new float[leaf.Numel];
            var data = leaf.Storage;
            for (int i = 0; i < leaf.Numel; i++)
            {
                float x0 = data[i];
                double h = options.Step * Math.Max(1.0, Math.Abs(x0));
                float xp = (float)(x0 + h), xm = (float)(x0 - h);
                data[i] = xp;
                double lp = Loss();
                data[i] = xm;
                double lm = Loss();
                data[i] = x0;
                double numeric = (lp - lm) / ((double)xp - xm);
                double err = Math.Abs(analytic[i] - numeric);
                maxErr = Math.Max(maxErr, err);
                count++;
                if (!(err <= options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(numeric)))
                    throw new GradCheckException(
                        $"GradCheck: input {t} (shape {Shape.Format(leaf.Shape)}), element {i} at x = {x0}: analytic {analytic[i]}, numeric {numeric:G7} (|diff| {err:G3}).");
            }
        }
        return new GradCheckResult(count, maxErr);
    }
}
