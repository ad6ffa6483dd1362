using Activa.Autograd;
using Activa.Nn;

namespace Activa.Tests.Nn;

/// <summary>
/// <see cref="GradCheck"/> for modules: the module's parameters (in <see cref="Module.Parameters"/> order)
/// become GradCheck inputs after the data inputs, so one check covers input and parameter gradients.
/// </summary>
/// <remarks>
/// GradCheck differentiates with respect to leaf copies it makes itself, while a module owns its parameter
/// tensors. The bridge below copies the leaf values into the module's parameters, runs the module on
/// detached copies of the data inputs, and records one op whose backward runs the module's own backward and
/// hands back the data-input gradients and the parameter gradients (row-sparse ones densified). The
/// analytic side is therefore exactly the module's autograd; the numeric side is central differences of
/// the module (or of a double reference when one is given).
/// </remarks>
internal static class ModuleGradCheck
{
    /// <summary>Tight settings for checks against a double reference (numeric side has no float rounding).</summary>
    public static readonly GradCheckOptions AgainstReference = new(Step: 1e-3, RelativeTolerance: 2e-3, AbsoluteTolerance: 2e-4);

    /// <param name="module">Module whose parameters are checked (their values are overwritten by the check's copies, which are equal).</param>
    /// <param name="inputs">Data inputs (float tensors); may be empty (embeddings take index inputs captured by <paramref name="forward"/>).</param>
    /// <param name="forward">Runs the module on the data inputs.</param>
    /// <param name="reference">Optional double reference: [inputs..., parameters...] row-major → output row-major.</param>
    /// <param name="options">GradCheck settings; defaults to <see cref="AgainstReference"/> with a reference, GradCheck's defaults otherwise.</param>
    /// <param name="checkInputs">Whether the data inputs' gradients are checked too (parameters always are).</param>
    public static GradCheckResult Check(Module module, Tensor[] inputs, Func<Tensor[], Tensor> forward,
        Func<double[][], double[]>? reference = null, GradCheckOptions? options = null, bool checkInputs = true)
    {
        var ps = module.Parameters().ToArray();
        int n = inputs.Length;
        Tensor F(Tensor[] leaves)
        {
            using (Tensor.NoGrad())
                for (int k = 0; k < ps.Length; k++) ps[k].CopyFrom(leaves[n + k]);
            if (!GradMode.Enabled) return forward(leaves[..n]);
            var xs = leaves[..n].Select(l =>
            {
                var d = l.Detach();
                d.RequiresGrad = l.RequiresGrad;
                return d;
            }).ToArray();
            module.ZeroGrad();
            var y = forward(xs);
            return Tensor.Record(y.Detach(), "module_under_test", leaves, g =>
            {
                y.Backward(g);
                var grads = new Tensor?[leaves.Length];
                for (int i = 0; i < n; i++) grads[i] = xs[i].Grad;
                for (int k = 0; k < ps.Length; k++) grads[n + k] = ps[k].Grad ?? ps[k].SparseGrad?.ToDense();
                return grads;
            });
        }
        var all = inputs.Concat(ps.Select(p => p.Detach())).ToArray();
        options ??= reference != null ? AgainstReference : new GradCheckOptions();
        var result = GradCheck.Check(F, all, options, reference, checkInput: i => checkInputs || i >= n);
        int expected = (checkInputs ? inputs.Sum(t => t.Numel) : 0) + ps.Sum(p => p.Numel);
        Assert.Equal(expected, result.Checked);
        return result;
    }

    /// <summary>Single-input form: <c>module.Forward(x)</c>.</summary>
    public static GradCheckResult Check(Module module, Tensor input, Func<double[][], double[]>? reference = null, GradCheckOptions? options = null) =>
        Check(module, [input], xs => module.Forward(xs[0]), reference, options);
}
