namespace Activa.Analysis;

/// <summary>
/// Dead-neuron rates of one batch of activations [batch, units] (rank 3+ tensors [N, C, ...] count dimension 1 as
/// the unit and the trailing positions as more samples, as for convolutions).
/// </summary>
/// <remarks>
/// <para><b>Dynamic dead-neuron rate</b> (Liu, Ghosh, Tan, Motani, "AP: Selective Activation for De-sparsifying Pruned
/// Neural Networks", TMLR 2023, arXiv 2212.06145): DNR = (1/(|D|·N)) Σ_{x∈D} Σ_n 1[z_n(x) ≤ 0], the share of
/// (sample, unit) pairs whose pre-activation is ≤ 0 under the current weights; "dynamic" because it is measured as
/// training proceeds. On ReLU outputs a = max(0, z), a ≤ 0 exactly when z ≤ 0, so the same count on the outputs
/// gives the same number; it also does for every activation with f(z) ≤ 0 ⇔ z ≤ 0 (leaky ReLU, ELU, GELU, SiLU, tanh).
/// Its complement is the fraction of active units (FAU).</para>
/// <para><b>Static dead units</b>: units inactive (|a| ≤ ε, ε = 0 by default: exactly zero) on every sample of the
/// batch or pass — a ReLU unit that never fires gets no gradient and never recovers.</para>
/// </remarks>
public static class DeadNeurons
{
    /// <summary>AP's dynamic dead-neuron rate of one batch: the share of entries ≤ <paramref name="threshold"/> (0 by default).</summary>
    /// <param name="activations">Pre-activations z, or outputs of a sign-preserving activation such as ReLU, [batch, units].</param>
    /// <param name="threshold">Entries at or below this count as dead (0: AP's z ≤ 0).</param>
    /// <exception cref="ArgumentException">An empty tensor or a non-finite threshold.</exception>
    public static double DynamicRate(Tensor activations, float threshold = 0)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (!float.IsFinite(threshold)) throw new ArgumentException($"DeadNeurons.DynamicRate: threshold must be finite, got {threshold}.", nameof(threshold));
        if (activations.Numel == 0) throw new ArgumentException("DeadNeurons.DynamicRate: the tensor is empty.", nameof(activations));
        var values = activations.ToArray();
        long dead = 0;
        foreach (float v in values) if (v <= threshold) dead++;
        return (double)dead / values.Length;
    }

    /// <summary>Per unit, true when every sample of the batch has |a| ≤ <paramref name="epsilon"/> (0: exactly zero).</summary>
    /// <param name="outputs">Activation outputs [batch, units].</param>
    /// <param name="epsilon">Largest magnitude that counts as inactive.</param>
    /// <exception cref="ArgumentException">Rank below 2, no samples, or a negative or non-finite ε.</exception>
    public static bool[] DeadUnits(Tensor outputs, float epsilon = 0)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (!(epsilon >= 0) || !float.IsFinite(epsilon)) throw new ArgumentException($"DeadNeurons.DeadUnits: epsilon must be finite and ≥ 0, got {epsilon}.", nameof(epsilon));
        if (outputs.Rank < 2) throw new ArgumentException($"DeadNeurons.DeadUnits: expects [batch, units], got {Shape.Format(outputs.Shape)}.", nameof(outputs));
        Tensor rows;
        using (Tensor.NoGrad()) rows = AsRows(outputs, "DeadNeurons.DeadUnits");
        int n = rows.Shape[0], u = rows.Shape[1];
        if (n == 0) throw new ArgumentException("DeadNeurons.DeadUnits: the batch has no samples.", nameof(outputs));
        var dead = new bool[u];
        Array.Fill(dead, true);
        var span = rows.AsSpan();
        for (int r = 0; r < n; r++)
            for (int j = 0; j < u; j++)
                if (Math.Abs(span[r * u + j]) > epsilon) dead[j] = false;
        return dead;
    }

    /// <summary>Share of units that are statically dead on this batch (see <see cref="DeadUnits"/>).</summary>
    public static double StaticRate(Tensor outputs, float epsilon = 0)
    {
        var dead = DeadUnits(outputs, epsilon);
        return (double)dead.Count(d => d) / dead.Length;
    }

    /// <summary>The tensor as a contiguous [rows, units] matrix: rank 1 is one unit, rank 3+ [N, C, ...] moves C last.</summary>
    internal static Tensor AsRows(Tensor t, string where)
    {
        var x = t.Detach();
        switch (x.Rank)
        {
            case 0:
                throw new ShapeMismatchException(where, "expects [batch, units], got a scalar");
            case 1:
                return x.Contiguous().Reshape(x.Shape[0], 1);
            case 2:
                return x.Contiguous();
            default:
                int n = x.Shape[0], c = x.Shape[1], s = x.Numel / Math.Max(1, n * c);
                return x.Contiguous().Reshape(n, c, s).Transpose(1, 2).Contiguous().Reshape(n * s, c);
        }
    }
}
